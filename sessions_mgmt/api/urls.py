from django.urls import path

from sessions_mgmt.api import views

app_name = "sessions-api"

urlpatterns = [path("templates/", views.TemplatesView.as_view(), name="templates")]

from sessions_mgmt.api import records  # noqa: E402

urlpatterns += [path("<int:pk>/records/", records.SessionRecordsView.as_view(), name="records")]
