from django.urls import include, path
from rest_framework.routers import SimpleRouter

from sessions_mgmt.api import hosting, views

app_name = "sessions-api"

urlpatterns = [path("templates/", views.TemplatesView.as_view(), name="templates")]

from sessions_mgmt.api import records  # noqa: E402

urlpatterns += [path("<int:pk>/records/", records.SessionRecordsView.as_view(), name="records")]
# Hosting applications (申办表): /api/v1/sessions/applications/.
applications = SimpleRouter()
applications.register("applications", hosting.ApplicationViewSet, basename="application")
urlpatterns += [path("", include(applications.urls))]
