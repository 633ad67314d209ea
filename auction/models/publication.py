from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationBatch(models.Model):
    """Selected items published together (分批次发布), usually one industry field at a time."""

    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="+")
    field = models.ForeignKey("jbgs.IndustryField", models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    item_count = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("publication batch")
        verbose_name_plural = _("publication batches")

    def __str__(self):
        return self.title
