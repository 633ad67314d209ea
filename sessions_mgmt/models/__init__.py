from sessions_mgmt.models.hosting import ApplicationAttachment, CoHost, HostingApplication
from sessions_mgmt.models.records import (
    Activity,
    DealRecord,
    Intention,
    MediaReport,
    RecommendedProject,
    Roadshow,
    RoadshowProject,
    RoadshowUnit,
    ServedEnterprise,
    Server,
    SessionDemand,
    SessionItem,
    SpecialAward,
    SummaryReport,
    TypicalCase,
)
from sessions_mgmt.models.reports import ReportJob
from sessions_mgmt.models.sessions import Session, SessionHost, SessionTarget, Snapshot
from sessions_mgmt.models.templates import SessionPlan, TargetTemplate
from sessions_mgmt.models.years import SessionYear

__all__ = [
    "Activity", "ApplicationAttachment", "CoHost", "DealRecord", "HostingApplication", "Intention", "MediaReport",
    "RecommendedProject", "ReportJob", "Roadshow", "RoadshowProject", "RoadshowUnit", "ServedEnterprise", "Server", "Session",
    "SessionDemand", "SessionHost", "SessionItem", "SessionPlan", "SessionTarget", "SessionYear", "Snapshot",
    "SpecialAward", "SummaryReport", "TargetTemplate", "TypicalCase",
]
