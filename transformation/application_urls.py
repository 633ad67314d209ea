"""The project applications' routes, added to transformation.urls (namespace "transformation")."""

from django.urls import path

from transformation.views import applications

urlpatterns = [
    path("calls/<int:pk>/apply/", applications.apply, name="apply"),
    path("applications/", applications.my_applications, name="my-applications"),
    path("applications/city/", applications.city_applications, name="city-applications"),
    path("applications/province/", applications.province_applications, name="province-applications"),
    path("applications/<int:pk>/", applications.application, name="application"),
    path("applications/<int:pk>/document/", applications.document, name="application-document"),
    path("applications/<int:pk>/scan/", applications.scan, name="application-scan"),
    path("applications/<int:pk>/recommend/", applications.recommend, name="application-recommend"),
    path("applications/<int:pk>/decide/", applications.decide, name="application-decide"),
    path("applications/<int:pk>/withdraw/", applications.withdraw, name="application-withdraw"),
    path("applications/<int:pk>/trainees/", applications.trainees, name="application-trainees"),
    path("applications/<int:pk>/verify/", applications.verify, name="application-verify"),
]
