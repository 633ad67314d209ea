"""/api/v1/sessions/: the years' targets of the special sessions, as data."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from jbgs.api.fields import number
from sessions_mgmt import selectors


class TemplateTargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["min", "max", "ratio", "deadline", "done"])
    metric = serializers.CharField()
    goal = serializers.FloatField(allow_null=True, help_text="A count, or for a ratio a fraction (0.3 for 30 %).")
    deadline = serializers.DateField(allow_null=True)
    torch_only = serializers.BooleanField(help_text="Asked only of a 火炬科技成果直通车 host.")


class SessionTemplateSerializer(serializers.Serializer):
    session_type = serializers.CharField()
    plan_group = serializers.CharField(help_text="What the year's plan counts the session among (industry …).")
    planned_min = serializers.IntegerField(help_text="Sessions of the plan group the year plans, at least.")
    planned_max = serializers.IntegerField()
    targets = TemplateTargetSerializer(many=True)


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class TemplatesView(APIView):
    """The targets each session type of a year is held to (承办要求), the basic requirements of
    every session included; `year` defaults to the latest year with templates."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("year", int, required=False)],
                   responses=SessionTemplateSerializer(many=True))
    def get(self, request):
        params = YearQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        years = selectors.template_years()
        year = params.validated_data.get("year") or (years[-1] if years else None)
        answer = [] if year is None else [{
            "session_type": entry["session_type"], "plan_group": entry["plan"].group,
            "planned_min": entry["plan"].planned_min,
            "planned_max": entry["plan"].planned_max,
            "targets": [{"code": t.code, "label": t.label, "kind": t.kind, "metric": t.metric, "goal": number(t.goal),
                         "deadline": t.deadline, "torch_only": t.torch_only} for t in entry["targets"]],
        } for entry in selectors.year_templates(year)]
        return Response(SessionTemplateSerializer(answer, many=True).data)
