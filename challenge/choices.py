"""Stable codes of the demand side. Codes are part of the API and the import template."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jbgs.choices import SUPPLY_KINDS, OrganizationKind

# The units that answer demands: universities, institutes and new R&D institutions.
SOLVER_UNIT_KINDS = sorted(SUPPLY_KINDS - {OrganizationKind.STATE_OWNED_ENTERPRISE})

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
    APPROVE = "approve", pgettext_lazy("diagnosis", "Approve")
    REVISE = "revise", _("Return for revision")
    REJECT = "reject", pgettext_lazy("diagnosis", "Reject")


class SolutionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    DECLINED = "declined", _("Declined")
    INTENTION = "intention", _("Intention to cooperate")
    WITHDRAWN = "withdrawn", _("Withdrawn")


SOLUTION_TRANSITIONS = {
    SolutionStatus.SUBMITTED: {SolutionStatus.SHORTLISTED, SolutionStatus.DECLINED, SolutionStatus.INTENTION,
                               SolutionStatus.WITHDRAWN},
    SolutionStatus.SHORTLISTED: {SolutionStatus.DECLINED, SolutionStatus.INTENTION, SolutionStatus.WITHDRAWN},
    SolutionStatus.DECLINED: set(),
    SolutionStatus.INTENTION: set(),
    SolutionStatus.WITHDRAWN: set(),
}


class DetailRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the enterprise")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class CooperationStage(models.TextChoices):
    INTENTION = "intention", _("Intention")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


C = CooperationStage
COOPERATION_TRANSITIONS = {
    C.INTENTION: {C.CONTRACT_SIGNED, C.STOPPED},
    C.CONTRACT_SIGNED: {C.IN_PROGRESS, C.COMPLETED, C.STOPPED},
    C.IN_PROGRESS: {C.COMPLETED, C.STOPPED},
    C.COMPLETED: set(),
    C.STOPPED: set(),
}
COOPERATION_OPEN = (C.INTENTION, C.CONTRACT_SIGNED, C.IN_PROGRESS)
del C


class ConsentSide(models.TextChoices):
    """The two sides of a pair whose consent a public contest needs (进行公开赛事须征得需求方和技术供给方同意)."""

    ENTERPRISE = "enterprise", _("Demand side (enterprise)")
    SOLVER = "solver", _("Supply side (solver)")


class ContestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", pgettext_lazy("contest", "Published")
    HELD = "held", pgettext_lazy("contest", "Held")


CONTEST_TRANSITIONS = {
    ContestStatus.DRAFT: {ContestStatus.PUBLISHED},
    ContestStatus.PUBLISHED: {ContestStatus.HELD},
    ContestStatus.HELD: set(),
}
# What the public sees of the contests, and the states in which a pair's consent is no longer
# withdrawable: once the contest is announced, the pair is announced with it.
CONTEST_PUBLIC = (ContestStatus.PUBLISHED, ContestStatus.HELD)


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
    SOLUTION_SUBMITTED = "challenge.solution.submitted", _("Solution submitted")
    SOLUTION_WITHDRAWN = "challenge.solution.withdrawn", _("Solution withdrawn")
    SOLUTION_SHORTLISTED = "challenge.solution.shortlisted", _("Solution shortlisted")
    SOLUTION_DECLINED = "challenge.solution.declined", _("Solution declined")
    INTENTION_RECORDED = "challenge.solution.intention", _("Intention to cooperate recorded")
    FOLLOW_UP_RECORDED = "challenge.cooperation.follow_up", _("Cooperation followed up")
    MANAGER_ASSIGNED = "challenge.cooperation.manager", _("Responsible manager named")
    CONTRACT_RECORDED = "challenge.cooperation.contract", _("Cooperation's contract recorded")
    DETAILS_REQUESTED = "challenge.details.requested", _("Hidden details requested")
    DETAILS_DECIDED = "challenge.details.decided", _("Request for hidden details decided")
    PROFILE_SAVED = "challenge.profile.saved", _("Solver profile saved")
    ATTACHMENT_ADDED = "challenge.attachment.added", _("Attachment added")
    ATTACHMENT_REMOVED = "challenge.attachment.removed", _("Attachment removed")
    DIGEST_PREFERENCE = "challenge.digest.preference", _("Digest preference changed")
    DISCLAIMER_PUBLISHED = "challenge.disclaimer.published", _("Disclaimer version published")
    DISCLAIMER_ACCEPTED = "challenge.disclaimer.accepted", _("Disclaimer accepted")
    CONSENT_GIVEN = "challenge.consent.given", _("Consent to a public contest given")
    CONSENT_WITHDRAWN = "challenge.consent.withdrawn", _("Consent to a public contest withdrawn")
    CONTEST_CREATED = "challenge.contest.created", _("Contest created")
    CONTEST_UPDATED = "challenge.contest.updated", _("Contest changed")
    CONTEST_PUBLISHED = "challenge.contest.published", _("Contest published")
    CONTEST_HELD = "challenge.contest.held", _("Contest held")
    CONTEST_PAIR_ADDED = "challenge.contest.pair_added", _("Pair added to a contest")
    CONTEST_PAIR_REMOVED = "challenge.contest.pair_removed", _("Pair removed from a contest")
    CONTEST_EXPERT_INVITED = "challenge.contest.expert_invited", _("Expert invited to a contest")
    CONTEST_INSTITUTION_INVITED = "challenge.contest.institution_invited", _(
        "Financial institution invited to a contest")
    CONTEST_SCORED = "challenge.contest.scored", _("Pair scored by an expert")
    CONTEST_INTEREST_RECORDED = "challenge.contest.interest", _("Financial institution's interest recorded")
    CONTEST_INTEREST_WITHDRAWN = "challenge.contest.interest_withdrawn", _(
        "Financial institution's interest withdrawn")
    AWARD_NOMINATED = "challenge.award.nominated", _("Pair nominated for an award")
    AWARD_NOMINATION_WITHDRAWN = "challenge.award.withdrawn", _("Award nomination withdrawn")
    HONOURS_PUBLISHED = "challenge.honours.published", _("Honours list published")
