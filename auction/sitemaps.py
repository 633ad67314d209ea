"""The supply side's public pages in the sitemap: the catalogue's published items."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from auction.models import Item


class CatalogueSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Item.objects.filter(published_at__isnull=False).only("pk", "published_at").order_by("pk")

    def location(self, item):
        return reverse("catalogue:detail", args=[item.pk])

    def lastmod(self, item):
        return item.published_at
