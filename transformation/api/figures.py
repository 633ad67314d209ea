"""/api/v1/institutions/{id}/figures/: an institution's figures by year (its own people and the
administrators): read with the year-on-year changes, the platform's registered contracts beside
them and the three-year averages a call reads; written a year at a time (amounts in yuan)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jbgs.api.fields import NumberField
from jbgs.models import Organization
from jbgs.parsing import API_UNIT
from transformation import access, selectors
from transformation.services import figures as services

WAYS = selectors.WAYS


class WayFiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class PlatformSerializer(serializers.Serializer):
    assignment = WayFiguresSerializer()
    licence = WayFiguresSerializer()
    equity = WayFiguresSerializer()


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    ip_staff = serializers.IntegerField()
    ip_staff_full_time = serializers.IntegerField()
    patents_granted = serializers.IntegerField()
    invention_patents_granted = serializers.IntegerField()
    transformed_by_assignment = serializers.IntegerField()
    transformed_by_licence = serializers.IntegerField()
    transformed_by_equity = serializers.IntegerField()
    amount_by_assignment = serializers.DecimalField(max_digits=16, decimal_places=2)
    amount_by_licence = serializers.DecimalField(max_digits=16, decimal_places=2)
    amount_by_equity = serializers.DecimalField(max_digits=16, decimal_places=2)
    transformed = serializers.IntegerField()
    transformed_amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    source = serializers.CharField()
    transformed_change = NumberField(allow_null=True, help_text="Against the year before, as a fraction (0.2).")
    amount_change = NumberField(allow_null=True)
    grants_change = NumberField(allow_null=True)
    platform = PlatformSerializer(help_text="The registered contracts the platform holds for the year, the "
                                            "institution selling.")
    short_of_platform = serializers.ListField(child=serializers.ChoiceField(choices=WAYS))


class AveragesSerializer(serializers.Serializer):
    call_year = serializers.IntegerField()
    years = serializers.ListField(child=serializers.IntegerField())
    missing = serializers.ListField(child=serializers.IntegerField())
    figures = serializers.DictField(child=NumberField(allow_null=True), help_text="Amounts in 万元.")


class FiguresAnswerSerializer(serializers.Serializer):
    institution = serializers.DictField()
    years = YearSerializer(many=True)
    averages = AveragesSerializer()


class FiguresWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    ip_staff = serializers.IntegerField(required=False)
    ip_staff_full_time = serializers.IntegerField(required=False)
    patents_granted = serializers.IntegerField(required=False)
    invention_patents_granted = serializers.IntegerField(required=False)
    transformed_by_assignment = serializers.IntegerField(required=False)
    transformed_by_licence = serializers.IntegerField(required=False)
    transformed_by_equity = serializers.IntegerField(required=False)
    amount_by_assignment = serializers.CharField(required=False, help_text="Yuan.")
    amount_by_licence = serializers.CharField(required=False, help_text="Yuan.")
    amount_by_equity = serializers.CharField(required=False, help_text="Yuan.")


class CallYearSerializer(serializers.Serializer):
    call_year = serializers.IntegerField(required=False, min_value=2001, max_value=2101)


def _answer(organization, call_year: int | None) -> dict:
    rows = selectors.year_table(organization)
    call_year = call_year or ((rows[0].year + 1) if rows else None) or timezone.localdate().year
    averages = selectors.call_figures(organization, call_year)
    empty = {way: {"count": 0, "amount": 0} for way in WAYS}
    return {
        "institution": {"id": organization.pk, "name": organization.name},
        "years": [{**{name: getattr(row.figures, name) for name in services.COUNT_FIELDS + services.AMOUNT_FIELDS},
                   "year": row.year, "transformed": row.figures.transformed,
                   "transformed_amount": row.figures.transformed_amount, "source": row.figures.source,
                   "transformed_change": row.transformed_change, "amount_change": row.amount_change,
                   "grants_change": row.grants_change, "platform": {**empty, **row.platform},
                   "short_of_platform": row.short_of_platform} for row in rows],
        "averages": {"call_year": call_year, "years": averages.years, "missing": averages.missing,
                     "figures": averages.figures},
    }


class InstitutionFigures(APIView):
    """GET: the institution's figures by year, newest first, with `averages` for a call of
    `call_year` (default the year after the latest figures). POST: one year's figures, created
    or replaced whole (a figure left out is nought), answered as GET answers."""

    def _institution(self, request, pk: int) -> Organization:
        organization = get_object_or_404(Organization.objects.all(), pk=pk)
        if not access.may_see_figures(request.user, organization):
            raise Http404
        return organization

    @extend_schema(parameters=[OpenApiParameter("call_year", int, required=False)],
                   responses=FiguresAnswerSerializer)
    def get(self, request, pk: int):
        organization = self._institution(request, pk)
        params = CallYearSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return Response(FiguresAnswerSerializer(_answer(organization, params.validated_data.get("call_year"))).data)

    @extend_schema(request=FiguresWriteSerializer, responses={201: FiguresAnswerSerializer})
    def post(self, request, pk: int):
        organization = self._institution(request, pk)
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Send one year's figures as an object."]})
        data = dict(request.data)
        services.save_figures(actor=request.user, organization=organization, year=data.pop("year", None),
                              data=data, unit=API_UNIT)
        return Response(FiguresAnswerSerializer(_answer(organization, None)).data, status=status.HTTP_201_CREATED)
