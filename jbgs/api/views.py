import datetime

from django.contrib.auth import authenticate
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jbgs import access, lockout, selectors
from jbgs.api import serializers as s
from jbgs.api.permissions import IsPlatformAdmin, ReadOnlyOrAdmin
from jbgs.api.throttling import ScopedRateThrottle
from jbgs.choices import OrganizationKind, OrganizationStatus, Role
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.models import (
    AuditEntry,
    Campaign,
    IndustryField,
    Notification,
    Organization,
    Region,
    User,
)
from jbgs.rules import rules_sections
from jbgs.services import campaigns as campaign_services
from jbgs.services import organizations as org_services
from jbgs.services import users as user_services
from jbgs.services.notifications import mark_read


class TokenView(APIView):
    """Exchange a user name and password for an API token (`Authorization: Token …`).
    Throttled per client address, and under the sign-in lockout as the login page is."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=s.TokenRequestSerializer, responses={200: s.TokenSerializer}, auth=[])
    def post(self, request):
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        # The Django request, so that axes flags it (and its middleware answers 429).
        user = authenticate(request._request, username=username, password=data.validated_data["password"])
        if user is None and lockout.is_locked_out(request._request):
            raise lockout.LockedOut(lockout.message(request._request, username))
        if user is None:
            raise DomainError(
                _("The user name or password is wrong, or the account is not active yet."),
                code="invalid_credentials",
            )
        refusal = access.sign_in_refusal(user)  # as the login page refuses it
        if refusal:
            code, message = refusal
            raise NotAllowed(message, code=code)
        key, expires = user_services.api_token(user)
        return Response({"token": key, "expires": expires})


class TokenRevokeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        user_services.revoke_api_tokens(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """Who the caller is: account, roles and organisation."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        return Response(s.MeSerializer(request.user).data)


class OrganizationFilter(filters.FilterSet):
    q = filters.CharFilter(method="search")
    kind = filters.ChoiceFilter(choices=OrganizationKind.choices)
    status = filters.ChoiceFilter(choices=OrganizationStatus.choices)
    region = filters.CharFilter(method="in_region")

    class Meta:
        model = Organization
        fields = ["kind", "status"]

    def search(self, qs, name, value):
        return selectors.filter_organizations(qs, q=value)

    def in_region(self, qs, name, value):
        return qs.filter(
            Q(region_id=value) | Q(region__parent_id=value) | Q(region__parent__parent_id=value)
        )


class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations: administrators see and manage all; a member sees their own."""

    serializer_class = s.OrganizationSerializer
    filterset_class = OrganizationFilter

    def get_queryset(self):
        return (
            access.visible_organizations(self.request.user)
            .prefetch_related("agreement_acceptances")
            .order_by("name")
        )

    def get_permissions(self):
        if self.action in ("list", "retrieve", "accept_agreement"):
            return [IsAuthenticated()]
        return [IsAuthenticated(), IsPlatformAdmin()]

    @extend_schema(request=None, responses=s.OrganizationSerializer)
    @action(detail=True, methods=["post"], url_path="accept-agreement")
    def accept_agreement(self, request, pk=None):
        """The unit accepts the service agreement (委托服务协议): its liaison or enterprise
        contact, once; recorded with who and when."""
        org = org_services.accept_agreement(organization=self.get_object(), actor=request.user).organization
        org = self.get_queryset().get(pk=org.pk)
        return Response(s.OrganizationSerializer(org).data)

    def perform_create(self, serializer):
        serializer.instance = org_services.create_organization(
            actor=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = org_services.update_organization(
            organization=serializer.instance,
            actor=self.request.user,
            changes=serializer.validated_data,
        )

    def _act(self, request, pk, payload_serializer, service, **fixed):
        payload = payload_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        org = service(
            organization_id=self.get_object().pk,
            actor=request.user,
            **payload.validated_data,
            **fixed,
        )
        return Response(s.OrganizationSerializer(org).data)

    @extend_schema(request=s.ReviewSerializer, responses=s.OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        org = self.get_object()
        payload = s.ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        applicant = org.members.order_by("date_joined").first()
        roles = payload.validated_data.get("roles") or (applicant.roles if applicant else [])
        org = org_services.approve_organization(
            organization_id=org.pk,
            actor=request.user,
            roles=roles,
            comment=payload.validated_data["comment"],
        )
        return Response(s.OrganizationSerializer(org).data)

    @extend_schema(request=s.RejectSerializer, responses=s.OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(request, pk, s.RejectSerializer, org_services.reject_organization)

    @extend_schema(request=s.SuspendSerializer, responses=s.OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._act(
            request,
            pk,
            s.SuspendSerializer,
            org_services.set_organization_suspended,
            suspended=True,
        )

    @extend_schema(request=s.SuspendSerializer, responses=s.OrganizationSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        return self._act(
            request,
            pk,
            s.SuspendSerializer,
            org_services.set_organization_suspended,
            suspended=False,
        )


class UserFilter(filters.FilterSet):
    q = filters.CharFilter(method="search")
    role = filters.ChoiceFilter(choices=Role.choices, method="with_role")

    class Meta:
        model = User
        fields = ["organization", "is_active"]

    def search(self, qs, name, value):
        return selectors.filter_users(qs, q=value)

    def with_role(self, qs, name, value):
        return selectors.filter_users(qs, role=value)


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Accounts, for administrators: create them in an organisation with roles, change them."""

    serializer_class = s.UserSerializer
    permission_classes = [IsAuthenticated, IsPlatformAdmin]
    filterset_class = UserFilter

    def get_queryset(self):
        return access.visible_users(self.request.user).order_by("username")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = user_services.create_user(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        password = data.pop("password", None)
        data.pop("username", None)
        user = user_services.update_user(
            actor=self.request.user, user=serializer.instance, changes=data
        )
        if password:
            user_services.set_password(actor=self.request.user, user=user, password=password)
        serializer.instance = user


class CampaignViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Campaign years with their rules, stages and industry fields. Public to read."""

    serializer_class = s.CampaignSerializer
    permission_classes = [ReadOnlyOrAdmin]
    filterset_fields = ["year", "kind"]
    pagination_class = None

    def get_queryset(self):
        return (
            Campaign.objects.select_related(*(section.accessor for section in rules_sections()))
            .prefetch_related(Prefetch("stages"))
            .order_by("-year", "kind")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        by_year = {}
        for field in IndustryField.objects.order_by("position"):
            by_year.setdefault(field.year, []).append(field)
        context["fields_by_year"] = by_year
        return context

    def _save(self, serializer, campaign):
        data = dict(serializer.validated_data)
        stages = data.pop("stages", None)
        for section in rules_sections():
            data.pop(section.accessor, None)
        for field, value in data.items():
            setattr(campaign, field, value)
        if stages is None:
            stages = (
                [
                    {
                        "code": st.code,
                        "starts_on": st.starts_on,
                        "ends_on": st.ends_on,
                        "ongoing": st.ongoing,
                    }
                    for st in campaign.stages.all()
                ]
                if campaign.pk
                else []
            )
        serializer.instance = campaign_services.save_campaign(
            actor=self.request.user,
            campaign=campaign,
            stages=stages,
            rules=serializer.rules_for(campaign),
        )

    def perform_create(self, serializer):
        self._save(serializer, Campaign())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """GB/T 2260 divisions: Jiangsu's cities and counties, and the other provinces."""

    queryset = Region.objects.all()
    serializer_class = s.RegionSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["level", "parent", "in_jiangsu"]
    pagination_class = None


class IndustryFieldViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = IndustryField.objects.order_by("-year", "position")
    serializer_class = s.IndustryFieldSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["year"]
    pagination_class = None


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's inbox."""

    serializer_class = s.NotificationSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = {"read_at": ["isnull"], "kind": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Notification.objects.none()
        return self.request.user.notifications.all()

    @extend_schema(request=None, responses=s.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = self.get_object()
        mark_read(request.user, [note.pk])
        note.refresh_from_db()
        return Response(s.NotificationSerializer(note).data)

    @extend_schema(
        request=None,
        responses={200: {"type": "object", "properties": {"marked": {"type": "integer"}}}},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": mark_read(request.user)})


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO time with any UTC offset Python accepts; PostgreSQL only takes offsets up to
    ±15:59, so the value is moved to UTC before it reaches the query."""

    def filter(self, qs, value):
        return super().filter(qs, value.astimezone(datetime.UTC) if value else value)


class AuditFilter(filters.FilterSet):
    action = filters.CharFilter(field_name="action", lookup_expr="startswith")
    actor = filters.NumberFilter(field_name="actor_id")
    object_type = filters.CharFilter(method="of_type")
    object_id = filters.CharFilter()
    since = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = UTCDateTimeFilter(field_name="created_at", lookup_expr="lte")

    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "object_id"]

    def of_type(self, qs, name, value):
        app_label, _sep, model = value.partition(".")
        return qs.filter(content_type__app_label=app_label, content_type__model=model)


class AuditViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log, for administrators."""

    queryset = AuditEntry.objects.select_related("content_type")
    serializer_class = s.AuditEntrySerializer
    permission_classes = [IsAuthenticated, IsPlatformAdmin]
    filterset_class = AuditFilter
