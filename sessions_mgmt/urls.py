from django.urls import path

from sessions_mgmt.views import dashboard, hosting

app_name = "sessions"

urlpatterns = [
    path("<int:pk>/", dashboard.session_dashboard, name="dashboard"),
]

# Hosting (申办): applications, the year's selection, the years.
urlpatterns += [
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
]
