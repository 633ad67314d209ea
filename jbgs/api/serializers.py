from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jbgs.api.fields import BlankChoicesKept
from jbgs.choices import STAGES_BY_KIND, Role, Stage
from jbgs.models import (
    CAMPAIGN_FIELDS,
    AuditEntry,
    Campaign,
    IndustryField,
    Notification,
    Organization,
    Region,
    User,
)
from jbgs.rules import rules_sections
from jbgs.services.organizations import has_accepted_agreement
from jbgs.validators import validate_credit_code, validate_phone


class RegionSerializer(BlankChoicesKept, serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "full_name",
            "level",
            "parent",
            "in_jiangsu",
            "area",
            "yangtze_delta",
        ]


class IndustryFieldSerializer(BlankChoicesKept, serializers.ModelSerializer):
    class Meta:
        model = IndustryField
        fields = ["id", "year", "code", "name", "position"]


class OrganizationSerializer(BlankChoicesKept, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.full_name", read_only=True)
    authority_level = serializers.CharField(read_only=True, allow_null=True)
    agreement_accepted = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "is_ministry_provincial",
            "is_high_tech",
            "is_tech_sme",
            "is_industry_leader",
            "credit_code",
            "region",
            "region_name",
            "authority_level",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "status",
            "agreement_accepted",
            "applied_at",
            "reviewed_at",
            "created_at",
        ]
        read_only_fields = ["status", "applied_at", "reviewed_at", "created_at"]

    def validate_credit_code(self, value):
        return validate_credit_code(value)

    def validate_contact_phone(self, value):
        validate_phone(value)
        return value.strip()

    @extend_schema_field(serializers.BooleanField())
    def get_agreement_accepted(self, org) -> bool:
        return has_accepted_agreement(org)


class ReviewSerializer(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField()


class SuspendSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class UserSerializer(BlankChoicesKept, serializers.ModelSerializer):
    password = serializers.CharField(
        write_only=True,
        required=False,
        style={"input_type": "password"},
        help_text=_("Required when creating an account."),
    )
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), allow_empty=False
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "password",
            "name",
            "email",
            "phone",
            "organization",
            "organization_name",
            "roles",
            "is_active",
            "date_joined",
            "last_login",
        ]
        read_only_fields = ["date_joined", "last_login"]

    def validate_phone(self, value):
        if value.strip():
            validate_phone(value)
        return value.strip()

    def validate(self, attrs):
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError(
                {"password": _("A new account needs a password.")}, code="required"
            )
        if (
            self.instance is not None
            and "username" in attrs
            and attrs["username"] != self.instance.username
        ):
            raise serializers.ValidationError(
                {"username": _("A user name cannot be changed.")}, code="read_only"
            )
        return attrs


class StageSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Stage.choices)
    name = serializers.CharField(source="get_code_display", read_only=True)
    starts_on = serializers.DateField(allow_null=True, required=False)
    ends_on = serializers.DateField(allow_null=True, required=False)
    ongoing = serializers.BooleanField(default=False)


class CampaignSerializer(BlankChoicesKept, serializers.ModelSerializer):
    """A campaign year. Each app's rules for its kind (jbgs.rules) appear beside the shared
    fields, flat, for campaigns of that kind; written, they go to the app's rules."""

    stages = StageSerializer(many=True, required=False)
    industry_fields = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = ["id", "year", "kind", *CAMPAIGN_FIELDS, "stages", "industry_fields"]

    def get_fields(self):
        fields = super().get_fields()
        for section in rules_sections():
            for name, field in section.serializer_class().get_fields().items():
                field.source = f"{section.accessor}.{name}"
                field.required = False
                fields[name] = field
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for section in rules_sections():
            if section.kind != instance.kind:
                for name in section.fields:
                    data.pop(name, None)
        return data

    def rules_for(self, campaign: Campaign) -> list:
        """The campaign's rules of its kind with what the request wrote into them."""
        written = self.validated_data
        rules = []
        for section in rules_sections(campaign.kind):
            section_rules = section.of(campaign)
            for name, value in written.get(section.accessor, {}).items():
                setattr(section_rules, name, value)
            rules.append(section_rules)
        return rules

    @extend_schema_field(IndustryFieldSerializer(many=True))
    def get_industry_fields(self, campaign):
        fields = self.context.get("fields_by_year", {}).get(campaign.year)
        if fields is None:
            fields = IndustryField.objects.filter(year=campaign.year).order_by("position")
        return IndustryFieldSerializer(fields, many=True).data

    def validate(self, attrs):
        if self.instance is not None:
            for field in ("year", "kind"):
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError(
                        {field: _("The year and kind of a campaign cannot change.")},
                        code="read_only",
                    )
        kind = attrs.get("kind") or getattr(self.instance, "kind", None)
        for stage in attrs.get("stages", []):
            if kind and stage["code"] not in STAGES_BY_KIND[kind]:
                raise serializers.ValidationError(
                    {
                        "stages": _("%(stage)s is not a stage of this kind of campaign.")
                        % {"stage": stage["code"]}
                    },
                    code="invalid_stage",
                )
        return attrs


class NotificationSerializer(BlankChoicesKept, serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "level", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class AuditEntrySerializer(BlankChoicesKept, serializers.ModelSerializer):
    object_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "from_state",
            "to_state",
            "data",
            "ip_address",
        ]
        read_only_fields = fields

    def get_object_type(self, entry) -> str | None:
        ct = entry.content_type
        return f"{ct.app_label}.{ct.model}" if ct else None


class MeSerializer(BlankChoicesKept, serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()
    is_admin = serializers.BooleanField(source="is_platform_admin", read_only=True)
    unread_notifications = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "email",
            "phone",
            "roles",
            "is_admin",
            "organization",
            "unread_notifications",
        ]
        read_only_fields = fields

    def get_organization(self, user) -> dict | None:
        org = user.organization
        if org is None:
            return None
        return {
            "id": org.pk,
            "name": org.name,
            "kind": org.kind,
            "status": org.status,
            "region": org.region_id,
            "agreement_accepted": has_accepted_agreement(org),
        }

    def get_unread_notifications(self, user) -> int:
        return user.notifications.unread().count()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
