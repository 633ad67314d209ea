"""Stable codes of the kernel. The codes are part of the API: never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform administrator")
    LIAISON = "liaison", _("Unit liaison")
    ENTERPRISE = "enterprise", _("Enterprise (demand side)")
    SOLVER = "solver", _("Solver")
    EXPERT = "expert", _("Expert")
    ORGANIZER = "organizer", _("Session organiser")
    BIDDER = "bidder", _("Bidder")
    MANAGER = "manager", _("Technology manager")
    # A bank, an investment fund, a guarantor: invited to contests (竞榜) to evaluate projects
    # and record its interest in them.
    FINANCIER = "financier", _("Financial institution")


class ExpertKind(models.TextChoices):
    """The three kinds of experts a review panel brings together (技术专家、专利运营专家、投资专家)."""

    TECHNICAL = "technical", _("Technical expert")
    PATENT_OPERATION = "patent_operation", _("Patent-operation expert")
    INVESTMENT = "investment", _("Investment expert")


class OrganizationKind(models.TextChoices):
    UNDERGRADUATE_UNIVERSITY = "undergraduate_university", _("Undergraduate university")
    INDEPENDENT_COLLEGE = "independent_college", _("Independent college")
    VOCATIONAL_COLLEGE = "vocational_college", _("Vocational college")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    NEW_RD_INSTITUTION = "new_rd_institution", _("New R&D institution")
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise", _("State-owned enterprise")
    ENTERPRISE = "enterprise", _("Enterprise")
    TECH_TRANSFER_AGENCY = "tech_transfer_agency", _("Technology transfer agency")
    TECH_MANAGER_FIRM = "tech_manager_firm", _("Technology manager firm")
    IP_OPERATION_CENTER = "ip_operation_center", _("IP operation centre")
    SCIENCE_PARK = "science_park", _("Science park")
    LOCAL_AUTHORITY = "local_authority", _("Local science and technology authority")
    MARKET_BRANCH = "market_branch", _("Technology property exchange sub-centre")
    PLATFORM_OPERATOR = "platform_operator", _("Platform operator")
    FINANCIAL_INSTITUTION = "financial_institution", _("Financial institution")


# Kinds that hand in patent and result lists (the supply side) ...
SUPPLY_KINDS = frozenset(
    {
        OrganizationKind.UNDERGRADUATE_UNIVERSITY,
        OrganizationKind.INDEPENDENT_COLLEGE,
        OrganizationKind.VOCATIONAL_COLLEGE,
        OrganizationKind.RESEARCH_INSTITUTE,
        OrganizationKind.NEW_RD_INSTITUTION,
        OrganizationKind.STATE_OWNED_ENTERPRISE,
    }
)
# ... and the roles an approved applicant's first account gets by default; the
# administrator adjusts them when approving.
DEFAULT_ROLES_BY_KIND = {
    **{kind: [Role.LIAISON, Role.SOLVER] for kind in SUPPLY_KINDS},
    OrganizationKind.STATE_OWNED_ENTERPRISE: [Role.LIAISON, Role.ENTERPRISE, Role.BIDDER],
    OrganizationKind.ENTERPRISE: [Role.ENTERPRISE, Role.BIDDER],
    OrganizationKind.TECH_TRANSFER_AGENCY: [Role.MANAGER],
    OrganizationKind.TECH_MANAGER_FIRM: [Role.MANAGER],
    OrganizationKind.IP_OPERATION_CENTER: [Role.MANAGER, Role.LIAISON],
    OrganizationKind.SCIENCE_PARK: [Role.ORGANIZER],
    OrganizationKind.LOCAL_AUTHORITY: [Role.ORGANIZER],
    OrganizationKind.MARKET_BRANCH: [Role.ORGANIZER, Role.MANAGER],
    OrganizationKind.PLATFORM_OPERATOR: [Role.ADMIN],
    OrganizationKind.FINANCIAL_INSTITUTION: [Role.FINANCIER],
}


class OrganizationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


ORGANIZATION_TRANSITIONS = {
    OrganizationStatus.PENDING: {OrganizationStatus.ACTIVE, OrganizationStatus.REJECTED},
    OrganizationStatus.REJECTED: {OrganizationStatus.PENDING},
    OrganizationStatus.ACTIVE: {OrganizationStatus.SUSPENDED},
    OrganizationStatus.SUSPENDED: {OrganizationStatus.ACTIVE},
}


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Prefecture-level city")
    COUNTY = "county", _("County / district")


class JiangsuArea(models.TextChoices):
    """The three belts Jiangsu plans by; regional sessions group cities this way."""

    SOUTH = "south", _("Southern Jiangsu")
    CENTRAL = "central", _("Central Jiangsu")
    NORTH = "north", _("Northern Jiangsu")


class AuthorityLevel(models.TextChoices):
    CITY = "city", _("City level")
    COUNTY = "county", _("County level")


class CampaignKind(models.TextChoices):
    AUCTION = "auction", _("Patent (result) auction season")
    CHALLENGE = "challenge", _("J-TOP innovation challenge season")


class Stage(models.TextChoices):
    """Campaign stages; each campaign kind uses its own subset, in this order."""

    # 专利（成果）拍卖季
    COLLECTION = "collection", _("Promotion and collection")
    SELECTION = "selection", _("Selection and publication")
    PROMOTION = "promotion", _("Operation and promotion")
    BIDDING = "bidding", _("Bidding")
    TRANSFER = "transfer", _("Ownership transfer")
    SUMMARY = "summary", _("Annual summary")
    # J-TOP创新挑战季
    SEEKING = "seeking", _("Finding demands")
    PUBLISHING = "publishing", _("Publishing demands")
    SOLVING = "solving", _("Answering demands")
    CONTEST = "contest", _("Roadshow contest")
    AWARDING = "awarding", _("Awards")
    FOLLOW_UP = "follow_up", _("Follow-up")


STAGES_BY_KIND = {
    CampaignKind.AUCTION: [
        Stage.COLLECTION,
        Stage.SELECTION,
        Stage.PROMOTION,
        Stage.BIDDING,
        Stage.TRANSFER,
        Stage.SUMMARY,
    ],
    CampaignKind.CHALLENGE: [
        Stage.SEEKING,
        Stage.PUBLISHING,
        Stage.SOLVING,
        Stage.CONTEST,
        Stage.AWARDING,
        Stage.FOLLOW_UP,
    ],
}


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class NotificationLevel(models.TextChoices):
    INFO = "info", pgettext_lazy("notification level", "Information")
    SUCCESS = "success", pgettext_lazy("notification level", "Success")
    WARNING = "warning", pgettext_lazy("notification level", "Warning")


class AuditAction(models.TextChoices):
    """What the kernel's audit entries record; each app declares its own (jbgs.services.audit)."""

    ORGANIZATION_APPLIED = "organization.applied", _("Applied to join")
    ORGANIZATION_APPROVED = "organization.approved", _("Application approved")
    ORGANIZATION_REJECTED = "organization.rejected", _("Application rejected")
    ORGANIZATION_CREATED = "organization.created", _("Unit registered by an administrator")
    ORGANIZATION_RECORDED = "organization.recorded", _("Unit recorded from a collected form, awaiting verification")
    ORGANIZATION_UPDATED = "organization.updated", _("Unit details changed")
    ORGANIZATION_SUSPENDED = "organization.suspended", _("Unit suspended")
    ORGANIZATION_REACTIVATED = "organization.reactivated", _("Unit reactivated")
    ORGANIZATION_AGREEMENT_ACCEPTED = "organization.agreement_accepted", _("Service agreement accepted")
    USER_CREATED = "user.created", _("Account created")
    USER_UPDATED = "user.updated", _("Account changed")
    USER_PASSWORD_SET = "user.password_set", _("Password set by an administrator")
    USER_PROFILE_UPDATED = "user.profile_updated", _("Own details changed")
    USER_TOKEN_CREATED = "user.token_created", _("API token issued")
    USER_TOKEN_REVOKED = "user.token_revoked", _("API token revoked")
    SIGN_IN_LOCKED_OUT = "user.locked_out", _("Sign-in locked after repeated failures")
    SIGN_IN_UNLOCKED = "user.unlocked", _("Sign-in unlocked by an administrator")
    CAMPAIGN_CREATED = "campaign.created", _("Campaign year created")
    CAMPAIGN_UPDATED = "campaign.updated", _("Campaign rules changed")
    INDUSTRY_FIELD_CREATED = "industry_field.created", _("Industry field added")
    INDUSTRY_FIELD_UPDATED = "industry_field.updated", _("Industry field changed")
    INDUSTRY_FIELDS_COPIED = "industry_fields.copied", _("Industry fields copied to a new year")
