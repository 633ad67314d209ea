"""The root URLs: the kernel's pages and API, each app's, the API schema and the back office."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from auction.sitemaps import CatalogueSitemap
from challenge.sitemaps import DemandSitemap, HotListSitemap
from jbgs.forms import BackofficeSignInForm
from sessions_mgmt.sitemaps import SessionSitemap

admin.site.site_header = _("jbgs back office")
admin.site.site_title = _("jbgs back office")
admin.site.login_form = BackofficeSignInForm

class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links: the icon, not a 404."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


# The public pages search engines may list, a section per kind, each paged by 5,000.
SITEMAPS = {"catalogue": CatalogueSitemap, "demands": DemandSitemap, "hot-lists": HotListSitemap,
            "sessions": SessionSitemap}

urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS},
         name="django.contrib.sitemaps.views.sitemap"),
    path("", include("jbgs.urls")),
    path("auction/", include("auction.urls")),
    path("catalogue/", include("auction.urls_public")),
    path("challenge/", include("challenge.urls")),
    path("sessions/", include("sessions_mgmt.urls")),
    path("transformation/", include("transformation.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The auction's API first: bidders' requests are the most frequent, and resolving tries
    # the patterns in order.
    path("api/v1/auction/", include("auction.api.urls", namespace="auction-api")),
    path("api/v1/challenge/", include("challenge.api.urls", namespace="challenge-api")),
    path("api/v1/sessions/", include("sessions_mgmt.api.urls", namespace="sessions-api")),
    path("api/v1/", include("transformation.api.urls", namespace="transformation-api")),
    path("api/v1/", include("jbgs.api.urls", namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Its script at ?script, not inline: the Content-Security-Policy runs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("backoffice/", admin.site.urls),
]
