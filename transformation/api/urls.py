from django.urls import path

from transformation.api import calls, figures

app_name = "transformation-api"

urlpatterns = [
    path("calls/", calls.CallList.as_view(), name="calls"),
    path("calls/<int:pk>/", calls.CallDetail.as_view(), name="call"),
    path("calls/<int:pk>/check/", calls.CallCheck.as_view(), name="call-check"),
    path("institutions/<int:pk>/figures/", figures.InstitutionFigures.as_view(), name="institution-figures"),
]
