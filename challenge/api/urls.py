from django.urls import include, path
from rest_framework.routers import DefaultRouter

from challenge.api import views

app_name = "challenge-api"

router = DefaultRouter()
router.register("demands", views.DemandViewSet, basename="demand")
router.register("hot-lists", views.HotListViewSet, basename="hot-list")
router.register("imports", views.DemandImportViewSet, basename="import")
router.register("cooperations", views.CooperationViewSet, basename="cooperation")

urlpatterns = [path("", include(router.urls))]
