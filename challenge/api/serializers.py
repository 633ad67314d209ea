"""The demand side's API bodies. A demand has two answers: the whole record
(DemandSerializer) for its own unit and the administrators, and the public projection
(PublicDemandSerializer, built from challenge.public only) for everyone else, in which a
field the enterprise hid is absent."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from auction.api.serializers import ImportJobSerializer
from challenge.choices import CooperationMode, DemandStatus, HideableField, Verdict
from challenge.models import (
    CHALLENGE_RULE_FIELDS,
    ChallengeRules,
    Cooperation,
    Demand,
    DemandTarget,
    Diagnosis,
    HotList,
    Solution,
)
from challenge.public import PublicDemand, public_demand
from jbgs.api.fields import BlankChoicesKept, LooseDateField, WanAmountField
from jbgs.models import Campaign, Region
from jbgs.selectors import YearFields

# The largest id PostgreSQL's bigint holds: a larger one is refused as input, not looked up.
MAX_ID = 2**63 - 1


class ChallengeRulesSerializer(BlankChoicesKept, serializers.ModelSerializer):
    """The demand side's rules of a year, merged into /api/v1/campaigns/ (a jbgs.rules section)."""

    class Meta:
        model = ChallengeRules
        fields = list(CHALLENGE_RULE_FIELDS)


class YearFieldCode(serializers.CharField):
    """An industry field of the campaign's year (the context's `campaign`), by code
    (new_energy) or name (新能源), found as every entry finds it; answered by its code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("help_text", "An industry field of the campaign's year, by code (new_energy) or "
                                       "name (新能源); answered by code.")
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        text = super().run_validation(data)  # a string of the length allowed, first
        try:
            return YearFields(self.context["campaign"].year).get(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid_choice")

    def to_representation(self, value):
        return value.code


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = DemandTarget
        fields = ["indicator", "value", "unit", "hidden"]
        # A half-filled target is the service's to refuse, with the other problems at once.
        extra_kwargs = {"indicator": {"allow_blank": True}, "value": {"allow_blank": True}}


class DiagnosisSerializer(BlankChoicesKept, serializers.ModelSerializer):
    """A verdict on the demand, as its enterprise reads it (not who gave it)."""

    demand = serializers.PrimaryKeyRelatedField(read_only=True)
    scores = serializers.DictField(child=serializers.CharField(), read_only=True,
                                   help_text="The mark of each of the year's criteria, by code; empty without marks.")

    class Meta:
        model = Diagnosis
        fields = ["id", "demand", "verdict", "comment", "scores", "total", "created_at"]
        read_only_fields = fields


class DemandSerializer(BlankChoicesKept, serializers.ModelSerializer):
    """The whole record of a demand: for its enterprise's unit and the administrators.
    Written through challenge.services.demands.save_demand while it is a draft or returned
    for revision; `targets`, when given, replaces them all."""

    campaign = serializers.PrimaryKeyRelatedField(read_only=True)
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)
    field = YearFieldCode()
    field_name = serializers.CharField(source="field.name", read_only=True)
    targets = TargetSerializer(many=True, required=False,
                               help_text="The technical targets; `hidden` keeps one off the public answer.")
    amount = WanAmountField(help_text="The intended investment (意向投入金额).")
    cooperation_modes = serializers.ListField(child=serializers.ChoiceField(choices=CooperationMode.choices))
    valid_until = LooseDateField()
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.filter(in_jiangsu=True),
                                          allow_null=True, required=False,
                                          help_text="A division code of Jiangsu (320506).")
    region_name = serializers.CharField(source="region.name", read_only=True, allow_null=True)
    hidden_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=HideableField.choices), required=False,
        help_text="What the public answer leaves out; the contact's three by default.")
    diagnoses = DiagnosisSerializer(many=True, read_only=True)

    class Meta:
        model = Demand
        fields = ["id", "number", "campaign", "year", "organization", "title", "field", "field_name", "sub_field",
                  "description", "expected_outcome", "targets", "amount", "cooperation_modes", "valid_until",
                  "region", "region_name", "contact_name", "contact_phone", "contact_email", "hidden_fields",
                  "status", "diagnosis_comment", "diagnoses", "submitted_at", "published_at", "closed_at",
                  "created_at", "updated_at"]
        read_only_fields = ["number", "status", "diagnosis_comment", "submitted_at", "published_at", "closed_at",
                            "created_at", "updated_at"]
        # The rules run in the service, with their own messages.
        validators = []


class PublicTargetSerializer(serializers.Serializer):
    indicator = serializers.CharField(read_only=True)
    value = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True, allow_blank=True)


# The fields an enterprise may hide: absent from a public answer then, so not required there.
_MAYBE_HIDDEN = {"organization", "amount", "contact_name", "contact_phone", "contact_email"}


class PublicDemandSerializer(serializers.Serializer):
    """A published demand as anyone may know it: challenge.public's projection and nothing
    more. `organization`, `amount` and the contact are absent when the enterprise hid them;
    so are the targets it hid, and all of them when it hid `targets`."""

    id = serializers.IntegerField(source="pk", read_only=True)
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    field = serializers.CharField(source="field_code", read_only=True)
    field_name = serializers.CharField(read_only=True)
    sub_field = serializers.CharField(read_only=True, allow_blank=True)
    description = serializers.CharField(read_only=True)
    expected_outcome = serializers.CharField(read_only=True, allow_blank=True)
    targets = PublicTargetSerializer(many=True, read_only=True)
    cooperation_modes = serializers.ListField(child=serializers.ChoiceField(choices=CooperationMode.choices),
                                              read_only=True)
    valid_until = serializers.DateField(read_only=True)
    region = serializers.CharField(source="region_code", read_only=True, allow_null=True)
    region_name = serializers.CharField(read_only=True, allow_blank=True)
    status = serializers.ChoiceField(choices=DemandStatus.choices, read_only=True)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    enterprise_flags = serializers.ListField(child=serializers.CharField(), source="enterprise_flag_labels",
                                             read_only=True, help_text="The enterprise's qualifications, in words.")
    hidden = serializers.ListField(child=serializers.CharField(), read_only=True,
                                   help_text="What the enterprise hid, in words, to say that it is hidden.")
    # Response-only: left writable so that the schema does not require what may be absent.
    organization = serializers.CharField(source="organization_name", required=False)
    amount = WanAmountField(help_text="The intended investment (意向投入金额).")
    contact_name = serializers.CharField(required=False)
    contact_phone = serializers.CharField(required=False)
    contact_email = serializers.CharField(required=False)

    def to_representation(self, instance: PublicDemand):
        data = super().to_representation(instance)
        return {name: value for name, value in data.items() if not (name in _MAYBE_HIDDEN and value is None)}


def public_answer(demand: Demand) -> dict:
    """The public answer of a demand: its projection, serialized (targets prefetched or not)."""
    return PublicDemandSerializer(public_demand(demand, demand.targets.all())).data


class DemandQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100,
                              help_text="Words of the title, sub-field, description or expected outcome.")
    field = serializers.CharField(required=False, allow_blank=True, max_length=50,
                                  help_text="An industry field's code (new_energy), of any year.")


class WithdrawalSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class VerdictSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                    help_text="Required to return or reject: the enterprise reads it.")
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False), required=False,
        help_text="A mark from 0 to 100 for every criterion of the year, by its code; or none.")


class NewHotListSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True)
    field = YearFieldCode()
    demands = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
                                    help_text="Ids of approved demands of the field and year.")


class HotListSerializer(serializers.ModelSerializer):
    """A hot list (热门需求榜单) and its demands as the public sees them."""

    year = serializers.IntegerField(source="campaign.year", read_only=True)
    field = serializers.CharField(source="field.code", read_only=True)
    field_name = serializers.CharField(source="field.name", read_only=True)
    demands = serializers.SerializerMethodField()

    class Meta:
        model = HotList
        fields = ["id", "title", "campaign", "year", "field", "field_name", "published_at", "created_at", "demands"]
        read_only_fields = fields

    @extend_schema_field(PublicDemandSerializer(many=True))
    def get_demands(self, hot_list):
        return [public_answer(demand) for demand in hot_list.shown_demands]


class MatchPartsSerializer(serializers.Serializer):
    text = serializers.IntegerField(help_text="Out of 60: words shared with the solver's catalogue items.")
    field = serializers.IntegerField(help_text="Out of 15: the same industry field.")
    profile = serializers.IntegerField(help_text="Out of 15: words shared with the solver's declared profile.")
    history = serializers.IntegerField(help_text="Out of 10: earlier solutions in the field.")


class MatchItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class MatchSolverSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["organization", "person"])
    id = serializers.IntegerField()
    name = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    """One ranked solver of a demand and why (challenge.matching)."""

    solver = MatchSolverSerializer()
    score = serializers.IntegerField(help_text="Out of 100: the sum of the parts.")
    parts = MatchPartsSerializer()
    terms = serializers.ListField(child=serializers.CharField(), help_text="Shared words, the rarest first.")
    items = MatchItemSerializer(many=True, help_text="The solver's published items that share them.")
    field_match = serializers.BooleanField()


def match_answer(candidate) -> dict:
    return {
        "solver": {"kind": "organization" if candidate.organization_id else "person",
                   "id": candidate.organization_id or candidate.user_id, "name": candidate.name},
        "score": candidate.score, "parts": candidate.parts, "terms": candidate.terms,
        "items": [{"id": pk, "title": title} for pk, title, _weight in candidate.items[:3]],
        "field_match": candidate.field_match,
    }


class DemandImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A filled 《需求征集表》 (.xlsx, .xls or .csv).")
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.filter(kind="challenge"), required=False,
                                                  help_text="The challenge season; the latest when left out.")


class DemandImportJobSerializer(ImportJobSerializer):
    """An import job, as the auction's imports answer it, with the season it imports into."""

    list = None
    campaign = serializers.IntegerField(source="target_id")


class PromiseSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=100)
    value = serializers.CharField(max_length=60)
    unit = serializers.CharField(max_length=20, allow_blank=True, required=False, default="")


class SolutionSerializer(serializers.ModelSerializer):
    """A solution (揭榜方案): the enterprise's, its solver's unit's and the administrators' to read."""

    organization = serializers.CharField(source="organization.name", read_only=True)
    solver = serializers.CharField(source="solver.name", read_only=True)
    budget = WanAmountField(required=False, allow_null=True, help_text="The budget, in 万元.")
    promises = PromiseSerializer(many=True, required=False, help_text="The indicators promised against the targets.")
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                               help_text="The solver's unit's published catalogue items linked.")

    class Meta:
        model = Solution
        fields = ["id", "demand", "organization", "solver", "leader", "members", "approach", "promises", "timeline",
                  "budget", "items", "status", "created_at"]
        read_only_fields = ["id", "demand", "status", "created_at"]


class NewSolutionSerializer(SolutionSerializer):
    items = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                  help_text="Ids of the solver's unit's published catalogue items to link.")


class CooperationSerializer(serializers.ModelSerializer):
    """A cooperation in the project library (跟踪问效), with its contract once signed."""

    demand = serializers.SerializerMethodField()
    solver_unit = serializers.CharField(source="solution.organization.name")
    manager = serializers.CharField(source="manager.name", default=None)
    contract = serializers.SerializerMethodField()

    class Meta:
        model = Cooperation
        fields = ["id", "demand", "solution", "solver_unit", "stage", "manager", "next_follow_up_on", "contract",
                  "created_at"]

    def get_demand(self, cooperation) -> dict:
        return {"id": cooperation.demand_id, "number": cooperation.demand.number, "title": cooperation.demand.title}

    def get_contract(self, cooperation) -> dict | None:
        deal = cooperation.deal
        if deal is None:
            return None
        return {"number": deal.contract_number, "amount": str(deal.contract_amount), "signed_on": deal.contract_signed_on,
                "registration_number": deal.registration_number or None, "registered_on": deal.registered_on,
                "support_eligible": deal.support_eligible}
