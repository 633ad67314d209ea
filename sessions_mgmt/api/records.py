"""/api/v1/sessions/{id}/records/: what a session recorded, every kind grouped (GET), and one
record added (POST) through the records' one write path (sessions_mgmt.services.records).
The session's organisers' and the administrators'; anyone else gets 404. Amounts in yuan."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sessions_mgmt import access, selectors
from sessions_mgmt.choices import ActivityKind, ServerKind
from sessions_mgmt.models import (
    Activity,
    DealRecord,
    Intention,
    MediaReport,
    RecommendedProject,
    Roadshow,
    RoadshowProject,
    RoadshowUnit,
    ServedEnterprise,
    Server,
    SummaryReport,
    TypicalCase,
)
from sessions_mgmt.services import records as record_services

RECORD_KINDS = ["activity", "server", "roadshow", "media_report", "case", "recommended", "intention", "deal"]


class EnterpriseSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServedEnterprise
        fields = ["credit_code", "name", "division"]


class ActivitySerializer(serializers.ModelSerializer):
    enterprises = EnterpriseSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "kind", "held_on", "title", "place", "note", "enterprises"]


class ServerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Server
        fields = ["id", "name", "kind", "organization", "phone"]


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoadshowProject
        fields = ["title", "kind", "presenter", "major_result"]


class RoadshowUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoadshowUnit
        fields = ["name", "invited_by"]


class RoadshowSerializer(serializers.ModelSerializer):
    projects = ProjectSerializer(many=True, read_only=True)
    units = RoadshowUnitSerializer(many=True, read_only=True)

    class Meta:
        model = Roadshow
        fields = ["id", "held_on", "title", "place", "attendees", "projects", "units"]


class MediaReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = MediaReport
        fields = ["id", "outlet", "title", "url", "published_on", "roadshow"]


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TypicalCase
        fields = ["id", "title", "parties", "summary", "recorded_on", "public"]


class RecommendedSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendedProject
        fields = ["id", "title", "unit", "summary", "recommended_on"]


class IntentionSerializer(serializers.ModelSerializer):
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Intention
        fields = ["id", "subject", "supply_party", "demand_party", "reached_on", "offline", "cooperation",
                  "has_evidence"]

    def get_has_evidence(self, record) -> bool:
        return bool(record.evidence)


class DealRecordSerializer(serializers.ModelSerializer):
    has_evidence = serializers.SerializerMethodField()
    platform_deal = serializers.IntegerField(source="deal_id", allow_null=True, read_only=True,
                                             help_text="The platform's deal of the same contract or registration "
                                                       "number: the deal is counted once.")

    class Meta:
        model = DealRecord
        fields = ["id", "subject", "seller", "buyer", "amount", "signed_on", "contract_number", "platform_deal",
                  "has_evidence"]

    def get_has_evidence(self, record) -> bool:
        return bool(record.evidence)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = SummaryReport
        fields = ["original_name", "submitted_on"]


class RecordsSerializer(serializers.Serializer):
    activities = ActivitySerializer(many=True)
    servers = ServerSerializer(many=True)
    roadshows = RoadshowSerializer(many=True)
    media_reports = MediaReportSerializer(many=True)
    cases = CaseSerializer(many=True)
    recommended = RecommendedSerializer(many=True)
    intentions = IntentionSerializer(many=True)
    deals = DealRecordSerializer(many=True)
    summary_report = ReportSerializer(allow_null=True)


SERIALIZER_OF = {"activity": ActivitySerializer, "server": ServerSerializer, "roadshow": RoadshowSerializer,
                 "media_report": MediaReportSerializer, "case": CaseSerializer, "recommended": RecommendedSerializer,
                 "intention": IntentionSerializer, "deal": DealRecordSerializer}


class EnterpriseInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    credit_code = serializers.CharField(max_length=40)


class ProjectInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.CharField(max_length=20, required=False, default="result")
    presenter = serializers.CharField(max_length=200)
    major_result = serializers.BooleanField(required=False, default=False)


class UnitInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    invited_by = serializers.IntegerField(required=False, allow_null=True, default=None,
                                          help_text="One of the session's host units.")


class RecordInputSerializer(serializers.Serializer):
    """One record: `kind`, then the fields of that kind (the others are ignored)."""

    kind = serializers.ChoiceField(choices=RECORD_KINDS)
    activity_kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)
    server_kind = serializers.ChoiceField(choices=ServerKind.choices, required=False)
    title = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    organization = serializers.IntegerField(required=False, allow_null=True)
    held_on = serializers.DateField(required=False)
    attendees = serializers.IntegerField(required=False, min_value=0)
    enterprises = EnterpriseInput(many=True, required=False, max_length=2000)
    projects = ProjectInput(many=True, required=False, max_length=2000)
    units = UnitInput(many=True, required=False, max_length=2000)
    outlet = serializers.CharField(required=False, allow_blank=True)
    url = serializers.CharField(required=False, allow_blank=True)
    published_on = serializers.DateField(required=False)
    roadshow = serializers.IntegerField(required=False, allow_null=True)
    parties = serializers.CharField(required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    recorded_on = serializers.DateField(required=False)
    public = serializers.BooleanField(required=False, default=True)
    unit = serializers.CharField(required=False, allow_blank=True)
    recommended_on = serializers.DateField(required=False)
    subject = serializers.CharField(required=False, allow_blank=True)
    supply_party = serializers.CharField(required=False, allow_blank=True)
    demand_party = serializers.CharField(required=False, allow_blank=True)
    reached_on = serializers.DateField(required=False)
    offline = serializers.BooleanField(required=False, default=True)
    cooperation = serializers.IntegerField(required=False, allow_null=True)
    seller = serializers.CharField(required=False, allow_blank=True)
    buyer = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, help_text="In yuan.")
    signed_on = serializers.DateField(required=False)
    contract_number = serializers.CharField(required=False, allow_blank=True)

    def values(self) -> tuple[str, dict]:
        data = dict(self.validated_data)
        kind = data.pop("kind")
        if kind in ("activity", "server"):
            data["kind"] = data.pop(f"{kind}_kind", "")
        return kind, data


def _session(request, pk: int):
    session = get_object_or_404(selectors.sessions(), pk=pk)
    if not access.may_manage(request.user, session):
        raise NotFound()
    return session


class SessionRecordsView(APIView):
    """A session's records, every kind grouped; POST adds one."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RecordsSerializer)
    def get(self, request, pk: int):
        records = selectors.session_records(_session(request, pk))
        return Response(RecordsSerializer(records).data)

    @extend_schema(request=RecordInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        session = _session(request, pk)
        given = RecordInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        kind, data = given.values()
        record = record_services.add(actor=request.user, session=session, kind=kind, data=data)
        return Response({"kind": kind, **SERIALIZER_OF[kind](record).data}, status=status.HTTP_201_CREATED)
