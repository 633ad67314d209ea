"""A push (定向推送): one demand brought to one person, by a hot list sent to every university
liaison (应推尽推) or by a personal digest. The documents count pushes, so each is a row: who
received which demand, how, and whether they opened it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PushReason(models.TextChoices):
    HOT_LIST = "hot_list", _("Hot list")
    DIGEST = "digest", _("Personal digest")
    REPUSH = "repush", _("Pushed again")


class Push(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="demand_pushes")
    organization = models.ForeignKey("jbgs.Organization", models.CASCADE, related_name="demand_pushes", null=True)
    demand = models.ForeignKey("challenge.Demand", models.CASCADE, related_name="pushes")
    hot_list = models.ForeignKey("challenge.HotList", models.CASCADE, related_name="pushes", null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=10, choices=PushReason.choices)
    emailed = models.BooleanField(_("e-mailed"), default=False)
    created_at = models.DateTimeField(_("pushed at"), auto_now_add=True, db_index=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["recipient", "demand", "hot_list"], name="one_push_per_list",
                                               condition=models.Q(hot_list__isnull=False))]
        indexes = [models.Index(fields=["demand", "recipient"], name="push_demand_recipient")]
        verbose_name = _("push")
        verbose_name_plural = _("pushes")

    def __str__(self):
        return f"{self.demand_id} → {self.recipient_id}"
