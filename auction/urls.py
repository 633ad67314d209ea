from django.urls import path

from auction.views import experts, imports, lists, publication, review, selection

app_name = "auction"

urlpatterns = [
    path("", lists.my_lists, name="my-lists"),
    path("lists/<int:pk>/", lists.list_detail, name="list-detail"),
    path("lists/<int:pk>/compliance/", lists.compliance, name="list-compliance"),
    path("lists/<int:pk>/contacts/", lists.contacts, name="list-contacts"),
    path("lists/<int:pk>/sealed-copy/", lists.sealed_copy, name="list-sealed-copy"),
    path("lists/<int:pk>/sealed-copy/file/", lists.sealed_copy_file, name="list-sealed-copy-file"),
    path("lists/<int:pk>/submit/", lists.submit, name="list-submit"),
    path("lists/<int:list_pk>/items/new/<str:kind>/", lists.item_edit, name="item-create"),
    path("items/<int:pk>/", lists.item_detail, name="item-detail"),
    path("items/<int:pk>/edit/", lists.item_edit, name="item-edit"),
    path("items/<int:pk>/delete/", lists.item_delete, name="item-delete"),
    path("items/<int:pk>/attachments/", lists.attachment_add, name="attachment-add"),
    path("attachments/<int:pk>/", lists.attachment_file, name="attachment-file"),
    path("attachments/<int:pk>/delete/", lists.attachment_delete, name="attachment-delete"),
    path("lists/<int:pk>/import/", imports.upload, name="import-upload"),
    path("imports/<int:pk>/", imports.detail, name="import-detail"),
    path("imports/<int:pk>/rows/<int:row>/", imports.fix_row, name="import-fix-row"),
    path("forms/<str:kind>.xlsx", imports.template, name="blank-form"),
    path("reviews/", experts.reviews, name="expert-reviews"),
    path("reviews/<int:pk>/", experts.review, name="expert-review"),
    path("selection/", selection.overview, name="selection"),
    path("selection/scheme/", selection.scheme, name="scheme"),
    path("selection/panels/new/", selection.panel, name="panel-create"),
    path("selection/panels/<int:pk>/", selection.panel, name="panel-edit"),
    path("selection/panels/<int:pk>/assign/", selection.assign, name="panel-assign"),
    path("selection/fields/<int:field_pk>/", selection.ranking, name="ranking"),
    path("selection/items/<int:pk>/toggle/", selection.toggle, name="selection-toggle"),
    path("publication/", publication.overview, name="publication"),
    path("publication/fields/<int:field_pk>/", publication.publish, name="publish"),
    path("publication/items/<int:pk>/withdraw/", publication.withdraw, name="withdraw"),
    path("review/", review.progress, name="progress"),
    path("review/lists/<int:pk>/", review.review, name="list-review"),
    path("review/lists/<int:pk>/exception/", review.exception, name="list-exception"),
]
