"""/api/v1/challenge/: demands and hot lists, over the same services and selectors as the
pages. A demand the caller's unit does not own (an administrator owns all) is answered
with its public projection, or not found when it is not public."""

from django.db.models import F, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response

from auction.api.serializers import ImportErrorSerializer
from challenge import access, matching, selectors
from challenge.api.serializers import (
    CooperationSerializer,
    DemandImportJobSerializer,
    DemandImportRequestSerializer,
    DemandQuerySerializer,
    DemandSerializer,
    DiagnosisSerializer,
    HotListSerializer,
    MatchSerializer,
    NewHotListSerializer,
    NewSolutionSerializer,
    PublicDemandSerializer,
    SolutionSerializer,
    VerdictSerializer,
    WithdrawalSerializer,
    match_answer,
    public_answer,
)
from challenge.choices import DEMAND_IMPORT, DEMAND_PUBLIC
from challenge.models import Cooperation, Demand
from challenge.services import demands as demand_services
from challenge.services import hot_lists as hot_list_services
from challenge.services import solutions as solution_services
from jbgs import access as kernel_access
from jbgs.api.permissions import IsPlatformAdmin
from jbgs.exceptions import DomainError
from jbgs.models import Campaign, ImportJob
from jbgs.selectors import ImportErrors, import_jobs
from jbgs.services.imports import start_import


class PostsDemands(BasePermission):
    message = gettext_lazy("Only an enterprise's members post its demands.")

    def has_permission(self, request, view):
        return access.posts_demands(request.user)


class Diagnoses(BasePermission):
    message = gettext_lazy("Only experts and administrators diagnose demands.")

    def has_permission(self, request, view):
        return access.may_diagnose(request.user)


def _season() -> Campaign:
    """The latest challenge season, where demands and hot lists are posted."""
    campaign = selectors.current_campaign()
    if campaign is None:
        raise DomainError(_("There is no challenge season yet."), code="no_campaign")
    return campaign


DEMAND_ANSWER = PolymorphicProxySerializer(
    component_name="DemandAnswer", serializers=[DemandSerializer, PublicDemandSerializer],
    resource_type_field_name=None)


class _ReadByAnyone(viewsets.GenericViewSet):
    """Anyone reads; an action of `action_permissions` is for a signed-in caller holding its
    permissions, checked before the body is read (a visitor is asked to sign in, others told
    they may not). JSON bodies only."""

    permission_classes = [AllowAny]
    action_permissions: dict[str, tuple] = {}
    parser_classes = [JSONParser]
    filter_backends = []
    lookup_value_regex = r"[0-9]+"

    def get_permissions(self):
        if self.action in self.action_permissions:
            return [IsAuthenticated(), *(permission() for permission in self.action_permissions[self.action])]
        return super().get_permissions()


class DemandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ReadByAnyone):
    """Published demands for everyone; the caller's unit's in any state, and whole (every
    demand for the administrators). An enterprise posts with `POST` and changes a draft or a
    demand returned for revision with `PUT`/`PATCH`; `submit` hands it in for diagnosis,
    `withdraw` takes it back, `diagnosis` is an expert's verdict."""

    serializer_class = DemandSerializer
    # Changes to a demand are its unit's: others are refused once it is found (_own).
    action_permissions = {"create": (PostsDemands,), "diagnosis": (Diagnoses,), "update": (),
                          "partial_update": (), "submit": (), "withdraw": (), "matches": (),
                          "solutions": ()}

    def get_queryset(self):
        # Experts diagnose any demand, as on their page; everyone else reaches what they may see.
        demands = Demand.objects.all() if self.action == "diagnosis" else access.visible_demands(self.request.user)
        return (demands.select_related("campaign", "field", "organization", "region")
                .prefetch_related("targets", "diagnoses")
                .order_by(F("published_at").desc(nulls_last=True), "-pk"))

    def _answer(self, demand: Demand) -> dict:
        if access.sees_whole(self.request.user, demand):
            return DemandSerializer(demand, context=self.get_serializer_context()).data
        return public_answer(demand)

    def _own(self) -> Demand:
        """The demand, if the caller's unit owns it; a public one of others is refused."""
        demand = self.get_object()
        if not access.sees_whole(self.request.user, demand):
            raise PermissionDenied()
        return demand

    def _write(self, request, demand: Demand | None, campaign: Campaign, partial: bool = False) -> Demand:
        body = DemandSerializer(demand, data=request.data, partial=partial,
                                context={**self.get_serializer_context(), "campaign": campaign})
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        targets = data.pop("targets", None)
        return demand_services.save_demand(actor=request.user, organization=request.user.organization,
                                           campaign=campaign, demand=demand, data=data, targets=targets)

    @extend_schema(parameters=[DemandQuerySerializer], responses=DEMAND_ANSWER)
    def list(self, request, *args, **kwargs):
        """`q` finds words of the public text (never a hidden field); `field` filters by code."""
        params = DemandQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = selectors.search(self.get_queryset(), params.validated_data.get("q", ""),
                                 params.validated_data.get("field", ""))
        page = self.paginate_queryset(found)
        return self.get_paginated_response([self._answer(demand) for demand in page])

    @extend_schema(responses=DEMAND_ANSWER)
    def retrieve(self, request, *args, **kwargs):
        return Response(self._answer(self.get_object()))

    @extend_schema(responses={201: DemandSerializer})
    def create(self, request):
        """A new draft of the caller's enterprise in the latest challenge season."""
        demand = self._write(request, None, _season())
        return Response(self._answer(demand), status=status.HTTP_201_CREATED)

    def update(self, request, pk=None, partial=False):
        demand = self._own()
        return Response(self._answer(self._write(request, demand, demand.campaign, partial)))

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, responses={200: DemandSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Hand the demand in for diagnosis."""
        demand = demand_services.submit(actor=request.user, demand=self._own())
        return Response(self._answer(demand))

    @extend_schema(request=WithdrawalSerializer, responses={200: DemandSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take the demand back, with the reason."""
        demand = self._own()
        body = WithdrawalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        demand = demand_services.withdraw(actor=request.user, demand=demand, reason=body.validated_data.get("reason"))
        return Response(self._answer(demand))

    @extend_schema(responses={200: MatchSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def matches(self, request, pk=None):
        """The 20 solvers that best match the demand, ranked now, each with why: its enterprise
        and the administrators only (a demand not yet public has none)."""
        demand = self._own()
        ranked = matching.rank_solvers(demand) if demand.is_public else []
        return Response([match_answer(candidate) for candidate in ranked])

    @extend_schema(methods=["GET"], responses={200: SolutionSerializer(many=True)})
    @extend_schema(methods=["POST"], request=NewSolutionSerializer, responses={201: SolutionSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def solutions(self, request, pk=None):
        """`GET`: the solutions to the demand the caller may read (all of them for its
        enterprise and the administrators; a solver's unit, its own). `POST`: a solver answers
        the published demand (揭榜) with its team, approach, promises, timeline, budget (万元)
        and linked catalogue items of its unit."""
        demand = self.get_object()
        if request.method == "GET":
            found = [s for s in selectors.demand_solutions(demand).prefetch_related("items")
                     if solution_services.may_see(request.user, s)]
            return Response(SolutionSerializer(found, many=True).data)
        body = NewSolutionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        wanted = set(data.pop("items", []))
        items = [item for item in (selectors.solver_items(request.user.organization)
                                   if request.user.organization_id else []) if item.pk in wanted]
        if len(items) != len(wanted):
            raise DomainError(_("Link only your unit's published patents and results."), code="invalid_items",
                              field="items")
        solution = solution_services.submit_solution(actor=request.user, demand=demand, items=items, **data)
        return Response(SolutionSerializer(solution).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VerdictSerializer, responses={201: DiagnosisSerializer})
    @action(detail=True, methods=["post"])
    def diagnosis(self, request, pk=None):
        """An expert's or administrator's verdict on a submitted demand: `approve`, `revise`
        or `reject` (these two with a comment), with marks on the year's criteria or none."""
        demand = self.get_object()
        body = VerdictSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        diagnosis = demand_services.diagnose(actor=request.user, demand=demand, **body.validated_data)
        return Response(DiagnosisSerializer(diagnosis).data, status=status.HTTP_201_CREATED)


class HotListViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ReadByAnyone):
    """Published hot lists with their demands' public answers; administrators also see the
    drafts, draw one up (`POST {"title", "field", "demands"}`) and `publish` it, which
    publishes its demands with it."""

    serializer_class = HotListSerializer
    action_permissions = {"create": (IsPlatformAdmin,), "publish": (IsPlatformAdmin,)}

    def get_queryset(self):
        shown = Demand.objects.select_related("field", "organization", "region").prefetch_related("targets")
        if not kernel_access.is_admin(self.request.user):  # a demand withdrawn since is no longer public
            shown = shown.filter(status__in=DEMAND_PUBLIC)
        return (access.visible_hot_lists(self.request.user).select_related("campaign", "field")
                .prefetch_related(Prefetch("demands", queryset=shown.order_by("pk"), to_attr="shown_demands"))
                .order_by(F("published_at").desc(nulls_first=True), "-pk"))

    def _answer(self, hot_list) -> dict:
        return HotListSerializer(self.get_queryset().get(pk=hot_list.pk), context=self.get_serializer_context()).data

    @extend_schema(request=NewHotListSerializer, responses={201: HotListSerializer})
    def create(self, request):
        campaign = _season()
        body = NewHotListSerializer(data=request.data, context={"campaign": campaign})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        hot_list = hot_list_services.create_hot_list(actor=request.user, campaign=campaign, field=data["field"],
                                                     title=data["title"], demand_ids=data["demands"])
        return Response(self._answer(hot_list), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: HotListSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        hot_list = hot_list_services.publish_hot_list(actor=request.user, hot_list=self.get_object())
        return Response(self._answer(hot_list))


class DemandImportViewSet(viewsets.GenericViewSet):
    """A collector's filled 《需求征集表》, as the auction's imports take a list's forms: `POST`
    it (multipart: `file`, and `campaign`, the latest season when left out); a background job
    reads it (202). `GET` the job to follow it with its counts; its row errors are
    `GET …/errors/`, a page at a time. The collectors' (local authorities, sub-centres,
    technology managers) and the administrators'."""

    permission_classes = [IsAuthenticated]
    serializer_class = DemandImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        jobs = import_jobs(ImportJob.objects.filter(kind=DEMAND_IMPORT))
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return jobs.none()
        return jobs if kernel_access.is_admin(self.request.user) else jobs.filter(owner=self.request.user)

    def list(self, request):
        """The caller's imports, the latest first."""
        page = self.paginate_queryset(self.get_queryset().order_by("-created_at", "-pk"))
        return self.get_paginated_response(DemandImportJobSerializer(page, many=True).data)

    @extend_schema(request={"multipart/form-data": DemandImportRequestSerializer},
                   responses={202: OpenApiResponse(DemandImportJobSerializer, description="The job, queued.")})
    def create(self, request):
        if not demand_services.may_collect(request.user):
            raise PermissionDenied()
        payload = DemandImportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        campaign = payload.validated_data.get("campaign") or _season()
        job = start_import(kind=DEMAND_IMPORT, target_id=campaign.pk, actor=request.user,
                           upload=payload.validated_data["file"])
        return Response({"id": job.pk, "status": job.status}, status=status.HTTP_202_ACCEPTED)

    def retrieve(self, request, pk=None):
        return Response(DemandImportJobSerializer(self.get_object()).data)

    @extend_schema(responses=ImportErrorSerializer(many=True))
    @action(detail=True, methods=["get"])
    def errors(self, request, pk=None):
        """The job's row errors, by row, a page at a time: `{row, column, message}`."""
        page = self.paginate_queryset(ImportErrors(self.get_object()))
        return self.get_paginated_response(ImportErrorSerializer(page, many=True).data)


class CooperationViewSet(viewsets.ReadOnlyModelViewSet):
    """The project library (跟踪问效): the cooperations the caller takes part in or follows —
    every one for the administrators, those they follow up for the managers, its demands'
    for an enterprise, its solutions' for a solver's unit — with their stage and contract."""

    serializer_class = CooperationSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Cooperation.objects.none()
        return access.visible_cooperations(self.request.user, selectors.cooperations()).order_by("-created_at", "-pk")
