"""The demand side's public pages in the sitemap: published demands and hot lists, by address
and date only (a sitemap names no field, so it can hide none)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from challenge.choices import DEMAND_PUBLIC
from challenge.models import Demand, HotList


class DemandSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Demand.objects.filter(status__in=DEMAND_PUBLIC).only("pk", "updated_at").order_by("pk")

    def location(self, demand):
        return reverse("challenge:demand", args=[demand.pk])

    def lastmod(self, demand):
        return demand.updated_at


class HotListSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return HotList.objects.filter(published_at__isnull=False).only("pk", "published_at").order_by("pk")

    def location(self, hot_list):
        return reverse("challenge:hot-list", args=[hot_list.pk])

    def lastmod(self, hot_list):
        return hot_list.published_at
