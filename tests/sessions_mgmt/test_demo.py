"""The demo province's special sessions: a year copied from 2023's plan, hosting applications
decided every way, sessions with their records and a history of computed targets; seeding
again changes nothing."""

from django.core.management import call_command

from jbgs.demo import DEMO_YEAR
from jbgs.models import User
from jbgs.services.audit import AuditEntry
from jbgs.validators import validate_credit_code
from sessions_mgmt import demo
from sessions_mgmt.choices import SessionAction
from sessions_mgmt.models import (
    HostingApplication,
    ServedEnterprise,
    Session,
    SessionDemand,
    SessionItem,
    SessionTarget,
    Snapshot,
    TargetTemplate,
)


def _counts():
    return (Session.objects.count(), HostingApplication.objects.count(), SessionTarget.objects.count(),
            Snapshot.objects.count(), ServedEnterprise.objects.count(), SessionItem.objects.count(),
            TargetTemplate.objects.filter(year=DEMO_YEAR).count(), User.objects.count())


def test_seed_demo_holds_sessions_with_computed_targets_and_is_idempotent(db):
    call_command("seed_demo")
    counts = _counts()
    call_command("seed_demo")
    assert _counts() == counts

    sessions = Session.objects.filter(year=DEMO_YEAR)
    assert set(sessions.values_list("session_type", flat=True)) == {"auction_industry", "challenge_industry",
                                                                    "talent", "regional"}
    assert sessions.filter(torch=True).count() == 1
    regional = sessions.get(session_type="regional")
    assert regional.hosts.filter(role="authority").count() == 2
    assert set(HostingApplication.objects.filter(year=DEMO_YEAR).values_list("status", flat=True)) == {
        "selected", "submitted", "declined"}
    # The year's targets came from 2023's, the deadlines moved to the year.
    assert TargetTemplate.objects.filter(year=DEMO_YEAR).count() == TargetTemplate.objects.filter(year=2023).count()
    assert all(t.deadline.year == DEMO_YEAR for t in TargetTemplate.objects.filter(year=DEMO_YEAR, kind="deadline"))
    for session in sessions:
        targets = session.targets.all()
        assert targets and all(t.computed_on is not None and t.status != "pending" for t in targets), session
        assert session.snapshots.count() > 1  # a history for the charts
        assert session.intentions.exists() and session.deal_records.exists() and session.roadshows.exists()
    assert SessionTarget.objects.filter(session__in=sessions, value__gt=0).count() > 20
    assert SessionItem.objects.exists() and SessionDemand.objects.exists()
    # Collected by the organisers through the collection service: each audited on its session.
    assert AuditEntry.objects.filter(action=SessionAction.ITEM_COLLECTED).count() == SessionItem.objects.filter(
        session__in=sessions, collected_by__isnull=False).count() > 0
    for code in ServedEnterprise.objects.values_list("credit_code", flat=True).distinct():
        validate_credit_code(code)
    for username, _name, unit in demo.ORGANISERS:
        user = User.objects.get(username=username)
        assert user.organization.name == unit and user.check_password("Demo@2026")
