"""The 《免责声明》: the legal text that demanders, solvers and experts accept before a contest
(各产业专场主承办单位须与参加挑战季现场活动需求方、技术供给方、专家签订《免责声明》). Its texts are
versioned; the current one is the latest published, and a new version asks everyone again."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.models import Acceptance


class DisclaimerQuerySet(models.QuerySet):
    def published(self, now):
        return self.filter(published_at__lte=now)

    def current(self, now) -> "Disclaimer | None":
        return self.published(now).order_by("-published_at", "-pk").first()


class Disclaimer(models.Model):
    version = models.CharField(_("version"), max_length=20, unique=True)
    text = models.TextField(_("text"), max_length=20000)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DisclaimerQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("disclaimer")
        verbose_name_plural = _("disclaimers")

    def __str__(self):
        return f"《免责声明》{self.version}"


class DisclaimerAcceptance(Acceptance):
    """A person's acceptance of one version of the disclaimer (the kernel's Acceptance: who,
    when, from where). Accepted once per version."""

    disclaimer = models.ForeignKey(Disclaimer, models.PROTECT, related_name="acceptances",
                                   verbose_name=_("disclaimer"))

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [models.UniqueConstraint(fields=["disclaimer", "accepted_by"],
                                               name="disclaimer_once_per_person")]
        verbose_name = _("disclaimer acceptance")
        verbose_name_plural = _("disclaimer acceptances")

    def __str__(self):
        return f"{self.disclaimer} · {self.accepted_by_id}"
