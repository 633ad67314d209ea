from django.urls import path

from sessions_mgmt.api import sessions, views

app_name = "sessions-api"

urlpatterns = [
    path("templates/", views.TemplatesView.as_view(), name="templates"),
    path("", sessions.SessionList.as_view(), name="sessions"),
    path("<int:pk>/", sessions.SessionDetail.as_view(), name="session"),
    path("<int:pk>/compliance/", sessions.ComplianceView.as_view(), name="compliance"),
]
