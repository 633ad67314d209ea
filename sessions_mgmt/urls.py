from django.urls import path

from sessions_mgmt.views import dashboard

app_name = "sessions"

urlpatterns = [
    path("<int:pk>/", dashboard.session_dashboard, name="dashboard"),
]

from sessions_mgmt.views import exhibition, reports  # noqa: E402  (appended: other routes are added above)

urlpatterns += [
    path("reports/", reports.report_list, name="reports"),
    path("reports/request/", reports.report_request, name="report-request"),
    path("reports/<int:pk>/file/", reports.report_file, name="report-file"),
    path("exhibition/<int:year>/", exhibition.exhibition, name="exhibition"),
    path("awards/", exhibition.awards, name="awards"),
    path("awards/<int:pk>/remove/", exhibition.award_remove, name="award-remove"),
    path("awards/cases/<int:pk>/", exhibition.case_pick, name="award-case"),
]
