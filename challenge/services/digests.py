"""Personal digests (定向推送): once a day, each solver is told of the demands newly matched
to them above the year's threshold, in their inbox and by e-mail, at most one digest a
person a day, as they chose (DigestPreference; every e-mail carries a link that stops the
e-mails). Each demand a digest carries is a push (Push), counted with the hot lists'.

The job goes through the recipients a batch at a time with the same few statements per
batch, whatever the batch holds: the recipients, their matches, and one insert each of
messages, digests and pushes."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenge.choices import SOLVER_UNIT_KINDS, ChallengeAction, DemandStatus
from challenge.models import (
    ChallengeRules,
    Digest,
    DigestChannel,
    DigestPreference,
    Match,
    Push,
    PushReason,
)
from challenge.selectors import current_campaign
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.models import User
from jbgs.services.audit import audit
from jbgs.services.notifications import Message, notify_each

BATCH = 500
PER_DIGEST = 10  # demands a digest names; the page of matches has the rest
FIRST_WINDOW = datetime.timedelta(days=7)  # what a person's first digest looks back on
UNIT_ROLES = (Role.LIAISON, Role.SOLVER)
UNSUBSCRIBE_SALT = "challenge.digest.unsubscribe"
DIGEST_LOCK = 0x6A62_6773_0001  # a PostgreSQL advisory lock key: one batch at a time


def recipients():
    """Who can be matched: liaisons and solvers of universities and institutes (their unit's
    matches), experts and solvers with a profile of their own; active, and not opted out."""
    return (User.objects.filter(is_active=True)
            .filter(Q(roles__overlap=list(UNIT_ROLES), organization__kind__in=SOLVER_UNIT_KINDS)
                    | Q(roles__overlap=[Role.EXPERT, Role.SOLVER], solver_profile__isnull=False))
            .exclude(digest_preference__channel=DigestChannel.OFF))


@dataclass
class _Recipient:
    user: User
    since: datetime.datetime
    email: bool


def send_digests(day: datetime.date | None = None, now=None, batch: int = BATCH) -> int:
    """Send the day's digests that are due; returns how many were sent. Run again the same
    day (a retried task, a second worker), it sends none twice."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    campaign = current_campaign()
    threshold = ChallengeRules.of(campaign).match_threshold if campaign else ChallengeRules().match_threshold
    sent, after = 0, 0
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:  # another job's batch in progress: it does the rest
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [DIGEST_LOCK])
                if not cursor.fetchone()[0]:
                    return sent
            people = _due(day, after, batch, now)
            if not people:
                return sent
            after = people[-1].user.pk
            sent += _send(people, day, threshold, now)


def _due(day, after: int, batch: int, now) -> list[_Recipient]:
    latest = Digest.objects.filter(user=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    users = (recipients().filter(pk__gt=after)
             .exclude(Exists(Digest.objects.filter(user=OuterRef("pk"), day=day)))
             .annotate(last_digest=Subquery(latest), channel=Subquery(
                 DigestPreference.objects.filter(user=OuterRef("pk")).values("channel")[:1]))
             .order_by("pk")[:batch])
    return [_Recipient(user, user.last_digest or now - FIRST_WINDOW,
                       bool(user.email) and user.channel in (None, DigestChannel.ALL))
            for user in users]


def _send(people: list[_Recipient], day, threshold: int, now) -> int:
    units = {p.user.organization_id for p in people if set(UNIT_ROLES) & set(p.user.roles)}
    since = min(p.since for p in people)
    matches = (Match.objects.filter(Q(organization_id__in=units) | Q(user_id__in=[p.user.pk for p in people]),
                                    score__gte=threshold, created_at__gt=since,
                                    demand__status=DemandStatus.PUBLISHED)
               .select_related("demand__field").order_by("-score", "pk"))
    by_unit, by_person = {}, {}
    for match in matches:
        mine = by_unit if match.organization_id else by_person
        mine.setdefault(match.organization_id or match.user_id, []).append(match)
    messages, digests, pushes = [], [], []
    for person in people:
        user = person.user
        found = [*by_person.get(user.pk, []),
                 *(by_unit.get(user.organization_id, []) if set(UNIT_ROLES) & set(user.roles) else [])]
        chosen, seen = [], set()
        for match in sorted(found, key=lambda m: (-m.score, m.pk)):
            if match.created_at > person.since and match.demand_id not in seen:
                seen.add(match.demand_id)
                chosen.append(match)
        if not chosen:
            continue
        chosen = chosen[:PER_DIGEST]
        messages.append(Message(user, *_texts(user, chosen), url=reverse("challenge:matches"), email=person.email))
        digests.append(Digest(user=user, day=day, demands=[m.demand_id for m in chosen], emailed=person.email,
                              created_at=now))
        pushes += [Push(recipient=user, organization_id=user.organization_id, demand_id=m.demand_id,
                        reason=PushReason.DIGEST, emailed=person.email) for m in chosen]
    if messages:
        notify_each(messages, kind="challenge.digest")
        Digest.objects.bulk_create(digests)
        Push.objects.bulk_create(pushes)
    return len(messages)


def _texts(user, matches: list[Match]) -> tuple[str, str]:
    """The digest's title and body: each demand by its number, public title and field, the
    score and the words it shares (all of the demand's public text; nothing a demand hides)."""
    title = ngettext("%(n)s new demand matches you", "%(n)s new demands match you", len(matches)) % {
        "n": len(matches)}
    lines = [_("Demands published on the platform that match what you have shown:"), ""]
    for match in matches:
        demand = match.demand
        lines.append(f"· {demand.number} {demand.title}（{demand.field.name if demand.field_id else '—'}）")
        lines.append("  " + _("match %(score)s/100; shared words: %(terms)s; %(url)s") % {
            "score": match.score, "terms": "、".join(match.terms[:5]) or "—",
            "url": settings.SITE_URL + reverse("challenge:demand", args=[demand.pk])})
    lines += ["", _("To stop these e-mails: %(url)s") % {"url": unsubscribe_url(user)}]
    return title, "\n".join(lines)


def unsubscribe_url(user) -> str:
    token = signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)
    return f"{settings.SITE_URL}{reverse('challenge:digest-unsubscribe', args=[token])}"


def user_of_token(token: str) -> User | None:
    """The person an unsubscribe link was made for (the links do not expire)."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def set_channel(user, channel: str, *, actor=None, now=None) -> DigestPreference:
    """How the person wants their digest; the unsubscribe link sets the inbox only."""
    if channel not in DigestChannel.values:
        raise DomainError(_("Choose how you want the digest."), code="invalid_channel", field="channel")
    now = now or timezone.now()
    with transaction.atomic():
        preference, _created = DigestPreference.objects.select_for_update().get_or_create(
            user=user, defaults={"channel": channel, "changed_at": now})
        before = DigestChannel.ALL if _created else preference.channel
        preference.channel, preference.changed_at = channel, now
        preference.save()
        audit(user, ChallengeAction.DIGEST_PREFERENCE, actor=actor or user, now=now,
              data={"from": before, "to": channel})
    return preference


def channel_of(user) -> str:
    preference = DigestPreference.objects.filter(user=user).first()
    return preference.channel if preference else DigestChannel.ALL
