"""热门需求榜单: approved demands of one industry field, published together."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HotList(models.Model):
    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="hot_lists")
    field = models.ForeignKey("jbgs.IndustryField", models.PROTECT, related_name="hot_lists",
                              verbose_name=_("industry field"))
    title = models.CharField(_("title"), max_length=200)
    demands = models.ManyToManyField("challenge.Demand", related_name="hot_lists", verbose_name=_("demands"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    pushed_at = models.DateTimeField(_("pushed to the universities at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("hot demand list")
        verbose_name_plural = _("hot demand lists")

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
