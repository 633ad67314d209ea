from django.urls import include, path
from rest_framework.routers import SimpleRouter

from sessions_mgmt.api import hosting, records, sessions, views

app_name = "sessions-api"

# Hosting applications (申办表): /api/v1/sessions/applications/.
applications = SimpleRouter()
applications.register("applications", hosting.ApplicationViewSet, basename="application")

urlpatterns = [
    path("templates/", views.TemplatesView.as_view(), name="templates"),
    path("", include(applications.urls)),
    path("", sessions.SessionList.as_view(), name="sessions"),
    path("<int:pk>/", sessions.SessionDetail.as_view(), name="session"),
    path("<int:pk>/compliance/", sessions.ComplianceView.as_view(), name="compliance"),
    path("<int:pk>/records/", records.SessionRecordsView.as_view(), name="records"),
]
