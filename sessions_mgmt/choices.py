"""Stable codes of the special sessions. The codes are part of the API: never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    DEALS = "deals", _("Deals")
    ROADSHOW_PROJECTS = "roadshow_projects", _("Projects presented at the roadshow")
    ROADSHOW_ATTENDEES = "roadshow_attendees", _("Roadshow attendees")
    PARTICIPATING_UNITS = "participating_units", _("Participating units")
    MEDIA_REPORTS = "media_reports", _("Reports in mainstream media")
    TYPICAL_CASES = "typical_cases", _("Typical cases")
    RECOMMENDED_PROJECTS = "recommended_projects", _("Projects recommended to the annual exhibition")
    TECH_MANAGER_FIRMS = "tech_manager_firms", _("Technology-manager firms involved")
    INVITED_UNITS_PER_HOST = "invited_units_per_host", _("Units invited by each host")
    SUMMARY_REPORT = "summary_report", _("Summary report submitted")
