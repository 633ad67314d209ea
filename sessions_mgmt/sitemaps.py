"""The sessions' public pages in the sitemap, by address and date only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from sessions_mgmt.models import Session


class SessionSitemap(Sitemap):
    changefreq = "daily"  # the page shows the session's records as they are registered

    def items(self):
        return Session.objects.only("pk", "updated_at").order_by("pk")

    def location(self, session):
        return reverse("sessions:session", args=[session.pk])

    def lastmod(self, session):
        return session.updated_at
