"""The bidding API: days, lots, registrations, bids, the live state, deals.

Rejected bids answer 4xx `{"code", "detail"}` with `code` one of `lot_not_open`,
`not_registered`, `bid_too_low`, `not_increment_multiple`, `already_leading`. The reserve
price is shown to administrators and the seller unit only; bidders appear as aliases."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from auction import access, selectors
from auction.choices import LOT_PUBLIC as PUBLIC_STATES
from auction.choices import LotStatus, ReserveState, UnsoldReason
from auction.models import BiddingDay, Deal, Item, Lot, Registration
from auction.models.bidding import MONEY
from auction.services import bidding, days, live, lots
from jbgs import access as kernel_access
from jbgs.api.fields import AmountField, LooseDateField
from jbgs.api.permissions import IsPlatformAdmin, ReadOnlyOrAdmin

# --- Serializers ---------------------------------------------------------------------------


class DaySerializer(serializers.ModelSerializer):
    opens_at = serializers.TimeField(write_only=True, required=False, allow_null=True)
    closes_at = serializers.TimeField(write_only=True, required=False, allow_null=True)
    opens = serializers.DateTimeField(source="opens_at", read_only=True)
    closes = serializers.DateTimeField(source="closes_at", read_only=True)
    lots = serializers.IntegerField(source="lot_count", read_only=True)

    class Meta:
        model = BiddingDay
        fields = ["id", "date", "opens_at", "closes_at", "opens", "closes", "status", "special", "note", "lots"]
        read_only_fields = ["status", "special"]


class LotSerializer(serializers.ModelSerializer):
    """A lot as the caller may see it: `reserve_price` only for administrators and the
    seller, `my_state` for a signed-in caller; `ends_at` is the effective (extended) end."""

    items = serializers.PrimaryKeyRelatedField(many=True, queryset=Item.objects.filter(published_at__isnull=False))
    seller = serializers.CharField(source="seller.name", read_only=True)
    ends_at = serializers.DateTimeField(source="effective_end", read_only=True)
    scheduled_end = serializers.DateTimeField(source="ends_at", read_only=True)
    day = serializers.DateField(source="day.date", read_only=True, allow_null=True)
    start_price = AmountField(required=True, allow_null=False)
    reserve_price = AmountField(help_text="Hidden from bidders; empty means the start price.")
    increment = AmountField(required=True, allow_null=False)
    deposit = AmountField()
    current_price = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    leader = serializers.SerializerMethodField(help_text="The leading bidder's alias (竞买人 A, B…).")
    my_state = serializers.SerializerMethodField(help_text="won, leading, outbid, registered, deposit_pending, "
                                                           "not_registered, ended or signed_out.")

    class Meta:
        model = Lot
        fields = ["id", "number", "title", "items", "seller", "trade_mode", "status", "day", "starts_at", "ends_at",
                  "scheduled_end", "start_price", "reserve_price", "increment", "deposit", "snipe_window_minutes",
                  "snipe_extension_minutes", "snipe_cap_minutes", "current_price", "bid_count", "leader",
                  "my_state"]
        read_only_fields = ["number", "status", "starts_at", "bid_count"]
        extra_kwargs = {name: {"required": False} for name in ("snipe_window_minutes", "snipe_extension_minutes",
                                                                "snipe_cap_minutes")}

    def to_representation(self, lot):
        data = super().to_representation(lot)
        now = self.context.get("now") or timezone.now()
        data["status"] = live.status_at(lot.status, lot.starts_at, lot.effective_end, now)
        if not access.can_see_reserve(self.context["request"].user, lot):
            data.pop("reserve_price")
        return data

    def get_leader(self, lot) -> str | None:
        return lot.leader.alias if lot.leader_id else None

    def get_my_state(self, lot) -> str:
        user = self.context["request"].user
        registration = None
        if user.is_authenticated:
            registration = next((r for r in lot.registrations.all() if r.bidder_id == user.pk), None)
        return selectors.my_state(lot.leader_id, registration, user, lot.status)


class RegistrationSerializer(serializers.ModelSerializer):
    rules_accepted = serializers.BooleanField(write_only=True)
    disclaimer_accepted = serializers.BooleanField(write_only=True)
    lot = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "lot", "alias", "deposit_state", "deposit_amount", "deposit_received_amount",
                  "deposit_received_on", "deposit_confirmed_at", "released_at", "refunded_on", "rules_accepted",
                  "disclaimer_accepted"]
        read_only_fields = ["alias", "deposit_state", "deposit_amount", "deposit_received_amount",
                            "deposit_received_on", "deposit_confirmed_at", "released_at", "refunded_on"]


class DepositConfirmationSerializer(serializers.Serializer):
    """The deposit's arrival as the bank statement shows it."""

    reference = serializers.CharField(max_length=100)
    amount = AmountField(allow_null=False, required=True, help_text="The amount received.")
    received_on = LooseDateField()


class BidRequestSerializer(serializers.Serializer):
    """A bid: an `amount`, or a number of `increments` above the price when the bid is taken."""

    MAX_INCREMENTS = 100

    amount = AmountField(allow_null=False, required=False,
                         help_text='Yuan as a decimal string, e.g. "1250000.00" (or 125万).')
    increments = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_INCREMENTS,
        help_text="Instead of `amount`: this many increments above the price as the bid is taken (1 is the "
                  "minimum bid), so that the bid cannot lose its race by being too low.")
    max_amount = AmountField(allow_null=False, required=False,
                             help_text="With `increments`: the most to bid; above it the bid is refused "
                                       "`bid_too_low`.")

    def validate(self, data):
        if ("amount" in data) == ("increments" in data):
            raise serializers.ValidationError({"amount": _("Give either an amount or a number of increments.")},
                                              code="invalid")
        if "max_amount" in data and "increments" not in data:
            raise serializers.ValidationError({"max_amount": _("A maximum goes with a number of increments.")},
                                              code="invalid")
        return data


class BidSerializer(serializers.Serializer):
    """An accepted bid as everyone sees it. Fields declared one by one rather than from the
    model: a ModelSerializer builds its fields from the model again for every bid answered."""

    id = serializers.IntegerField(read_only=True)
    bidder = serializers.CharField(source="registration.alias", read_only=True, help_text="The bidder's alias.")
    amount = serializers.DecimalField(**MONEY, read_only=True)
    placed_at = serializers.DateTimeField(read_only=True)
    extended_to = serializers.DateTimeField(read_only=True, allow_null=True,
                                            help_text="The lot's new end, when the bid extended it.")


class _LotPublicStateSerializer(serializers.Serializer):
    """live.PUBLIC_FIELDS, for the schema: the answers are built by auction.services.live."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    current_price = serializers.CharField(allow_null=True)
    minimum_bid = serializers.CharField()
    increment = serializers.CharField()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    extended = serializers.BooleanField()
    bid_count = serializers.IntegerField()
    reserve_state = serializers.ChoiceField(choices=ReserveState.choices,
                                            help_text="Whether there is a reserve and the price reached it.")
    unsold_reason = serializers.ChoiceField(choices=UnsoldReason.choices, allow_blank=True,
                                            help_text="Why the lot ended unsold; empty otherwise.")


class LotStateSerializer(_LotPublicStateSerializer):
    """The live state endpoint's answer."""

    leader = serializers.CharField(allow_null=True, help_text="The leading bidder's alias.")
    server_time = serializers.DateTimeField()


class BidLotSerializer(_LotPublicStateSerializer):
    """The lot's state in the answer to an accepted bid."""

    leader = serializers.CharField(help_text="The leading bidder's alias.")
    my_state = serializers.CharField()


class DealSerializer(serializers.ModelSerializer):
    lot = serializers.CharField(source="lot.number", read_only=True, allow_null=True,
                                help_text="The lot's number; null for a contract reached in the challenge.")
    buyer = serializers.CharField(source="buyer.name", read_only=True)
    seller = serializers.CharField(source="seller.name", read_only=True)
    support_eligible = serializers.BooleanField(read_only=True)

    class Meta:
        model = Deal
        fields = ["id", "number", "lot", "subject", "method", "buyer", "seller", "price", "trade_mode", "stage", "concluded_at",
                  "contract_number", "contract_amount", "contract_signed_on", "registration_number", "registered_on",
                  "transferred_on", "support_eligible"]


# --- Viewsets -------------------------------------------------------------------------------


class DayViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Bidding days: everyone reads them; administrators add one (`date`, `opens_at`,
    `closes_at`) to the current auction campaign."""

    serializer_class = DaySerializer
    permission_classes = [ReadOnlyOrAdmin]

    def get_queryset(self):
        year = self.request.query_params.get("year")
        return selectors.bidding_days(year=int(year) if year and year.isdigit() else None)

    def perform_create(self, serializer):
        campaign = selectors.current_auction_campaign(serializer.validated_data["date"])
        data = serializer.validated_data
        serializer.instance = days.add_day(actor=self.request.user, campaign=campaign, date=data["date"],
                                           opens_at=data.get("opens_at"), closes_at=data.get("closes_at"),
                                           note=data.get("note", ""))
        serializer.instance.lot_count = 0


class LotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                 viewsets.GenericViewSet):
    """Lots on bidding days (`?day=YYYY-MM-DD`); administrators also see drafts and create
    lots. `bids` places a bid (or lists the history), `registrations` registers the caller,
    `state` is the live state for polling, with an ETag."""

    serializer_class = LotSerializer
    permission_classes = [AllowAny]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        qs = selectors.visible_lots(self.request.user)
        day = self.request.query_params.get("day")
        if day:
            qs = qs.filter(day__date=_date(day))
        status_ = self.request.query_params.get("status")
        if status_ in LotStatus.values:
            qs = qs.filter(status=status_)
        return qs.order_by("starts_at", "number")

    @extend_schema(parameters=[OpenApiParameter("day", OpenApiTypes.DATE), OpenApiParameter("status", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_permissions(self):
        if self.action == "create":  # before the body is read: a visitor is asked to sign in
            return [IsAuthenticated(), IsPlatformAdmin()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = serializer.validated_data
        terms = lots.Terms(title=data["title"], trade_mode=data["trade_mode"], start_price=data["start_price"],
                           increment=data["increment"], deposit=data.get("deposit") or 0,
                           reserve_price=data.get("reserve_price"),
                           snipe_window_minutes=data.get("snipe_window_minutes"),
                           snipe_extension_minutes=data.get("snipe_extension_minutes"),
                           snipe_cap_minutes=data.get("snipe_cap_minutes"))
        campaign = selectors.current_auction_campaign(timezone.localdate())
        serializer.instance = lots.create_lot(actor=self.request.user, campaign=campaign, items=data["items"],
                                              terms=terms)

    @extend_schema(request=BidRequestSerializer, responses={201: inline_serializer("BidAccepted", {
        "bid": BidSerializer(), "lot": BidLotSerializer()}), 200: BidSerializer(many=True)})
    @action(detail=True, methods=["get", "post"], permission_classes=[IsAuthenticatedOrReadOnly])
    def bids(self, request, pk=None):
        """`GET`: the accepted bids, newest first, bidders as aliases. `POST {"amount"}` or
        `{"increments", "max_amount"}`: bid."""
        if request.method == "GET":
            lot = self.get_object()
            history = selectors.accepted_bids(lot)
            page = self.paginate_queryset(history)
            return self.get_paginated_response(BidSerializer(page, many=True).data)
        now = timezone.now()  # before the lot is read: a refusal reflects the lot as it was by then or later
        lot, registration = bidding.read_for_bid(int(pk), request.user)
        if lot is None or lot.status not in PUBLIC_STATES:
            raise NotFound()
        body = BidRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = bidding.place_bid(lot_id=lot.pk, bidder=request.user, now=now, seen=(lot, registration),
                                   **body.validated_data)
        return Response({"bid": BidSerializer(result.bid).data, "lot": live.after_bid(result.lot, request.user.pk, now)},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=RegistrationSerializer, responses={201: RegistrationSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def registrations(self, request, pk=None):
        """Register the caller (a bidder) for the lot, accepting the rules and the disclaimer."""
        lot = self.get_object()
        body = RegistrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        registration = bidding.register(bidder=request.user, lot=lot,
                                        rules_accepted=body.validated_data["rules_accepted"],
                                        disclaimer_accepted=body.validated_data["disclaimer_accepted"])
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: LotStateSerializer, 304: None})
    @action(detail=True, methods=["get"], permission_classes=[AllowAny], authentication_classes=[])
    def state(self, request, pk=None):
        """The live public state, from the cache; `If-None-Match` with the last ETag answers 304."""
        state = live.public_state(int(pk))
        if state is None or state["status"] not in PUBLIC_STATES:
            return Response({"code": "not_found", "detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        if request.headers.get("If-None-Match") == state["etag"]:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(live.body(state, timezone.now()))
        response["ETag"] = state["etag"]
        response["Cache-Control"] = "no-cache"
        return response


def _date(text: str):
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({"day": "YYYY-MM-DD"}, code="invalid_date")


class RegistrationViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A registration: the bidder sees their own, administrators all and confirm deposits."""

    lookup_value_regex = r"[0-9]+"

    serializer_class = RegistrationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        qs = Registration.objects.select_related("lot")
        if kernel_access.is_admin(self.request.user):
            return qs
        if not self.request.user.is_authenticated:
            return qs.none()
        return qs.filter(bidder=self.request.user)

    @extend_schema(request=DepositConfirmationSerializer, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"], url_path="confirm-deposit")
    def confirm_deposit(self, request, pk=None):
        if not kernel_access.is_admin(request.user):
            raise PermissionDenied()
        arrival = DepositConfirmationSerializer(data=request.data)
        arrival.is_valid(raise_exception=True)
        registration = bidding.confirm_deposit(actor=request.user, registration=self.get_object(),
                                               **arrival.validated_data)
        return Response(RegistrationSerializer(registration).data)


class DealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Deals the caller may see: administrators all, a seller or buyer unit its own."""

    serializer_class = DealSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        qs = access.visible_deals(self.request.user).order_by("-concluded_at")
        stage = self.request.query_params.get("stage")
        return qs.filter(stage=stage) if stage else qs

