"""A city's target date for its stock-patent inventory: by when its institutions are to have every
stock patent evaluated, screened, registered and matched (the Yangzhou plan: 力争2024年底前实现全市
高校和科研机构存量专利评价、筛选、登记、匹配全覆盖). One per city, set by the administrators from the
city's own plan; the coverage dashboard counts the days to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageTarget(models.Model):
    region = models.OneToOneField("jbgs.Region", models.PROTECT, related_name="+", verbose_name=_("city"))
    due_on = models.DateField(_("target date"))
    document = models.CharField(_("document"), max_length=300, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["region"]
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")

    def __str__(self):
        return f"{self.region_id} {self.due_on:%Y-%m-%d}"
