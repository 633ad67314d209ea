from django.urls import path

from transformation.views import calls, figures, policy

app_name = "transformation"

urlpatterns = [
    path("calls/", calls.call_list, name="calls"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("figures/", figures.my_figures, name="my-figures"),
    path("institutions/", figures.institutions, name="institutions"),
    path("institutions/<int:pk>/figures/", figures.figures, name="figures"),
    path("policy-lists/", policy.policy_lists, name="policy-lists"),
    path("policy-lists/<slug:code>/", policy.policy_list, name="policy-list"),
]
