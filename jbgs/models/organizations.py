from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.choices import AuthorityLevel, OrganizationKind, OrganizationStatus, RegionLevel
from jbgs.files import private_upload_to
from jbgs.models.acceptances import Acceptance
from jbgs.validators import validate_credit_code

_ENTERPRISE_KINDS = {OrganizationKind.ENTERPRISE, OrganizationKind.STATE_OWNED_ENTERPRISE}


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=OrganizationStatus.ACTIVE)

    def pending(self):
        return self.filter(status=OrganizationStatus.PENDING)


class Organization(models.Model):
    """A unit (单位): university, institute, enterprise, authority, agency, ..."""

    name = models.CharField(_("unit name"), max_length=200, unique=True)
    kind = models.CharField(
        _("unit kind"), max_length=40, choices=OrganizationKind.choices, db_index=True
    )
    is_ministry_provincial = models.BooleanField(
        _("ministry- or province-affiliated"),
        default=False,
        help_text=_("部省属本科高校: only for undergraduate universities."),
    )
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    is_tech_sme = models.BooleanField(_("technology-based SME"), default=False)
    is_industry_leader = models.BooleanField(_("industry leader"), default=False)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    region = models.ForeignKey(
        "jbgs.Region", models.PROTECT, verbose_name=_("region"), related_name="organizations"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    contact_email = models.EmailField(_("contact e-mail"))
    registration_document = models.FileField(
        _("registration certificate"),
        upload_to=private_upload_to("organizations"),
        blank=True,
        help_text=_("Business licence or legal-person certificate, PDF or image."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrganizationStatus.choices,
        default=OrganizationStatus.PENDING,
        db_index=True,
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.is_ministry_provincial and self.kind != OrganizationKind.UNDERGRADUATE_UNIVERSITY:
            errors["is_ministry_provincial"] = _(
                "Only an undergraduate university can be ministry- or province-affiliated."
            )
        if (
            self.is_high_tech or self.is_tech_sme or self.is_industry_leader
        ) and self.kind not in _ENTERPRISE_KINDS:
            errors["is_high_tech"] = _("The enterprise qualifications apply to enterprises only.")
        if self.region_id:
            region = self.region
            if region.in_jiangsu and region.level == RegionLevel.PROVINCE:
                errors["region"] = _(
                    "A unit in Jiangsu must choose its city, and its county or district where it has one."
                )
            if self.kind == OrganizationKind.LOCAL_AUTHORITY and not region.in_jiangsu:
                errors["region"] = _("A local authority must be a Jiangsu city or county.")
        if errors:
            raise ValidationError(errors)

    @property
    def authority_level(self) -> str | None:
        """City or county level, for a local authority: read from its region."""
        if self.kind != OrganizationKind.LOCAL_AUTHORITY or not self.region_id:
            return None
        return (
            AuthorityLevel.COUNTY
            if self.region.level == RegionLevel.COUNTY
            else AuthorityLevel.CITY
        )

    @property
    def authority_level_label(self) -> str:
        level = self.authority_level
        return AuthorityLevel(level).label if level else ""

    @property
    def is_active(self) -> bool:
        return self.status == OrganizationStatus.ACTIVE

    @property
    def is_out_of_province(self) -> bool:
        return not self.region.in_jiangsu


class AgreementAcceptance(Acceptance):
    """A unit's acceptance of a version of the 委托服务协议: who accepted, and when."""

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="agreement_acceptances"
    )
    version = models.CharField(_("agreement version"), max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "version"], name="agreement_once_per_version"
            )
        ]
        verbose_name = _("service agreement acceptance")
        verbose_name_plural = _("service agreement acceptances")

    def __str__(self):
        return f"{self.organization} {self.version}"
