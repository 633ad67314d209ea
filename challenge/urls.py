from django.urls import path

from challenge.views import demands, imports

app_name = "challenge"

urlpatterns = [
    path("demands/", demands.demand_list, name="demands"),
    path("demands/<int:pk>/", demands.demand_detail, name="demand"),
    path("hot-lists/<int:pk>/", demands.hot_list_detail, name="hot-list"),
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
]
