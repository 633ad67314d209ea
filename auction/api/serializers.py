from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from auction import selectors
from auction.catalogue import PUBLIC_FIELDS as CATALOGUE_FIELDS
from auction.catalogue import SORTS
from auction.choices import Column, ItemKind, Maturity, TradeMode
from auction.models import (
    AUCTION_RULE_FIELDS,
    ITEM_FIELDS,
    AuctionRules,
    Item,
    ListExpert,
    SubmissionList,
)
from auction.rules import list_compliance
from auction.services.lists import CONTACT_FIELDS, readiness_problems
from jbgs.api.fields import AmountField, BlankChoicesKept, LooseDateField
from jbgs.choices import Weekday
from jbgs.models import Campaign
from jbgs.selectors import YearFields


class AuctionRulesSerializer(BlankChoicesKept, serializers.ModelSerializer):
    """The auction's rules of a year, merged into /api/v1/campaigns/ (a jbgs.rules section)."""

    bidding_weekdays = serializers.ListField(child=serializers.ChoiceField(choices=Weekday.choices), required=False)
    columns = serializers.ListField(child=serializers.ChoiceField(choices=Column.choices), required=False)
    trade_modes = serializers.ListField(child=serializers.ChoiceField(choices=TradeMode.choices), required=False)

    class Meta:
        model = AuctionRules
        fields = list(AUCTION_RULE_FIELDS)


class ItemSerializer(BlankChoicesKept, serializers.ModelSerializer):
    list = serializers.PrimaryKeyRelatedField(source="submission_list", queryset=SubmissionList.objects.all())
    field = serializers.CharField(source="field.code", allow_null=True, required=False,
                                  help_text="An industry field of the list's year, by code (new_energy) or name (新能源).")
    trade_modes = serializers.ListField(child=serializers.ChoiceField(choices=TradeMode.choices), required=False)
    linked_patents = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    organization = serializers.CharField(source="organization.name", read_only=True)
    # The campaign's id, as in lists and imports; its year beside it for reading.
    campaign = serializers.PrimaryKeyRelatedField(read_only=True)
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    previously_published = serializers.SerializerMethodField()
    application_date = LooseDateField(required=False, allow_null=True)
    grant_date = LooseDateField(required=False, allow_null=True)
    asking_price = AmountField(help_text="Null or 面议 when negotiable.")

    class Meta:
        model = Item
        fields = ["id", "list", "kind", "campaign", "year", "organization", *ITEM_FIELDS, "review_state", "review_comment",
                  "previously_published", "published_at", "created_at", "updated_at"]
        read_only_fields = ["review_state", "review_comment", "published_at", "created_at", "updated_at"]
        # The rules (uniqueness included) run in the service, with their own messages.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["list"].read_only = True
            fields["kind"].read_only = True
        return fields

    def validate(self, attrs):
        # Industry-field codes repeat from year to year: found in the list's year, as every entry finds them.
        if "field" in attrs:
            code = (attrs.pop("field") or {}).get("code")
            submission_list = attrs.get("submission_list") or self.instance.submission_list
            try:
                attrs["field"] = YearFields(submission_list.campaign.year).get(code) if code else None
            except DjangoValidationError as error:
                raise serializers.ValidationError({"field": error.messages[0]}, code="invalid_choice")
        return attrs

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_previously_published(self, item) -> dict | None:
        earlier = item.previously_published
        if earlier is None:
            return None
        return {"year": earlier.campaign.year, "published_at": earlier.published_at, "unit": earlier.organization.name}


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    bound = serializers.IntegerField()
    kind = serializers.CharField()
    ok = serializers.BooleanField()


class ListExpertSerializer(BlankChoicesKept, serializers.ModelSerializer):
    class Meta:
        model = ListExpert
        fields = ["name", "title", "speciality", "phone", "email"]


class ListSerializer(BlankChoicesKept, serializers.ModelSerializer):
    """A unit's list. `experts` (the 信息表's technical experts) replaces them all when given;
    the sealed copy is uploaded at `sealed-copy/`."""

    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.filter(kind="auction"))
    experts = ListExpertSerializer(many=True, required=False)
    has_sealed_copy = serializers.SerializerMethodField()
    organization = serializers.CharField(source="organization.name", read_only=True)
    counts = serializers.SerializerMethodField()
    compliance = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta:
        model = SubmissionList
        fields = ["id", "campaign", "organization", "status", *CONTACT_FIELDS, "experts", "has_sealed_copy",
                  "max_items_override", "submitted_at", "reviewed_at", "review_comment", "counts", "compliance",
                  "problems"]
        read_only_fields = ["status", "max_items_override", "submitted_at", "reviewed_at", "review_comment"]
        validators = []

    def _counts(self, submission_list) -> dict:
        cache = self.context.setdefault("_counts", {})
        if submission_list.pk not in cache:
            cache[submission_list.pk] = selectors.list_counts(submission_list)
        return cache[submission_list.pk]

    def get_has_sealed_copy(self, submission_list) -> bool:
        return bool(submission_list.sealed_copy)

    def get_counts(self, submission_list) -> dict:
        return self._counts(submission_list)

    @extend_schema_field(CheckSerializer(many=True))
    def get_compliance(self, submission_list):
        checks = list_compliance(submission_list, self._counts(submission_list)).checks
        return [{"code": c.code, "label": str(c.label), "count": c.count, "bound": c.bound, "kind": c.kind,
                 "ok": c.ok} for c in checks]

    def get_problems(self, submission_list) -> list[str]:
        if not submission_list.is_editable:
            return []
        return [str(p) for p in readiness_problems(submission_list, self._counts(submission_list))]


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.filter(kind="auction"))


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()


class ImportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    kind = serializers.SerializerMethodField()
    file = serializers.CharField(source="original_name")
    list = serializers.IntegerField(source="target_id")
    total_rows = serializers.IntegerField()
    processed_rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    error_count = serializers.IntegerField(help_text="Row errors, read a page at a time from `errors/`.")
    rejected_rows = serializers.IntegerField(source="rejected_count", help_text="Rows with problems, not saved.")
    message = serializers.CharField()

    def get_kind(self, job) -> str:
        return job.kind.split(".", 1)[1]


class CatalogueItemSerializer(BlankChoicesKept, serializers.ModelSerializer):
    """What the public may see of a published item: nothing more."""

    field = serializers.CharField(source="field.code", allow_null=True)
    field_name = serializers.CharField(source="field.name", allow_null=True)
    unit = serializers.CharField(source="organization.name")
    region = serializers.CharField(source="organization.region.full_name")
    year = serializers.IntegerField(source="campaign.year")
    patent_number = serializers.CharField()

    class Meta:
        model = Item
        fields = [*CATALOGUE_FIELDS, "field_name", "unit", "region", "year", "patent_number"]
        read_only_fields = fields


class CatalogueQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    field = serializers.CharField(required=False, allow_blank=True)
    column = serializers.ChoiceField(choices=Column.choices, required=False)
    trade_mode = serializers.ChoiceField(choices=TradeMode.choices, required=False)
    maturity = serializers.ChoiceField(choices=Maturity.choices, required=False)
    kind = serializers.ChoiceField(choices=ItemKind.choices, required=False)
    price_min = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, min_value=0,
                                         help_text="万元")
    price_max = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, min_value=0,
                                         help_text="万元")
    unit = serializers.CharField(required=False, allow_blank=True, max_length=100)
    region = serializers.CharField(required=False, allow_blank=True, max_length=6)
    programme = serializers.BooleanField(required=False, default=False)
    open_license = serializers.BooleanField(required=False, default=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    sort = serializers.ChoiceField(choices=sorted(SORTS), required=False)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF or image.")
