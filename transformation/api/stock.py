"""/api/v1/stock-patents/: an institution's stock patents as the caller may see them (the
administrators every one, an organiser its city's, an institution's people their own, a
reviewer those given to its unit), a page at a time, filtered by `organization`, `stage`, and
`field` (code); one patent with its evaluations; an evaluation recorded (`POST
…/{id}/evaluations/`, one per way, replaced when recorded again). `/api/v1/stock-patents/imports/`:
`POST` an institution's patent-list workbook (multipart `file`, and `organization` for an
administrator; a liaison imports into its own unit) → the import job (202); `GET` the job with
its counts, its row errors under `…/errors/`. Paths and field names are stable."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from auction.api.serializers import ImportErrorSerializer, ImportJobSerializer
from jbgs import access as kernel_access
from jbgs.exceptions import DomainError
from jbgs.models import ImportJob, Organization
from jbgs.selectors import ImportErrors, import_jobs
from jbgs.services.imports import start_import
from transformation import stock_access, stock_selectors
from transformation.access import is_institution
from transformation.choices import EvaluatorKind, StockStage
from transformation.importers import STOCK_IMPORT
from transformation.services import stock as services


class EvaluationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvaluatorKind.choices)
    maturity = serializers.IntegerField(min_value=1, max_value=5)
    market = serializers.IntegerField(min_value=1, max_value=5)
    value = serializers.IntegerField(min_value=1, max_value=5)
    recommended = serializers.BooleanField()
    comment = serializers.CharField(allow_blank=True, required=False, default="")
    evaluator_name = serializers.CharField(allow_blank=True, required=False, default="")
    recorded_at = serializers.DateTimeField(read_only=True)


class StockPatentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    application_number = serializers.CharField()
    title = serializers.CharField()
    patent_type = serializers.CharField()
    grant_date = serializers.DateField(allow_null=True)
    inventors = serializers.CharField()
    legal_status = serializers.CharField()
    field = serializers.CharField(source="field.code", allow_null=True, default=None)
    sub_field = serializers.CharField()
    stage = serializers.ChoiceField(choices=StockStage.choices)
    selected = serializers.BooleanField(allow_null=True)
    pool = serializers.CharField()
    open_licence_fee = serializers.CharField()
    open_licence_payment = serializers.CharField()


class StockPatentDetailSerializer(StockPatentSerializer):
    evaluations = EvaluationSerializer(many=True)


class StockQuerySerializer(serializers.Serializer):
    organization = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    stage = serializers.ChoiceField(choices=StockStage.choices, required=False)
    field = serializers.SlugField(required=False, max_length=40)


def _patents(request):
    params = StockQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)  # a bad filter is a 400 naming it, not a query
    query = params.validated_data
    one = "organization" in query
    if one:
        patents = stock_selectors.institution_patents(request.user, query["organization"])
    else:
        patents = stock_selectors.visible_patents(request.user)
    if "stage" in query:
        patents = patents.filter(stage=query["stage"])
    if "field" in query:
        patents = patents.filter(field__code=query["field"])
    if one:  # one institution's, in the order of its unique index (not its whole stock sorted)
        return patents.order_by("application_number", "pk")
    return patents.order_by("organization", "application_number", "pk")


class StockPatentList(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = StockPatentSerializer

    @extend_schema(parameters=[OpenApiParameter("organization", int), OpenApiParameter("stage", str),
                               OpenApiParameter("field", str, description="An industry field's code.")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return stock_selectors.patents().none()
        return _patents(self.request)


class StockPatentDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=StockPatentDetailSerializer)
    def get(self, request, pk: int):
        patent = get_object_or_404(stock_selectors.visible_patents(request.user).prefetch_related("evaluations"), pk=pk)
        return Response(StockPatentDetailSerializer(patent).data)


class StockEvaluations(APIView):
    """Record one way's evaluation: the inventor's and the institution's by the institution's
    liaison, the third party's by the reviewer the institution gave the patent to."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=EvaluationSerializer, responses={201: EvaluationSerializer})
    def post(self, request, pk: int):
        patent = get_object_or_404(stock_selectors.visible_patents(request.user), pk=pk)
        payload = EvaluationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        evaluation = services.evaluate(actor=request.user, patent_id=patent.pk, kind=data["kind"], data=data)
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class StockImportJobSerializer(ImportJobSerializer):
    """An import job, as the auction's imports answer it, with the institution whose stock it imports."""

    list = None
    kind = None
    organization = serializers.IntegerField(source="target_id")


class StockImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    organization = serializers.IntegerField(required=False)


def _jobs(request):
    jobs = import_jobs(ImportJob.objects.filter(kind=STOCK_IMPORT))
    return jobs if kernel_access.is_admin(request.user) else jobs.filter(owner=request.user)


class StockImportPageSerializer(serializers.Serializer):
    """A page of the caller's imports, as every paginated list of the API answers."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = StockImportJobSerializer(many=True)


class StockImports(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": StockImportRequestSerializer},
                   responses={202: OpenApiResponse(StockImportJobSerializer, description="The job, queued.")})
    def post(self, request):
        payload = StockImportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        target = payload.validated_data.get("organization") or request.user.organization_id
        organization = Organization.objects.filter(pk=target).first() if target else None
        if organization is None or not stock_access.may_keep_stock(request.user, organization):
            raise PermissionDenied()
        if not is_institution(organization):
            raise DomainError(_("Name the university or institute whose stock this is (organization)."),
                              field="organization")
        job = start_import(kind=STOCK_IMPORT, target_id=organization.pk, actor=request.user,
                           upload=payload.validated_data["file"])
        job = import_jobs().get(pk=job.pk)  # with its counts of errors
        return Response(StockImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=StockImportPageSerializer, operation_id="v1_stock_patents_imports_list")
    def get(self, request):
        """The caller's stock imports, the latest first (a page at a time)."""
        paginator = generics.GenericAPIView.pagination_class()
        page = paginator.paginate_queryset(_jobs(request).order_by("-created_at", "-pk"), request, view=self)
        return paginator.get_paginated_response(StockImportJobSerializer(page, many=True).data)


class StockImportDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=StockImportJobSerializer)
    def get(self, request, pk: int):
        return Response(StockImportJobSerializer(get_object_or_404(_jobs(request), pk=pk)).data)


class StockImportErrors(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = ImportErrorSerializer

    def get(self, request, pk: int):
        """The job's row errors, by row, a page at a time: `{row, column, message}`."""
        job = get_object_or_404(_jobs(request), pk=pk)
        page = self.paginate_queryset(ImportErrors(job))
        return self.get_paginated_response(ImportErrorSerializer(page, many=True).data)
