from django.urls import include, path
from rest_framework.routers import SimpleRouter

from sessions_mgmt.api import hosting, views

app_name = "sessions-api"

urlpatterns = [path("templates/", views.TemplatesView.as_view(), name="templates")]

# Hosting applications (申办表): /api/v1/sessions/applications/.
applications = SimpleRouter()
applications.register("applications", hosting.ApplicationViewSet, basename="application")
urlpatterns += [path("", include(applications.urls))]
