from django.urls import path

from sessions_mgmt.views import (
    dashboard,
    exhibition,
    hosting,
    public,
    records,
    reports,
    sessions,
    targets,
)

app_name = "sessions"

urlpatterns = [
    # A session: its dashboard, its own targets, its records and collection.
    path("new/", sessions.new_session, name="session-new"),
    path("mine/", dashboard.my_sessions, name="mine"),
    path("province/", dashboard.province, name="province"),
    path("<int:pk>/", dashboard.session_dashboard, name="dashboard"),
    path("<int:pk>/targets/", targets.targets, name="targets"),
    path("<int:pk>/targets/<int:target_pk>/remove/", targets.remove_target, name="target-remove"),
    path("<int:pk>/records/", records.records, name="records"),
    path("<int:pk>/records/add/<slug:kind>/", records.record_add, name="record-add"),
    path("<int:pk>/records/<slug:kind>/<int:record_pk>/remove/", records.record_remove, name="record-remove"),
    path("<int:pk>/records/<slug:kind>/<int:record_pk>/edit/", records.record_edit, name="record-edit"),
    path("<int:pk>/records/<slug:kind>/<int:record_pk>/file/", records.record_file, name="record-file"),
    path("<int:pk>/records/report/", records.report_submit, name="report-submit"),
    path("<int:pk>/records/template/", records.records_template, name="records-template"),
    path("<int:pk>/records/import/", records.records_import, name="records-import"),
    path("<int:pk>/records/import/<int:job_pk>/", records.records_import_job, name="records-import-job"),
    path("<int:pk>/collection/", records.collection, name="collection"),
    # Hosting (申办): applications, the year's selection, the years.
    path("applications/", hosting.application_list, name="applications"),
    path("applications/new/", hosting.application_new, name="application-new"),
    path("applications/<int:pk>/", hosting.application_detail, name="application"),
    path("applications/<int:pk>/edit/", hosting.application_edit, name="application-edit"),
    path("applications/<int:pk>/submit/", hosting.application_submit, name="application-submit"),
    path("applications/<int:pk>/withdraw/", hosting.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/select/", hosting.application_select, name="application-select"),
    path("applications/<int:pk>/decline/", hosting.application_decline, name="application-decline"),
    path("applications/<int:pk>/files/", hosting.application_file_add, name="application-file-add"),
    path("application-files/<int:pk>/", hosting.application_file, name="application-file"),
    path("application-files/<int:pk>/remove/", hosting.application_file_remove, name="application-file-remove"),
    path("selection/", hosting.selection, name="selection"),
    path("years/", hosting.year_list, name="years"),
    path("years/new/", hosting.year_new, name="year-new"),
    # Reports, made by a job and kept for download; the annual exhibition and its awards.
    path("reports/", reports.report_list, name="reports"),
    path("reports/request/", reports.report_request, name="report-request"),
    path("reports/<int:pk>/file/", reports.report_file, name="report-file"),
    path("exhibition/<int:year>/", exhibition.exhibition, name="exhibition"),
    path("awards/", exhibition.awards, name="awards"),
    path("awards/<int:pk>/remove/", exhibition.award_remove, name="award-remove"),
    path("awards/cases/<int:pk>/", exhibition.case_pick, name="award-case"),
    # The public face: every session's page.
    path("public/", public.public_list, name="public-list"),
    path("public/<int:pk>/", public.public_session, name="session"),
]
