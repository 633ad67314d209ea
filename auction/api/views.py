from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from auction import access, catalogue, selectors
from auction.api.serializers import (
    CatalogueItemSerializer,
    CatalogueQuerySerializer,
    ImportErrorSerializer,
    ImportJobSerializer,
    ImportRequestSerializer,
    ItemSerializer,
    ListSerializer,
    UploadSerializer,
)
from auction.choices import ItemKind, ItemReview, ListStatus
from auction.models import Item
from auction.services import items as item_services
from auction.services import lists as list_services
from jbgs import access as kernel_access
from jbgs.models import ImportJob
from jbgs.selectors import ImportErrors, import_jobs
from jbgs.services.imports import start_import


class ItemFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=ItemKind.choices)
    review_state = filters.ChoiceFilter(choices=ItemReview.choices)
    year = filters.NumberFilter(field_name="campaign__year")
    list = filters.NumberFilter(field_name="submission_list_id")

    class Meta:
        model = Item
        fields = ["kind", "review_state", "year", "list"]


class ItemViewSet(viewsets.ModelViewSet):
    """The caller's unit's items (an administrator sees all; an expert those assigned).
    Creating and changing go through the same rules as the form and the importer."""

    serializer_class = ItemSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ItemFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return access.visible_items(self.request.user).select_related(
            "submission_list", "previously_published__campaign", "previously_published__organization"
        ).order_by("id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        submission_list = data.pop("submission_list")
        if not access.can_view_list(self.request.user, submission_list):
            raise PermissionDenied()
        serializer.instance = item_services.save_item(actor=self.request.user, submission_list=submission_list,
                                                      data=data)

    def perform_update(self, serializer):
        item = serializer.instance
        serializer.instance = item_services.save_item(actor=self.request.user, submission_list=item.submission_list,
                                                      item=item, data=dict(serializer.validated_data))

    def perform_destroy(self, instance):
        item_services.delete_item(actor=self.request.user, item=instance)

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={201: None})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        """Evidence for a result (test report, certificate…): PDF or image, at most ten."""
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        attachment = item_services.add_attachment(actor=request.user, item=self.get_object(),
                                                  upload=upload.validated_data["file"])
        return Response({"id": attachment.pk, "name": attachment.original_name, "size": attachment.size},
                        status=status.HTTP_201_CREATED)


class ListFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="campaign__year")
    status = filters.ChoiceFilter(choices=ListStatus.choices)

    class Meta:
        model = access.SubmissionList
        fields = ["year", "status"]


class ListViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Lists per unit and year, with their compliance with the year's rules; `submit`
    hands one in."""

    serializer_class = ListSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = ListFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = list_services.open_list(
            organization=self.request.user.organization, campaign=serializer.validated_data["campaign"],
            actor=self.request.user,
        )

    def get_queryset(self):
        lists = access.visible_lists(self.request.user).order_by("-campaign__year", "organization__name")
        return selectors.with_counts(lists).prefetch_related("experts")

    def perform_update(self, serializer):
        contacts = {name: serializer.validated_data.get(name, getattr(serializer.instance, name))
                    for name in list_services.CONTACT_FIELDS}
        experts = serializer.validated_data.get("experts")
        if experts is None:
            experts = list(serializer.instance.experts.values("name", "title", "speciality", "phone", "email"))
        serializer.instance = list_services.update_contacts(actor=self.request.user,
                                                            submission_list=serializer.instance,
                                                            contacts=contacts, experts=[dict(e) for e in experts])

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={200: ListSerializer})
    @action(detail=True, methods=["post"], url_path="sealed-copy", parser_classes=[MultiPartParser])
    def sealed_copy(self, request, pk=None):
        """The scanned sealed copy (盖章件) of the list, PDF or image."""
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        submission_list = list_services.attach_sealed_copy(actor=request.user, submission_list=self.get_object(),
                                                           upload=upload.validated_data["file"])
        return Response(ListSerializer(submission_list, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: ListSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission_list = list_services.submit_list(actor=request.user, submission_list=self.get_object())
        return Response(ListSerializer(submission_list, context=self.get_serializer_context()).data,
                        status=status.HTTP_200_OK)


class ImportViewSet(viewsets.GenericViewSet):
    """`POST` a filled 《专利征集表》 or 《成果征集表》 (multipart: `file`, `kind`, `campaign`); it
    is read by a background job (202). `GET` the job to follow it, with its counts; its row
    errors are `GET …/errors/`, a page at a time."""

    permission_classes = [IsAuthenticated]
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        jobs = import_jobs(ImportJob.objects.filter(kind__startswith="auction."))
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return jobs.none()
        return jobs if kernel_access.is_admin(self.request.user) else jobs.filter(owner=self.request.user)

    @extend_schema(request={"multipart/form-data": ImportRequestSerializer},
                   responses={202: OpenApiResponse(ImportJobSerializer, description="The job, queued.")})
    def create(self, request):
        payload = ImportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if not (request.user.organization_id and access.is_unit_liaison(request.user, request.user.organization)):
            raise PermissionDenied()
        submission_list = list_services.open_list(organization=request.user.organization, campaign=data["campaign"],
                                                  actor=request.user)
        job = start_import(kind=f"auction.{data['kind']}", target_id=submission_list.pk, actor=request.user,
                           upload=data["file"])
        return Response({"id": job.pk, "status": job.status}, status=status.HTTP_202_ACCEPTED)

    def retrieve(self, request, pk=None):
        return Response(ImportJobSerializer(self.get_object()).data)

    @extend_schema(responses=ImportErrorSerializer(many=True))
    @action(detail=True, methods=["get"])
    def errors(self, request, pk=None):
        """The job's row errors, by row, a page at a time: `{row, column, message}`."""
        page = self.paginate_queryset(ImportErrors(self.get_object()))
        return self.get_paginated_response(ImportErrorSerializer(page, many=True).data)


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """The public catalogue of published patents and results: `q` searches words inside
    titles and summaries (or a patent number); the other parameters filter."""

    serializer_class = CatalogueItemSerializer
    permission_classes = [AllowAny]
    filter_backends = []

    def get_queryset(self):
        if self.action != "list":
            return catalogue.published()
        params = CatalogueQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = {k: v for k, v in params.validated_data.items() if v not in (None, "")}
        self.found = catalogue.search(catalogue.Filters(**data))
        return self.found.items

    @extend_schema(parameters=[CatalogueQuerySerializer])
    def list(self, request, *args, **kwargs):
        """`count` is capped for a text search that matches more than the newest
        TEXT_CANDIDATES items it considers; `more` then says so."""
        self.get_queryset()
        page = self.paginate_queryset(self.found.for_paginator())
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response.data["more"] = self.found.more
        return response
