"""/api/v1/sessions/: the special sessions (public: who hosts what, when, and each target with
its value and verdict) and a session's compliance (its organisers' and the administrators')."""


from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jbgs.api.fields import NumberField
from sessions_mgmt import access, selectors
from sessions_mgmt.choices import SessionType, TargetKind, TargetStatus
from sessions_mgmt.models import Session
from sessions_mgmt.services import compliance

VERDICTS = [TargetStatus.MET, TargetStatus.ON_TRACK, TargetStatus.AT_RISK, TargetStatus.MISSED]


class FieldSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SessionSerializer(serializers.ModelSerializer):
    field = FieldSerializer(allow_null=True)
    hosts = serializers.SerializerMethodField(help_text="The host units' names, the main host first.")

    class Meta:
        model = Session
        fields = ["id", "year", "session_type", "title", "field", "torch", "hosts", "starts_on", "ends_on"]

    def get_hosts(self, session) -> list[str]:
        return [host.organization.name for host in session.hosts.all()]


class SessionTargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=TargetKind.choices)
    metric = serializers.CharField()
    goal = NumberField(help_text="A count, or for a ratio a fraction (0.3 for 30 %); null for a done target.")
    deadline = serializers.DateField(allow_null=True)
    value = NumberField(help_text="The value last computed; null before the first computation.")
    status = serializers.ChoiceField(choices=TargetStatus.choices)


class SessionDetailSerializer(SessionSerializer):
    targets = SessionTargetSerializer(many=True)

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "summary", "computed_at", "targets"]


class SessionQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    session_type = serializers.ChoiceField(choices=SessionType.choices, required=False)


class ComplianceTargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=TargetKind.choices)
    metric = serializers.CharField()
    goal = NumberField()
    value = NumberField()
    status = serializers.ChoiceField(choices=VERDICTS)


class ComplianceSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField()
    targets = ComplianceTargetSerializer(many=True)


class SessionList(generics.ListAPIView):
    """The special sessions, the latest year first; `year` and `session_type` narrow them."""

    permission_classes = [AllowAny]
    serializer_class = SessionSerializer

    @extend_schema(parameters=[SessionQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = SessionQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        found = selectors.public_sessions(params.validated_data.get("year"))
        if "session_type" in params.validated_data:
            found = found.filter(session_type=params.validated_data["session_type"])
        return found


class SessionDetail(generics.RetrieveAPIView):
    """A session with its targets, their values and verdicts as last computed."""

    permission_classes = [AllowAny]
    serializer_class = SessionDetailSerializer
    queryset = selectors.sessions().prefetch_related("targets")


class ComplianceView(APIView):
    """A session's targets with their values and verdicts, as the compliance job last stored
    them. A session never computed (or with a target added since) is measured for the answer,
    without storing anything, so every status is a verdict. Its organisers and the
    administrators read it; to others it does not exist."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ComplianceSerializer)
    def get(self, request, pk: int):
        session = get_object_or_404(access.managed_sessions(request.user), pk=pk)
        targets = list(session.targets.order_by("position", "code"))
        computed_at = session.computed_at
        if computed_at is None or any(target.computed_at is None for target in targets):
            targets = compliance.preview(session)
            computed_at = targets[0].computed_at if targets else timezone.now()
        return Response(ComplianceSerializer({
            "computed_at": computed_at,
            "targets": [{"code": t.code, "kind": t.kind, "metric": t.metric, "goal": t.goal, "value": t.value,
                         "status": t.status} for t in targets]}).data)
