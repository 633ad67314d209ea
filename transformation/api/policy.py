"""/api/v1/policy-lists/{code}/: a policy list of a year (transformation.policy), for the
administrators (every city, or `city`) and a local authority's organisers (their own region):
its deals, paginated, with the totals and summaries; amounts in yuan."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.views import APIView

from jbgs.api.pagination import PageNumberPagination
from transformation import access, policy
from transformation.policy_exports import city_name

CODES = list(policy.LISTS)


class PolicyQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                    help_text="The campaigns' year; the latest by default.")
    city = serializers.CharField(required=False, allow_blank=True, max_length=6,
                                 help_text="A city's division code (320500); an authority's own region always.")


class PolicyDealSerializer(serializers.Serializer):
    number = serializers.CharField()
    subject = serializers.CharField(source="title")
    method = serializers.CharField()
    stage = serializers.CharField()
    buyer = serializers.CharField(source="buyer.name")
    buyer_city = serializers.SerializerMethodField()
    buyer_is_tech_sme = serializers.BooleanField(source="buyer.is_tech_sme")
    seller = serializers.CharField(source="seller.name")
    seller_city = serializers.SerializerMethodField()
    price = serializers.DecimalField(max_digits=16, decimal_places=2)
    contract_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    contract_signed_on = serializers.DateField(allow_null=True)
    concluded_at = serializers.DateTimeField()

    def get_buyer_city(self, deal) -> str:
        return city_name(deal.buyer)

    def get_seller_city(self, deal) -> str:
        return city_name(deal.seller)


class SummaryRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="A unit's id or a city's code.")
    name = serializers.CharField()
    deals = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=16, decimal_places=2)
    contract_amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class TotalsSerializer(serializers.Serializer):
    deals = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=16, decimal_places=2)
    contracts = serializers.IntegerField()
    contract_amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class PolicyPageSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=CODES)
    title = serializers.CharField()
    rule = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    city = serializers.CharField(allow_null=True)
    totals = TotalsSerializer()
    summaries = serializers.DictField(child=SummaryRowSerializer(many=True),
                                      help_text="By `city`, `buyer` or `seller`, as the list sums them.")
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PolicyDealSerializer(many=True)


class PolicyListView(APIView):
    """A policy list's deals of the year. The 科技创新券 list's `summaries.buyer` is each
    technology-based SME buyer with its deals; the province and the city match its voucher
    one to one (the voucher's amount is the voucher programme's, not computed here)."""

    @extend_schema(parameters=[PolicyQuerySerializer, OpenApiParameter("page", int, required=False),
                               OpenApiParameter("code", str, OpenApiParameter.PATH, enum=CODES)],
                   responses=PolicyPageSerializer)
    def get(self, request, code: str):
        chosen = policy.LISTS.get(code)
        if chosen is None:
            raise Http404
        if not access.may_see_policy_lists(request.user):
            raise PermissionDenied
        params = PolicyQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        region = access.policy_region(request.user)
        year = params.validated_data.get("year") or policy.default_year() or 0
        city = region or params.validated_data.get("city") or None
        found = policy.deals(chosen, year=year, city=city)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(found, request, view=self)
        response = paginator.get_paginated_response(PolicyDealSerializer(page, many=True).data)
        summaries = {by: SummaryRowSerializer(policy.summary(chosen, found, by), many=True).data
                     for by in chosen.groups}
        response.data = {"code": chosen.code, "title": str(chosen.title), "rule": str(chosen.basis), "year": year or None,
                         "city": city, "totals": TotalsSerializer(policy.totals(found)).data,
                         "summaries": summaries, **response.data}
        return response
