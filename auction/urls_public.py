from django.urls import path

from auction.views import catalogue

app_name = "catalogue"

urlpatterns = [
    path("", catalogue.catalogue_list, name="list"),
    path("<int:pk>/", catalogue.catalogue_detail, name="detail"),
    path("files/<int:pk>/", catalogue.public_attachment, name="attachment"),
    path("<int:pk>/enquire/", catalogue.enquire, name="enquire"),
]
