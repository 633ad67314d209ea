from django.urls import path

from challenge.views import consents, cooperations, demands, disclaimers, imports, solutions

app_name = "challenge"

urlpatterns = [
    path("demands/", demands.demand_list, name="demands"),
    path("demands/<int:pk>/", demands.demand_detail, name="demand"),
    path("hot-lists/<int:pk>/", demands.hot_list_detail, name="hot-list"),
    path("demands/<int:pk>/solve/", solutions.solve, name="solve"),
    path("demands/<int:pk>/ask-details/", demands.details_request, name="details-request"),
    path("detail-requests/<int:pk>/decide/", demands.details_decide, name="details-decide"),
    path("solutions/", solutions.my_solutions, name="my-solutions"),
    path("solutions/<int:pk>/", solutions.solution_detail, name="solution"),
    path("solutions/<int:pk>/<slug:action>/", solutions.solution_action, name="solution-action"),
    path("mine/", demands.mine, name="mine"),
    path("mine/new/", demands.demand_edit, name="demand-create"),
    path("mine/<int:pk>/", demands.demand_mine_detail, name="demand-mine-detail"),
    path("mine/<int:pk>/edit/", demands.demand_edit, name="demand-edit"),
    path("mine/<int:pk>/submit/", demands.demand_submit, name="demand-submit"),
    path("mine/<int:pk>/withdraw/", demands.demand_withdraw, name="demand-withdraw"),
    path("collected/", imports.collected, name="collected"),
    path("collected/import/", imports.upload, name="demand-import"),
    path("collected/imports/<int:pk>/", imports.job, name="demand-import-job"),
    path("collected/form.xlsx", imports.template, name="demand-form"),
    path("diagnosis/", demands.diagnosis_queue, name="diagnosis-queue"),
    path("diagnosis/<int:pk>/", demands.diagnose, name="diagnose"),
    path("manage/hot-lists/", demands.hot_lists, name="hot-lists"),
    path("manage/hot-lists/<int:pk>/publish/", demands.hot_list_publish, name="hot-list-publish"),
    path("manage/pushes/", demands.push_coverage, name="push-coverage"),
    path("manage/funnel/", demands.funnel, name="funnel"),
    path("projects/", cooperations.library, name="cooperations"),
    path("projects/<int:pk>/", cooperations.cooperation_detail, name="cooperation"),
    path("projects/<int:pk>/consent/", consents.consent, name="cooperation-consent"),
    path("disclaimer/", disclaimers.disclaimer, name="disclaimer"),
    path("manage/disclaimers/", disclaimers.disclaimers_manage, name="disclaimers-manage"),
]
