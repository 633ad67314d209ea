from django.urls import path

from sessions_mgmt.views import dashboard, public

app_name = "sessions"

urlpatterns = [
    path("<int:pk>/", dashboard.session_dashboard, name="dashboard"),
    path("mine/", dashboard.my_sessions, name="mine"),
    path("province/", dashboard.province, name="province"),
    path("public/", public.public_list, name="public-list"),
    path("public/<int:pk>/", public.public_session, name="session"),
]
