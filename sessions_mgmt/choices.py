"""Stable codes of the special sessions. The codes are part of the API: never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionType(models.TextChoices):
    AUCTION_INDUSTRY = "auction_industry", _("Auction-season industry session (拍卖季产业专场)")
    CHALLENGE_INDUSTRY = "challenge_industry", _("Challenge-season industry session (挑战季产业专场)")
    TALENT = "talent", _("Talent session (人才专场)")
    REGIONAL = "regional", _("Regional session (区域专场)")
    OPEN_LICENCE = "open_licence", _("Patent open-licence session (专利开放许可专场)")
    INSTRUMENT = "instrument", _("Scientific-instrument session (科学仪器专场)")


class PlanGroup(models.TextChoices):
    """What a year's plan counts sessions by: the two campaigns' industry sessions together."""

    INDUSTRY = "industry", _("Industry sessions")
    TALENT = "talent", _("Talent sessions")
    REGIONAL = "regional", _("Regional sessions")
    OPEN_LICENCE = "open_licence", _("Patent open-licence sessions")
    INSTRUMENT = "instrument", _("Scientific-instrument sessions")


GROUP_OF = {
    SessionType.AUCTION_INDUSTRY: PlanGroup.INDUSTRY, SessionType.CHALLENGE_INDUSTRY: PlanGroup.INDUSTRY,
    SessionType.TALENT: PlanGroup.TALENT, SessionType.REGIONAL: PlanGroup.REGIONAL,
    SessionType.OPEN_LICENCE: PlanGroup.OPEN_LICENCE, SessionType.INSTRUMENT: PlanGroup.INSTRUMENT,
}


class TargetKind(models.TextChoices):
    MIN = "min", _("At least")
    MAX = "max", _("At most")
    RATIO = "ratio", _("A share of at least")
    DEADLINE = "deadline", _("By a date")
    DONE = "done", _("Done")


class Metric(models.TextChoices):
    """The named computations over the platform's records a target is measured by."""

    ENTERPRISES_SERVED = "enterprises_served", _("Enterprises served (distinct)")
    PUBLISHED_ITEMS = "published_items", _("Patents and results published")
    PROGRAMME_RELATED_ITEMS = "programme_related_items", _("Programme-related results published")
    MAJOR_RESULTS_IN_ROADSHOW = "major_results_in_roadshow", _("Major results presented at the roadshow")
    VALID_DEMANDS = "valid_demands", _("Valid demands collected")
    CROSS_REGION_ENTERPRISES = "cross_region_enterprises", _("Enterprises served outside the host region")
    CROSS_REGION_SHARE = "cross_region_share", _("Cross-region share of items and demands served")
    INTENTIONS = "intentions", _("Intentions to cooperate")
    DEALS = "deals", pgettext_lazy("figure", "Deals")
    ROADSHOW_PROJECTS = "roadshow_projects", _("Projects presented at the roadshow")
    ROADSHOW_ATTENDEES = "roadshow_attendees", _("Roadshow attendees")
    PARTICIPATING_UNITS = "participating_units", _("Participating units")
    MEDIA_REPORTS = "media_reports", _("Reports in mainstream media")
    TYPICAL_CASES = "typical_cases", _("Typical cases")
    RECOMMENDED_PROJECTS = "recommended_projects", _("Projects recommended to the annual exhibition")
    TECH_MANAGER_FIRMS = "tech_manager_firms", _("Technology-manager firms involved")
    INVITED_UNITS_PER_HOST = "invited_units_per_host", _("Units invited by each host")
    SUMMARY_REPORT = "summary_report", _("Summary report submitted")


class TargetStatus(models.TextChoices):
    """A target's verdict, computed by the compliance job. The codes are part of the API."""

    PENDING = "pending", _("Not yet computed")
    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Missed")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SELECTED = "selected", _("Selected")
    DECLINED = "declined", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


APPLICATION_TRANSITIONS = {
    ApplicationStatus.DRAFT: [ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN],
    ApplicationStatus.SUBMITTED: [ApplicationStatus.SELECTED, ApplicationStatus.DECLINED,
                                  ApplicationStatus.WITHDRAWN, ApplicationStatus.DRAFT],
    ApplicationStatus.SELECTED: [],
    ApplicationStatus.DECLINED: [ApplicationStatus.SUBMITTED],
    ApplicationStatus.WITHDRAWN: [],
}
# Applications that hold a place under the hosting caps.
APPLICATION_LIVE = [ApplicationStatus.SUBMITTED, ApplicationStatus.SELECTED]


class CoHostRole(models.TextChoices):
    """What a co-host (协办/联合承办单位) brings; read from its unit's kind."""

    AUTHORITY = "authority", _("Local authority")
    UNIVERSITY = "university", _("University or institute")
    SCIENCE_PARK = "science_park", _("Science park")
    SUB_CENTRE = "sub_centre", _("Technology market sub-centre")
    MANAGER_FIRM = "manager_firm", _("Technology-manager firm")
    OTHER = "other", _("Other unit")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit (走访)")
    SALON = "salon", _("Technology salon (沙龙)")
    SEMINAR = "seminar", _("Seminar (研讨)")
    FORUM = "forum", _("Forum (论坛)")
    ONLINE = "online", _("Online matchmaking (线上对接)")
    DIAGNOSIS = "diagnosis", _("Demand diagnosis (需求诊断)")


class ProjectKind(models.TextChoices):
    """What a roadshow project presents."""

    RESULT = "result", _("Patent or research result")
    DEMAND = "demand", _("Technology demand")
    COOPERATION = "cooperation", _("Cooperation project")


class ServerKind(models.TextChoices):
    """The people who serve enterprises in a session (三团一员)."""

    MANAGER = "manager", _("Technology manager (技术经理人)")
    TOWN_TEAM = "town_team", _("Science and technology town-head team member (科技镇长团)")
    EXPERT_TEAM = "expert_team", _("University expert team member (专家团)")
    LIAISON = "liaison", _("Science and technology liaison (科技联络员)")


class SessionAction(models.TextChoices):
    """Audited actions of the special sessions (jbgs.services.audit)."""

    APPLICATION_SAVED = "sessions.application.saved", _("Hosting application saved")
    APPLICATION_SUBMITTED = "sessions.application.submitted", _("Hosting application submitted")
    APPLICATION_WITHDRAWN = "sessions.application.withdrawn", _("Hosting application withdrawn")
    APPLICATION_SELECTED = "sessions.application.selected", _("Host selected")
    APPLICATION_DECLINED = "sessions.application.declined", _("Hosting application not selected")
    SESSION_CREATED = "sessions.session.created", _("Session created")
    SESSION_UPDATED = "sessions.session.updated", _("Session changed")
    TARGET_SET = "sessions.target.set", _("Session target set")
    TARGET_REMOVED = "sessions.target.removed", _("Session target removed")
    TARGET_STATUS = "sessions.target.status", _("Target status changed")
    RECORD_ADDED = "sessions.record.added", _("Session record added")
    RECORD_CHANGED = "sessions.record.changed", _("Session record changed")
    RECORD_REMOVED = "sessions.record.removed", _("Session record removed")
    RECORDS_IMPORTED = "sessions.records.imported", _("Session records imported")
    ITEM_COLLECTED = "sessions.item.collected", _("Item collected into a session")
    DEMAND_COLLECTED = "sessions.demand.collected", _("Demand collected into a session")
    REPORT_SUBMITTED = "sessions.report.submitted", _("Summary report submitted")
    YEAR_ADDED = "sessions.year.added", _("Session year added")
    AWARD_RECORDED = "sessions.award.recorded", _("Special award recorded")
    APPLICATION_FILE_ADDED = "sessions.application.file_added", _("File added to a hosting application")
    APPLICATION_FILE_REMOVED = "sessions.application.file_removed", _("File removed from a hosting application")
    AWARD_REMOVED = "sessions.award.removed", _("Special award removed")
    REPORT_REQUESTED = "sessions.report.requested", _("Report requested")


class ReportKind(models.TextChoices):
    """What a report job makes: a session's (its organisers' and the administrators') or a
    year's (the administrators')."""

    SESSION_PDF = "session_pdf", _("Session summary report (PDF)")
    SESSION_XLSX = "session_xlsx", _("Session records (Excel)")
    YEAR_PDF = "year_pdf", _("Year summary (PDF)")
    PROVINCE_XLSX = "province_xlsx", _("Province table of targets (Excel)")
    RECOMMENDED_XLSX = "recommended_xlsx", _("Recommended projects of the year (Excel)")


SESSION_REPORTS = (ReportKind.SESSION_PDF, ReportKind.SESSION_XLSX)


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
