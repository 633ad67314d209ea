from django.urls import include, path
from rest_framework.routers import DefaultRouter

from auction.api import views

app_name = "auction-api"

router = DefaultRouter()
router.register("items", views.ItemViewSet, basename="item")
router.register("lists", views.ListViewSet, basename="list")
router.register("imports", views.ImportViewSet, basename="import")
router.register("catalogue", views.CatalogueViewSet, basename="catalogue")

urlpatterns = [path("", include(router.urls))]
