from django.urls import path

from sessions_mgmt.views import dashboard

app_name = "sessions"

urlpatterns = [
    path("<int:pk>/", dashboard.session_dashboard, name="dashboard"),
]
