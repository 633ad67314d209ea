"""Files of a demand (drawings, specifications: hidden on publication when the enterprise says
so) and of a solution (the team's plan, test reports: the two sides' and the administrators'
only). Stored privately; every download goes through a view that checks who asks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.files import private_upload_to


class _Attachment(models.Model):
    file = models.FileField(_("file"), upload_to=private_upload_to("challenge"))
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class DemandAttachment(_Attachment):
    demand = models.ForeignKey("challenge.Demand", models.CASCADE, related_name="attachments")

    class Meta(_Attachment.Meta):
        verbose_name = _("demand attachment")
        verbose_name_plural = _("demand attachments")


class SolutionAttachment(_Attachment):
    solution = models.ForeignKey("challenge.Solution", models.CASCADE, related_name="attachments")

    class Meta(_Attachment.Meta):
        verbose_name = _("solution attachment")
        verbose_name_plural = _("solution attachments")
