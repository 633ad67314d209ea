"""The roadshow contest (竞榜): the two sides' consent that their pair is shown in public."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenge.choices import ConsentSide


class ContestConsent(models.Model):
    """One side's consent that its pair (a cooperation) is shown in a public contest (进行公开
    赛事须征得需求方和技术供给方同意): who gave it and when; withdrawn (who, when) until a
    contest with the pair is published. A side consents again with a new row."""

    cooperation = models.ForeignKey("challenge.Cooperation", models.CASCADE, related_name="consents")
    side = models.CharField(_("side"), max_length=20, choices=ConsentSide.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("given by"))
    given_at = models.DateTimeField(_("given at"))
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("withdrawn by"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["cooperation", "side", "-given_at"]
        constraints = [models.UniqueConstraint(fields=["cooperation", "side"],
                                               condition=models.Q(withdrawn_at__isnull=True),
                                               name="one_live_consent_per_side")]
        verbose_name = _("consent to a public contest")
        verbose_name_plural = _("consents to a public contest")

    def __str__(self):
        return f"{self.cooperation_id} · {self.get_side_display()}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None
