"""/api/v1/calls/: the project calls with their windows and eligibility rules (public), and the
public eligibility pre-check of a call against figures the caller gives."""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from jbgs.api.fields import number
from transformation import eligibility, selectors
from transformation.choices import MAX_FIGURE, YES_FIGURES, Comparison, Direction, Figure


class ConditionSerializer(serializers.Serializer):
    figure = serializers.ChoiceField(choices=Figure.choices)
    op = serializers.ChoiceField(choices=Comparison.choices)
    value = serializers.FloatField(allow_null=True, required=False)


class RuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    any_of = ConditionSerializer(many=True, source="conditions",
                                 help_text="The rule is met when any of these holds.")


class CallSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    year = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    title = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    city_cap = serializers.IntegerField(allow_null=True, help_text="Applicants a city may recommend, if capped.")
    rules = RuleSerializer(many=True, source="rules.all")


class CallQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)


class CallList(APIView):
    """Every project call, newest year first; `year` and `direction` narrow it."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("year", int, required=False),
                               OpenApiParameter("direction", str, required=False, enum=Direction.values)],
                   responses=CallSerializer(many=True))
    def get(self, request):
        params = CallQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = selectors.calls(params.validated_data.get("year"))
        if "direction" in params.validated_data:
            found = found.filter(direction=params.validated_data["direction"])
        return Response(CallSerializer(found, many=True).data)


class CallDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=CallSerializer)
    def get(self, request, pk: int):
        return Response(CallSerializer(get_object_or_404(selectors.calls(), pk=pk)).data)


def _figure(code: str):
    if code in YES_FIGURES:
        return serializers.BooleanField(required=False, allow_null=True, help_text=Figure(code).label)
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, max_value=MAX_FIGURE,
                                    required=False, allow_null=True, help_text=Figure(code).label)


FiguresSerializer = type("FiguresSerializer", (serializers.Serializer,),
                         {code: _figure(code) for code in Figure.values})


class ConditionOutcomeSerializer(ConditionSerializer):
    actual = serializers.SerializerMethodField()

    def get_actual(self, outcome) -> float | bool | None:
        value = outcome["actual"]
        return value if value is None or isinstance(value, bool) else number(Decimal(value))
    passed = serializers.BooleanField()
    text = serializers.CharField()


class RuleOutcomeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    conditions = ConditionOutcomeSerializer(many=True)


class VerdictSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    failed = serializers.ListField(child=serializers.CharField(), help_text="The codes of the rules not met.")
    detail = RuleOutcomeSerializer(many=True)


class CallCheck(APIView):
    """The call's eligibility pre-check against the figures given (amounts in 万元, as the guide
    writes them; averages over the three years before the call's year). A figure not given
    fails the conditions that read it. Nothing is stored."""

    permission_classes = [AllowAny]

    @extend_schema(request=FiguresSerializer, responses=VerdictSerializer)
    def post(self, request, pk: int):
        call = get_object_or_404(selectors.calls(), pk=pk)
        figures = FiguresSerializer(data=request.data)
        figures.is_valid(raise_exception=True)
        verdict = eligibility.check(call, figures.validated_data)
        return Response(VerdictSerializer({"eligible": verdict.eligible, "failed": verdict.failed,
                                           "detail": verdict.as_detail()}).data)
