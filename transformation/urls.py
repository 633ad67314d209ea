from django.urls import path

from transformation.views import calls, figures

app_name = "transformation"

urlpatterns = [
    path("calls/", calls.call_list, name="calls"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("figures/", figures.my_figures, name="my-figures"),
    path("institutions/", figures.institutions, name="institutions"),
    path("institutions/<int:pk>/figures/", figures.figures, name="figures"),
]

from transformation import application_urls  # noqa: E402

urlpatterns += application_urls.urlpatterns
