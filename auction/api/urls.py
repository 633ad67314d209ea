from django.urls import include, path
from rest_framework.routers import DefaultRouter

from auction.api import bidding, views

app_name = "auction-api"

router = DefaultRouter()
# Lots first: on a bidding day their bids and live states are most of the requests.
router.register("lots", bidding.LotViewSet, basename="lot")
router.register("items", views.ItemViewSet, basename="item")
router.register("lists", views.ListViewSet, basename="list")
router.register("imports", views.ImportViewSet, basename="import")
router.register("catalogue", views.CatalogueViewSet, basename="catalogue")
router.register("days", bidding.DayViewSet, basename="day")
router.register("registrations", bidding.RegistrationViewSet, basename="registration")
router.register("deals", bidding.DealViewSet, basename="deal")

urlpatterns = [path("", include(router.urls))]
