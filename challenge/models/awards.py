"""The awards (奖榜): administrators nominate pairs (cooperations, with their contest result
where they were shown) into the year's award categories (ChallengeRules.award_categories) and
publish the year's honours list (评选产生年度活动专项奖，对各获奖单位或个人予以表彰和奖励)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Nomination(models.Model):
    """A pair named in one of the year's award categories, with the reason; public once the
    year's honours list is published."""

    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="nominations")
    category = models.CharField(_("award category"), max_length=40)
    cooperation = models.ForeignKey("challenge.Cooperation", models.PROTECT, related_name="nominations")
    contest_pair = models.ForeignKey("challenge.ContestPair", models.SET_NULL, null=True, blank=True,
                                     related_name="nominations", verbose_name=_("contest result"))
    citation = models.CharField(_("citation"), max_length=500)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField(_("nominated at"))

    class Meta:
        ordering = ["campaign", "category", "nominated_at"]
        constraints = [models.UniqueConstraint(fields=["campaign", "category", "cooperation"],
                                               name="nominated_once_per_category")]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self):
        return f"{self.category} · {self.cooperation_id}"


class HonoursList(models.Model):
    """The year's honours list, published: its nominations are public and no longer change."""

    campaign = models.OneToOneField("jbgs.Campaign", models.PROTECT, primary_key=True, related_name="honours_list")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("honours list")
        verbose_name_plural = _("honours lists")

    def __str__(self):
        return str(self.campaign)
