from django.urls import path

from transformation.api import calls, figures

app_name = "transformation-api"

urlpatterns = [
    path("calls/", calls.CallList.as_view(), name="calls"),
    path("calls/<int:pk>/", calls.CallDetail.as_view(), name="call"),
    path("calls/<int:pk>/check/", calls.CallCheck.as_view(), name="call-check"),
    path("institutions/<int:pk>/figures/", figures.InstitutionFigures.as_view(), name="institution-figures"),
]

from transformation.api import applications  # noqa: E402

urlpatterns += [
    path("applications/", applications.ApplicationList.as_view(), name="applications"),
    path("applications/<int:pk>/", applications.ApplicationDetail.as_view(), name="application"),
    path("applications/<int:pk>/submit/", applications.Submit.as_view(), name="application-submit"),
    path("applications/<int:pk>/recommend/", applications.Recommend.as_view(), name="application-recommend"),
    path("applications/<int:pk>/decide/", applications.Decide.as_view(), name="application-decide"),
    path("applications/<int:pk>/verify/", applications.Verify.as_view(), name="application-verify"),
]
