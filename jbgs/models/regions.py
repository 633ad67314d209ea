from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.choices import JiangsuArea, RegionLevel


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=RegionLevel.PROVINCE)

    def jiangsu_cities(self):
        return self.filter(level=RegionLevel.CITY, in_jiangsu=True)


class Region(models.Model):
    """An administrative division by its GB/T 2260 code: a province, or one of Jiangsu's
    cities and counties (units outside Jiangsu are placed at province level)."""

    code = models.CharField(_("division code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    in_jiangsu = models.BooleanField(_("in Jiangsu"), default=False)
    area = models.CharField(
        _("area of Jiangsu"), max_length=10, choices=JiangsuArea.choices, blank=True
    )
    yangtze_delta = models.BooleanField(_("Yangtze River Delta"), default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.level == RegionLevel.COUNTY:
            return f"{self.parent.parent.name}{self.parent.name}{self.name}"
        if self.level == RegionLevel.CITY:
            return f"{self.parent.name}{self.name}"
        return self.name

    @property
    def city(self):
        """The prefecture-level city a Jiangsu region belongs to (None for a province)."""
        if self.level == RegionLevel.COUNTY:
            return self.parent
        return self if self.level == RegionLevel.CITY else None

    @property
    def province(self):
        node = self
        while node.parent_id:
            node = node.parent
        return node
