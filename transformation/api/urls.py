from django.urls import path

from transformation.api import applications, calls, feeds, figures, policy, stock

app_name = "transformation-api"

urlpatterns = [
    path("calls/", calls.CallList.as_view(), name="calls"),
    path("calls/<int:pk>/", calls.CallDetail.as_view(), name="call"),
    path("calls/<int:pk>/check/", calls.CallCheck.as_view(), name="call-check"),
    path("institutions/<int:pk>/figures/", figures.InstitutionFigures.as_view(), name="institution-figures"),
    path("feeds/items/", feeds.ItemFeed.as_view(), name="feed-items"),
    path("feeds/items/xlsx/", feeds.ItemFeedExport.as_view(), name="feed-items-xlsx"),
    path("feeds/open-licences/", feeds.OpenLicenceFeed.as_view(), name="feed-open-licences"),
    path("feeds/open-licences/xlsx/", feeds.OpenLicenceFeedExport.as_view(), name="feed-open-licences-xlsx"),
    path("feeds/demands/", feeds.DemandFeed.as_view(), name="feed-demands"),
    path("feeds/demands/xlsx/", feeds.DemandFeedExport.as_view(), name="feed-demands-xlsx"),
    path("policy-lists/<slug:code>/", policy.PolicyListView.as_view(), name="policy-list"),
    path("stock-patents/", stock.StockPatentList.as_view(), name="stock-patents"),
    path("stock-patents/<int:pk>/", stock.StockPatentDetail.as_view(), name="stock-patent"),
    path("stock-patents/<int:pk>/evaluations/", stock.StockEvaluations.as_view(), name="stock-evaluations"),
    path("stock-patents/imports/", stock.StockImports.as_view(), name="stock-imports"),
    path("stock-patents/imports/<int:pk>/", stock.StockImportDetail.as_view(), name="stock-import"),
    path("stock-patents/imports/<int:pk>/errors/", stock.StockImportErrors.as_view(), name="stock-import-errors"),
    path("applications/", applications.ApplicationList.as_view(), name="applications"),
    path("applications/<int:pk>/", applications.ApplicationDetail.as_view(), name="application"),
    path("applications/<int:pk>/submit/", applications.Submit.as_view(), name="application-submit"),
    path("applications/<int:pk>/recommend/", applications.Recommend.as_view(), name="application-recommend"),
    path("applications/<int:pk>/decide/", applications.Decide.as_view(), name="application-decide"),
    path("applications/<int:pk>/verify/", applications.Verify.as_view(), name="application-verify"),
]
