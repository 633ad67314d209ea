from django.urls import path

from transformation.views import applications, calls, figures, policy, stock

app_name = "transformation"

urlpatterns = [
    path("calls/", calls.call_list, name="calls"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("figures/", figures.my_figures, name="my-figures"),
    path("institutions/", figures.institutions, name="institutions"),
    path("institutions/<int:pk>/figures/", figures.figures, name="figures"),
    path("institutions/<int:pk>/figures/import/", figures.figures_import, name="figures-import"),
    path("figures/template/", figures.figures_template, name="figures-template"),
    # The stock-patent inventory (存量专利盘点).
    path("stock/", stock.dashboard, name="stock"),
    path("stock/left.xlsx", stock.left_export, name="stock-left-export"),
    path("stock/form.xlsx", stock.template, name="stock-form"),
    path("stock/import/", stock.upload, name="stock-import"),
    path("stock/imports/<int:pk>/", stock.job, name="stock-import-job"),
    path("stock/reviews/", stock.reviews, name="stock-reviews"),
    path("stock/patents/<int:pk>/", stock.patent, name="stock-patent"),
    path("stock/patents/<int:pk>/evaluate/", stock.evaluate, name="stock-evaluate"),
    path("stock/patents/<int:pk>/screen/", stock.screen, name="stock-screen"),
    path("stock/patents/<int:pk>/register/", stock.register, name="stock-register"),
    path("stock/patents/<int:pk>/reviewer/", stock.reviewer, name="stock-reviewer"),
    path("stock/patents/<int:pk>/match/", stock.match, name="stock-match"),
    # The policy lists.
    path("policy-lists/", policy.policy_lists, name="policy-lists"),
    path("policy-lists/<slug:code>/", policy.policy_list, name="policy-list"),
    # Project applications (立项申报).
    path("calls/<int:pk>/apply/", applications.apply, name="apply"),
    path("applications/", applications.my_applications, name="my-applications"),
    path("applications/city/", applications.city_applications, name="city-applications"),
    path("applications/province/", applications.province_applications, name="province-applications"),
    path("applications/<int:pk>/", applications.application, name="application"),
    path("applications/<int:pk>/document/", applications.document, name="application-document"),
    path("applications/<int:pk>/scan/", applications.scan, name="application-scan"),
    path("applications/<int:pk>/recommend/", applications.recommend, name="application-recommend"),
    path("applications/<int:pk>/decide/", applications.decide, name="application-decide"),
    path("applications/<int:pk>/withdraw/", applications.withdraw, name="application-withdraw"),
    path("applications/<int:pk>/trainees/", applications.trainees, name="application-trainees"),
    path("applications/<int:pk>/verify/", applications.verify, name="application-verify"),
    path("stock/target/", stock.target, name="stock-target"),
    path("stock/reviewer/", stock.reviewer_many, name="stock-reviewer-many"),
]
# The administrators keep the calls (transformation.views.call_admin).
from transformation.views import call_admin  # noqa: E402

urlpatterns += [
    path("calls/new/", call_admin.call_new, name="call-new"),
    path("calls/<int:pk>/edit/", call_admin.call_edit, name="call-edit"),
]
