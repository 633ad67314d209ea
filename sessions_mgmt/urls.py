from django.urls import path

from sessions_mgmt.views import dashboard, sessions, targets

app_name = "sessions"

urlpatterns = [
    path("new/", sessions.new_session, name="session-new"),
    path("<int:pk>/", dashboard.session_dashboard, name="dashboard"),
    path("<int:pk>/targets/", targets.targets, name="targets"),
    path("<int:pk>/targets/<int:target_pk>/remove/", targets.remove_target, name="target-remove"),
]
