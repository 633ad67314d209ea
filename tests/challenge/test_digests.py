"""Personal digests: each solver is told once a day of the demands newly matched to them above
the year's threshold, in the inbox and by e-mail as they chose; the e-mail's link stops the
e-mails without signing in; every demand told is a push; a second run sends nothing twice;
the statements per batch do not grow with the batch."""

import datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from challenge.models import ChallengeRules, Digest, DigestChannel, Match, Push, PushReason
from challenge.services import digests
from jbgs.models import AuditEntry, Notification
from tests.challenge.conftest import challenge_campaign
from tests.conftest import make_organization, make_user

NOW = timezone.now()


def _match(demand, unit=None, user=None, score=80, terms=("钙钛矿", "叠层"), created=NOW):
    return Match.objects.create(demand=demand, solver_key=f"o{unit.pk}" if unit else f"u{user.pk}", organization=unit,
                                user=user, score=score, parts={"text": score}, terms=list(terms), items=[],
                                created_at=created, updated_at=created)


def test_a_digest_tells_each_solver_of_their_new_matches_once_a_day(published, liaison, solver, expert,
                                                                    django_capture_on_commit_callbacks):
    from challenge.services import matching

    matching.save_profile(actor=expert, directions="钙钛矿", keywords="", field_codes=[])
    _match(published, unit=liaison.organization, score=75)
    _match(published, user=expert, score=90)
    low = make_organization("低分大学", "undergraduate_university", "320102")
    low_liaison = make_user("low-liaison", low, ["liaison"])
    _match(published, unit=low, score=ChallengeRules.of(challenge_campaign()).match_threshold - 1)
    with django_capture_on_commit_callbacks(execute=True):
        sent = digests.send_digests(now=NOW)
    told = set(Digest.objects.values_list("user__username", flat=True))
    # The unit's liaison and its solver (same unit) and the expert; not the unit below the threshold.
    assert told == {liaison.username, solver.username, expert.username}, told
    assert sent == 3 and low_liaison.username not in told
    note = Notification.objects.get(recipient=liaison, kind="challenge.digest")
    assert published.number in note.body and "钙钛矿" in note.body and note.url == reverse("challenge:matches")
    assert "/challenge/digest/unsubscribe/" in note.body
    assert {m.to[0] for m in mail.outbox} == {liaison.email, solver.email, expert.email}
    assert Push.objects.filter(reason=PushReason.DIGEST).count() == 3
    # Again the same day (a retried task): nothing twice. The next day: nothing new to tell.
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.send_digests(now=NOW) == 0
        assert digests.send_digests(now=NOW + datetime.timedelta(days=1)) == 0
    assert Digest.objects.count() == 3 and len(mail.outbox) == 3


def test_a_digest_never_names_what_the_demand_hides(published, liaison, django_capture_on_commit_callbacks):
    from tests.challenge.conftest import AMOUNT_FORMS, MARKERS

    _match(published, unit=liaison.organization)
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_digests(now=NOW)
    texts = [n.title + n.body for n in Notification.objects.filter(kind="challenge.digest")]
    texts += [m.subject + m.body for m in mail.outbox]
    assert texts
    for text in texts:
        for marker in [*MARKERS.values(), *AMOUNT_FORMS]:
            assert marker not in text, marker


def test_the_unsubscribe_link_stops_the_emails_not_the_inbox(client, published, liaison,
                                                             django_capture_on_commit_callbacks):
    url = digests.unsubscribe_url(liaison)
    path = url.split("://", 1)[-1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200 and 'data-testid="unsubscribed"' not in page.text
    assert digests.channel_of(liaison) == DigestChannel.ALL  # a GET (a mail scanner's) changes nothing
    done = client.post("/" + path)
    assert 'data-testid="unsubscribed"' in done.text and digests.channel_of(liaison) == DigestChannel.INBOX
    assert AuditEntry.objects.filter(action="challenge.digest.preference").count() == 1
    _match(published, unit=liaison.organization)
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_digests(now=NOW)
    assert Notification.objects.filter(recipient=liaison, kind="challenge.digest").exists()
    assert liaison.email not in [m.to[0] for m in mail.outbox]
    assert client.get("/challenge/digest/unsubscribe/forged-token/").status_code == 404


def test_turned_off_no_digest_at_all(published, liaison, client_as):
    page = client_as(liaison).post(reverse("challenge:solver-profile"), {"which": "digest", "channel": "off"})
    assert page.status_code == 302 and digests.channel_of(liaison) == DigestChannel.OFF
    _match(published, unit=liaison.organization)
    assert digests.send_digests(now=NOW) == 0


def test_only_new_matches_since_the_last_digest(published, liaison, enterprise_user, expert, admin_user,
                                                django_capture_on_commit_callbacks):
    _match(published, unit=liaison.organization, created=NOW - datetime.timedelta(days=30))  # long known
    assert digests.send_digests(now=NOW) == 0  # the first digest looks back a week only


def test_the_statements_per_batch_do_not_grow_with_the_batch(published, django_capture_on_commit_callbacks):
    def run(people: int, day: datetime.date) -> int:
        for n in range(people):
            unit = make_organization(f"批次大学{day.day}-{n}", "undergraduate_university", "320102")
            make_user(f"batch-{day.day}-{n}", unit, ["liaison"])
            _match(published, unit=unit, created=timezone.now())
        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                digests.send_digests(day=day, now=timezone.now())
        return len(queries)

    few = run(3, datetime.date(2030, 1, 1))
    many = run(30, datetime.date(2030, 1, 2))
    # Many more people (and their e-mails, 50 to a statement) in the same statements.
    assert many == few, (few, many)


def test_a_long_standing_demand_is_pushed_again_to_its_best_matches_and_listed(
        published, liaison, solver, manager, client_as, django_capture_on_commit_callbacks):
    from challenge.selectors import long_standing
    from challenge.services import pushes

    published.refresh_from_db()
    _match(published, unit=liaison.organization, score=20)  # below the digest's threshold: still its best
    soon = published.published_at + datetime.timedelta(days=10)
    assert pushes.repush_long_standing(now=soon) == 0  # not long yet
    later = published.published_at + datetime.timedelta(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert pushes.repush_long_standing(now=later) == 2  # the unit's liaison and its solver
    assert set(Push.objects.filter(reason=PushReason.REPUSH).values_list("recipient", flat=True)) == {
        liaison.pk, solver.pk}
    note = Notification.objects.get(recipient=liaison, kind="challenge.repush")
    assert published.number in note.body
    assert pushes.repush_long_standing(now=later + datetime.timedelta(days=1)) == 0  # not twice in the interval
    assert pushes.repush_long_standing(now=later + datetime.timedelta(days=31)) == 2  # again after as long
    from challenge.models import Demand

    Demand.objects.filter(pk=published.pk).update(published_at=timezone.now() - datetime.timedelta(days=40))
    page = client_as(manager).get(reverse("challenge:long-standing"))
    assert page.status_code == 200 and published.title in page.text
    # Answered, it is no longer long-standing.
    from challenge.services import solutions

    solutions.submit_solution(actor=solver, demand=published, leader="李振华", approach="包覆", timeline="6 个月")
    assert list(long_standing(now=later)) == []


def test_the_push_coverage_counts_digests_beside_hot_lists(published, liaison, admin_user, client_as,
                                                           django_capture_on_commit_callbacks):
    import re

    from challenge.selectors import push_coverage

    hot_list_pushes = Push.objects.filter(reason=PushReason.HOT_LIST).count()
    _match(published, unit=liaison.organization)
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_digests(now=NOW)
    coverage = push_coverage(published.campaign)
    assert [n for _label, n in coverage["by_reason"]] == [
        Push.objects.filter(reason=reason).count() for reason in PushReason.values]  # hot list, digest, again
    assert coverage["by_reason"][1][1] > 0
    assert coverage["total"] == hot_list_pushes + Push.objects.filter(reason=PushReason.DIGEST).count()
    page = client_as(admin_user).get(reverse("challenge:push-coverage")).text
    assert re.findall(r'data-testid="push-reason">(\d+)<', page)[1] == str(coverage["by_reason"][1][1])


def test_with_the_broker_down_the_digest_still_reaches_the_inbox(published, liaison,
                                                                 django_capture_on_commit_callbacks):
    from unittest import mock

    _match(published, unit=liaison.organization)
    with mock.patch("jbgs.tasks.email_notifications.delay", side_effect=ConnectionError("redis down")):
        with django_capture_on_commit_callbacks(execute=True):
            assert digests.send_digests(now=NOW) >= 1
    assert Notification.objects.filter(recipient=liaison, kind="challenge.digest", emailed_at__isnull=True).exists()
    assert Digest.objects.filter(user=liaison).exists() and not mail.outbox
