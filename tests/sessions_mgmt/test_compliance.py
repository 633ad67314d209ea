"""The compliance job: each kind of target at its boundary, verdicts from the records as of a
day, the 2022 and 2023 templates judging the same records differently, a deal reported and
registered counted once, and a second or late computation changing nothing."""

import datetime
from decimal import Decimal

import pytest

from jbgs.models import Notification
from jbgs.services.audit import AuditEntry
from sessions_mgmt.choices import SessionAction, TargetStatus
from sessions_mgmt.models import (
    Activity,
    DealRecord,
    Intention,
    MediaReport,
    Roadshow,
    RoadshowProject,
    ServedEnterprise,
    SessionTarget,
    Snapshot,
    SummaryReport,
)
from sessions_mgmt.services.compliance import judge, recompute
from tests.conftest import persona
from tests.sessions_mgmt.helpers import make_session

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2023, 5, 15), D(2023, 11, 30)


def verdict(kind, goal, value, day, deadline=None):
    return judge(kind, None if goal is None else Decimal(goal), Decimal(value), day=day, starts_on=START,
                 ends_on=END, deadline=deadline)


class TestJudge:
    def test_minimum_at_and_one_short(self):
        assert verdict("min", 100, 100, D(2023, 6, 1)) == TargetStatus.MET
        assert verdict("min", 100, 99, END) != TargetStatus.MET
        assert verdict("min", 100, 99, END + datetime.timedelta(days=1)) == TargetStatus.MISSED

    def test_minimum_projected_against_time_elapsed(self):
        # Half the period gone (100 of 200 days): 50 of 100 is on the pace, 49 behind it.
        half = START + datetime.timedelta(days=(END - START).days // 2)
        elapsed = Decimal((half - START).days + 1) / Decimal((END - START).days + 1)
        on_pace = int(Decimal(100) * elapsed) + 1
        assert verdict("min", 100, on_pace, half) == TargetStatus.ON_TRACK
        assert verdict("min", 100, on_pace - 2, half) == TargetStatus.AT_RISK
        assert verdict("min", 100, 0, START - datetime.timedelta(days=3)) == TargetStatus.ON_TRACK

    def test_maximum_and_one_over(self):
        assert verdict("max", 120, 120, D(2023, 10, 1)) == TargetStatus.MET
        assert verdict("max", 120, 121, D(2023, 10, 1)) == TargetStatus.MISSED

    def test_deadline_day_and_the_day_after(self):
        deadline = D(2023, 10, 30)
        assert verdict("deadline", 5, 5, deadline, deadline) == TargetStatus.MET
        assert verdict("deadline", 5, 4, deadline, deadline) != TargetStatus.MISSED
        assert verdict("deadline", 5, 4, deadline + datetime.timedelta(days=1), deadline) == TargetStatus.MISSED

    def test_ratio_at_thirty_percent_and_just_below(self):
        assert verdict("ratio", "0.30", "0.30", D(2023, 7, 1)) == TargetStatus.MET
        assert verdict("ratio", "0.30", "0.2999", D(2023, 7, 1)) == TargetStatus.AT_RISK
        assert verdict("ratio", "0.30", "0.2999", END + datetime.timedelta(days=1)) == TargetStatus.MISSED

    def test_done(self):
        assert verdict("done", None, 1, D(2023, 7, 1)) == TargetStatus.MET
        assert verdict("done", None, 0, D(2023, 7, 1)) == TargetStatus.ON_TRACK
        assert verdict("done", None, 0, END - datetime.timedelta(days=3)) == TargetStatus.AT_RISK
        assert verdict("done", None, 0, END + datetime.timedelta(days=1)) == TargetStatus.MISSED


def roadshow(session, held_on, projects=5, attendees=100):
    show = Roadshow.objects.create(session=session, held_on=held_on, title="路演", attendees=attendees,
                                   created_by=persona("organizer"))
    RoadshowProject.objects.bulk_create([RoadshowProject(roadshow=show, title=f"项目{i}", kind="result", presenter="南京大学")
                                         for i in range(projects)])
    return show


def serve(session, held_on, codes):
    activity = Activity.objects.create(session=session, kind="visit", held_on=held_on, title="走访",
                                       created_by=persona("organizer"))
    ServedEnterprise.objects.bulk_create([ServedEnterprise(activity=activity, credit_code=code, name=code,
                                                           division=code[2:8]) for code in codes])


def credit(n: int, division: str = "320506") -> str:
    return f"91{division}MA{n:08d}"[:18]


def target(session, code) -> SessionTarget:
    return SessionTarget.objects.get(session=session, code=code)


def test_a_roadshow_on_the_deadline_day_counts_and_the_day_after_does_not():
    on_time = make_session(title="按期路演")
    late = make_session(title="逾期路演", host=None)
    roadshow(on_time, D(2023, 10, 30))
    roadshow(late, D(2023, 10, 31))
    recompute(day=D(2023, 11, 2), sessions=type(on_time).objects.filter(pk__in=[on_time.pk, late.pk]))
    assert target(on_time, "roadshow").status == TargetStatus.MET
    assert target(late, "roadshow").status == TargetStatus.MISSED
    assert target(late, "roadshow").value == 0  # counted as of the deadline


def test_enterprises_are_counted_once_by_credit_code_not_per_visit():
    session = make_session()
    codes = [credit(i) for i in range(100)]
    serve(session, D(2023, 6, 1), codes[:60])
    serve(session, D(2023, 6, 2), codes)  # 60 of them visited again
    recompute(day=D(2023, 6, 3), sessions=type(session).objects.filter(pk=session.pk))
    served = target(session, "enterprises_served")
    assert (served.value, served.status) == (100, TargetStatus.MET)


def test_the_same_records_judged_by_the_2022_and_the_2023_templates():
    """Four typical cases: three in 2022's auction sessions meet their target, 2023 asks for five."""
    from sessions_mgmt.models import TypicalCase

    verdicts = {}
    for year in (2022, 2023):
        session = make_session(year, starts_on=D(year, 5, 15), ends_on=D(year, 11, 30))
        TypicalCase.objects.bulk_create([TypicalCase(session=session, title=f"案例{i}", parties="甲乙", summary="…",
                                                     recorded_on=D(year, 9, 1), created_by=persona("organizer"))
                                         for i in range(4)])
        recompute(day=D(year, 12, 5), sessions=type(session).objects.filter(pk=session.pk))
        verdicts[year] = target(session, "typical_cases").status
    assert verdicts == {2022: TargetStatus.MET, 2023: TargetStatus.MISSED}


def test_a_deal_reported_offline_and_registered_on_the_platform_is_counted_once(sold_deal_2023):
    session = make_session()
    deal = sold_deal_2023(session)
    organiser = persona("organizer")
    DealRecord.objects.create(session=session, subject="重复上报", seller="南京大学", buyer="苏州企业",
                              amount=Decimal("300000"), signed_on=D(2023, 7, 1), deal=deal, created_by=organiser)
    DealRecord.objects.create(session=session, subject="线下成交", seller="东南大学", buyer="苏州企业",
                              amount=Decimal("100000"), signed_on=D(2023, 7, 2), created_by=organiser)
    recompute(day=D(2023, 7, 3), sessions=type(session).objects.filter(pk=session.pk))
    assert target(session, "deals").value == 2


def test_recomputing_twice_or_late_changes_nothing_and_tells_no_one_twice(django_capture_on_commit_callbacks):
    session = make_session()
    sessions = type(session).objects.filter(pk=session.pk)
    with django_capture_on_commit_callbacks(execute=True):
        recompute(day=D(2023, 9, 1), sessions=sessions)
    first = {t.code: (t.value, t.status) for t in session.targets.all()}
    entries = AuditEntry.objects.filter(action=SessionAction.TARGET_STATUS).count()
    notes = Notification.objects.filter(kind="sessions.compliance").count()
    assert notes > 0  # nothing recorded by September: targets at risk, the organiser told
    with django_capture_on_commit_callbacks(execute=True):
        recompute(day=D(2023, 9, 1), sessions=sessions)
    assert {t.code: (t.value, t.status) for t in session.targets.all()} == first
    assert AuditEntry.objects.filter(action=SessionAction.TARGET_STATUS).count() == entries
    assert Notification.objects.filter(kind="sessions.compliance").count() == notes
    # A record dated later does not change the figures of a day computed again afterwards.
    MediaReport.objects.create(session=session, outlet="苏州日报", title="报道", url="https://example.com/1",
                               published_on=D(2023, 9, 5), created_by=persona("organizer"))
    recompute(day=D(2023, 9, 10), sessions=sessions)
    recompute(day=D(2023, 9, 1), sessions=sessions)  # a late run of an earlier day
    assert Snapshot.objects.get(session=session, day=D(2023, 9, 1)).values["media_reports"] == 0
    assert Snapshot.objects.get(session=session, day=D(2023, 9, 10)).values["media_reports"] == 1
    assert target(session, "media_reports").value == 1  # the latest day's figure stands


def test_the_organiser_is_reminded_once_a_week_before_a_deadline(django_capture_on_commit_callbacks):
    session = make_session()
    sessions = type(session).objects.filter(pk=session.pk)
    with django_capture_on_commit_callbacks(execute=True):
        recompute(day=D(2023, 10, 23), sessions=sessions)
        recompute(day=D(2023, 10, 24), sessions=sessions)
    reminders = Notification.objects.filter(recipient=persona("organizer"), kind="sessions.compliance",
                                            url__endswith=f"/sessions/{session.pk}/", body__contains="2023-10-30")
    assert reminders.count() == 1
    assert target(session, "roadshow").reminded_on == D(2023, 10, 23)


def test_a_summary_report_and_intentions_count():
    session = make_session()
    organiser = persona("organizer")
    SummaryReport.objects.create(session=session, file="x.pdf", original_name="总结.pdf", submitted_on=D(2023, 11, 1),
                                 submitted_by=organiser)
    Intention.objects.bulk_create([Intention(session=session, subject=f"意向{i}", supply_party="南京大学",
                                             demand_party="企业", reached_on=D(2023, 8, 1), created_by=organiser)
                                   for i in range(20)])
    recompute(day=D(2023, 11, 2), sessions=type(session).objects.filter(pk=session.pk))
    assert target(session, "summary_report").status == TargetStatus.MET
    assert (target(session, "intentions").value, target(session, "intentions").status) == (20, TargetStatus.MET)
