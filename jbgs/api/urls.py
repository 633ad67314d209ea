from django.urls import include, path
from rest_framework.routers import DefaultRouter

from jbgs.api import views

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("users", views.UserViewSet, basename="user")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("regions", views.RegionViewSet, basename="region")
router.register("industry-fields", views.IndustryFieldViewSet, basename="industry-field")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("audit", views.AuditViewSet, basename="audit")

app_name = "api"

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("auth/token/revoke/", views.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
