"""Stable codes of the demand side. Codes are part of the API and the import template."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The kind of import job of the 需求征集表 (jbgs.services.imports).
DEMAND_IMPORT = "challenge.demand"


class CooperationMode(models.TextChoices):
    """How the enterprise wants to work with a solver (合作方式); a demand names one or more."""

    TECHNOLOGY_TRANSFER = "technology_transfer", _("Technology transfer")
    TECHNOLOGY_LICENCE = "technology_licence", _("Technology licence")
    COMMISSIONED_DEVELOPMENT = "commissioned_development", _("Commissioned development")
    COOPERATIVE_DEVELOPMENT = "cooperative_development", _("Cooperative development")
    TECHNICAL_SERVICE = "technical_service", _("Technical service")
    TECHNICAL_CONSULTING = "technical_consulting", _("Technical consulting")
    EQUITY_INVESTMENT = "equity_investment", _("Equity investment")
    OTHER = "other", _("Other")


class EnterpriseFlag(models.TextChoices):
    HIGH_TECH = "high_tech", _("High-tech enterprise")
    TECH_SME = "tech_sme", _("Technology-based SME")
    INDUSTRY_LEADER = "industry_leader", _("Industry leader")


class DemandStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_DIAGNOSIS = "in_diagnosis", _("In diagnosis")
    RETURNED = "returned", _("Returned for revision")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    IN_COOPERATION = "in_cooperation", _("In cooperation")
    SOLVED = "solved", _("Solved")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = DemandStatus
DEMAND_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN, S.EXPIRED},
    S.SUBMITTED: {S.IN_DIAGNOSIS, S.RETURNED, S.REJECTED, S.APPROVED, S.WITHDRAWN, S.EXPIRED},
    S.IN_DIAGNOSIS: {S.RETURNED, S.REJECTED, S.APPROVED, S.WITHDRAWN, S.EXPIRED},
    S.RETURNED: {S.SUBMITTED, S.WITHDRAWN, S.EXPIRED},
    S.APPROVED: {S.PUBLISHED, S.WITHDRAWN, S.EXPIRED},
    S.PUBLISHED: {S.IN_COOPERATION, S.SOLVED, S.WITHDRAWN, S.EXPIRED},
    S.IN_COOPERATION: {S.SOLVED, S.PUBLISHED},
    S.REJECTED: set(),
    S.SOLVED: set(),
    S.EXPIRED: set(),
    S.WITHDRAWN: set(),
}
# The enterprise may change a demand's content only before the market takes it up.
DEMAND_EDITABLE = {S.DRAFT, S.RETURNED}
# What the public sees: published demands and those it has seen go on to cooperation or solution.
DEMAND_PUBLIC = (S.PUBLISHED, S.IN_COOPERATION, S.SOLVED)
del S


class HideableField(models.TextChoices):
    """What an enterprise may hide on publication (根据需求方意愿隐去相关信息): the API's names."""

    ORGANIZATION = "organization", _("Enterprise name")
    CONTACT_NAME = "contact_name", _("Contact person")
    CONTACT_PHONE = "contact_phone", _("Contact phone")
    CONTACT_EMAIL = "contact_email", _("Contact e-mail")
    AMOUNT = "amount", _("Intended investment")
    TARGETS = "targets", _("Technical targets")
    ATTACHMENTS = "attachments", _("Attachments")


# The contact is hidden unless the enterprise shows it.
HIDDEN_BY_DEFAULT = [HideableField.CONTACT_NAME, HideableField.CONTACT_PHONE, HideableField.CONTACT_EMAIL]


class Verdict(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REVISE = "revise", _("Return for revision")
    REJECT = "reject", _("Reject")


class ChallengeAction(models.TextChoices):
    """Audited actions of the demand side (jbgs.services.audit)."""

    DEMAND_CREATED = "challenge.demand.created", _("Demand created")
    DEMAND_UPDATED = "challenge.demand.updated", _("Demand changed")
    DEMAND_SUBMITTED = "challenge.demand.submitted", _("Demand submitted")
    DEMAND_DIAGNOSED = "challenge.demand.diagnosed", _("Demand diagnosed")
    DEMAND_PUBLISHED = "challenge.demand.published", _("Demand published")
    DEMAND_WITHDRAWN = "challenge.demand.withdrawn", _("Demand withdrawn")
    DEMAND_EXPIRED = "challenge.demand.expired", _("Demand expired")
    DEMANDS_IMPORTED = "challenge.demands.imported", _("Demands imported from a collection form")
    HOT_LIST_CREATED = "challenge.hot_list.created", _("Hot list drawn up")
    HOT_LIST_PUBLISHED = "challenge.hot_list.published", _("Hot list published")
