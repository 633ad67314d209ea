"""/api/v1/sessions/applications/: hosting applications (申办表) over the same services as the
pages. An organiser of a local authority reads and writes its own; the administrators read
every application and decide (`select` answers the session created, `decline` needs a
comment). An application of another authority is not found."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from jbgs.api.permissions import IsPlatformAdmin
from jbgs.exceptions import DomainError
from jbgs.selectors import YearFields
from sessions_mgmt import access, selectors
from sessions_mgmt.choices import ApplicationStatus, SessionType
from sessions_mgmt.models import HostingApplication
from sessions_mgmt.services import hosting


class Applies(BasePermission):
    message = gettext_lazy("Only an organiser of a local science and technology authority applies to host.")

    def has_permission(self, request, view):
        return access.may_apply(request.user)


class ReadsApplications(BasePermission):
    message = gettext_lazy("Only local authorities' organisers and administrators read hosting applications.")

    def has_permission(self, request, view):
        return access.is_organiser(request.user) or IsPlatformAdmin().has_permission(request, view)


class CoHostUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CoHostSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="organization_id")
    name = serializers.CharField(source="organization.name")
    role = serializers.CharField(help_text="authority, university, science_park, sub_centre, manager_firm, other")


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    session_type = serializers.CharField()
    field = serializers.CharField(source="field.code", allow_null=True, default=None)
    title = serializers.CharField()
    torch = serializers.BooleanField()
    applicant = CoHostUnitSerializer()
    co_hosts = CoHostSerializer(many=True, source="co_hosts.all")
    plan = serializers.CharField()
    policies = serializers.CharField()
    groundwork = serializers.CharField()
    liaison_name = serializers.CharField()
    liaison_phone = serializers.CharField()
    liaison_email = serializers.CharField()
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_comment = serializers.CharField()
    session = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")

    def get_session(self, application) -> int | None:
        session = getattr(application, "session", None) if application.status == ApplicationStatus.SELECTED else None
        return session.pk if session is not None else None


class NewApplicationSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    session_type = serializers.ChoiceField(choices=SessionType.choices)
    field = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=100,
                                  help_text="The code of one of the year's industry fields (industry sessions).")
    title = serializers.CharField(max_length=200)
    torch = serializers.BooleanField(default=False)
    co_hosts = serializers.ListField(child=serializers.IntegerField(min_value=1), default=list, max_length=50,
                                     help_text="Ids of active units co-hosting the session.")
    plan = serializers.CharField(max_length=20000)
    policies = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    groundwork = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    liaison_name = serializers.CharField(max_length=100)
    liaison_phone = serializers.CharField(max_length=30)
    liaison_email = serializers.EmailField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        code = attrs.get("field") or ""
        try:
            attrs["field"] = YearFields(attrs["year"]).get(code) if code else None
        except DjangoValidationError as error:
            raise serializers.ValidationError({"field": error.messages}) from None
        return attrs


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class QuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)


SESSION_ANSWER = inline_serializer("SelectedSession", {"session": serializers.IntegerField(),
                                                       "application": ApplicationSerializer()})


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An organiser's own applications, every one for the administrators (`?year=&status=`);
    `POST` a draft (an organiser of a local authority), then `submit`, `withdraw`; an
    administrator's `select` (answers the session created) or `decline` (with a comment)."""

    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated, ReadsApplications]
    parser_classes = [JSONParser]
    filter_backends = []
    lookup_value_regex = r"[0-9]+"

    def get_permissions(self):
        extra = {"create": [Applies()], "select": [IsPlatformAdmin()], "decline": [IsPlatformAdmin()]}
        return [IsAuthenticated(), *extra.get(self.action, [ReadsApplications()])]

    def get_queryset(self):
        return (access.visible_applications(self.request.user)
                .select_related("applicant", "field", "session")
                .prefetch_related("co_hosts__organization", "attachments").order_by("-year", "-id"))

    def _answer(self, application: HostingApplication, code=status.HTTP_200_OK) -> Response:
        return Response(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data, status=code)

    @extend_schema(parameters=[QuerySerializer])
    def list(self, request, *args, **kwargs):
        params = QuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = selectors.applications(self.get_queryset(), **params.validated_data).prefetch_related(
            "co_hosts__organization", "attachments").select_related("session")
        page = self.paginate_queryset(found)
        return self.get_paginated_response(ApplicationSerializer(page, many=True).data)

    @extend_schema(request=NewApplicationSerializer, responses={201: ApplicationSerializer})
    def create(self, request):
        body = NewApplicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        year, wanted = data.pop("year"), data.pop("co_hosts")
        units = _units(wanted)
        application = hosting.save_application(actor=request.user, year=year, data=data, co_hosts=units)
        return self._answer(application, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit inside the year's window; the year's hosting rules answer 400 `hosting_rules`
        with each broken rule in `errors`."""
        return self._answer(hosting.submit(actor=request.user, application=self.get_object()))

    @extend_schema(request=None, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(hosting.withdraw(actor=request.user, application=self.get_object()))

    @extend_schema(request=CommentSerializer, responses={201: SESSION_ANSWER})
    @action(detail=True, methods=["post"])
    def select(self, request, pk=None):
        """Select the applicant as host: its session is created; answers its id."""
        application = self.get_object()
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = hosting.select(actor=request.user, application=application, comment=body.validated_data["comment"])
        return Response({"session": session.pk, "application": ApplicationSerializer(
            self.get_queryset().get(pk=application.pk)).data}, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        application = self.get_object()
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(hosting.decline(actor=request.user, application=application,
                                            comment=body.validated_data["comment"]))


def _units(ids: list[int]) -> list:
    from jbgs.models import Organization

    wanted = list(dict.fromkeys(ids))
    found = {unit.pk: unit for unit in Organization.objects.filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise DomainError(_("No unit has the id %(ids)s.") % {"ids": ", ".join(map(str, missing))},
                          code="invalid_co_hosts", field="co_hosts")
    return [found[pk] for pk in wanted]
