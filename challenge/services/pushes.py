"""Pushes (定向推送): a published hot list goes to every university liaison of the province
(应推尽推), in their inbox and by e-mail, one message per list; each demand it carries is
recorded per person, to count pushes and their opening."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenge.choices import SOLVER_UNIT_KINDS
from challenge.models import Demand, HotList, Push, PushReason
from jbgs.choices import OrganizationStatus, Role
from jbgs.locking import lock
from jbgs.models import User
from jbgs.services.notifications import Message, notify, notify_each


def university_liaisons():
    """Every active liaison of an active university or institute in Jiangsu."""
    return (User.objects.filter(is_active=True, roles__contains=[Role.LIAISON],
                                organization__kind__in=SOLVER_UNIT_KINDS,
                                organization__status=OrganizationStatus.ACTIVE,
                                organization__region__in_jiangsu=True)
            .select_related("organization").order_by("pk"))


def push_hot_list(hot_list_id: int, now=None) -> int:
    """Send a published list to every university liaison not sent it yet; returns how many
    people it reached this time. A second run (the sweeper, a retried task) sends nothing twice."""
    now = now or timezone.now()
    with transaction.atomic():
        hot_list = lock(HotList.objects.select_related("field"), pk=hot_list_id)
        if hot_list.published_at is None:
            return 0
        demand_ids = list(hot_list.demands.values_list("pk", flat=True))
        reached = set(Push.objects.filter(hot_list=hot_list).values_list("recipient_id", flat=True))
        recipients = [user for user in university_liaisons() if user.pk not in reached]
        if recipients:
            notify(recipients, kind="challenge.hot_list.pushed",
                   title=_("New hot demand list: %(title)s") % {"title": hot_list.title},
                   body=_("%(n)s demands of %(field)s wait for solvers. Forward them to your researchers.") % {
                       "n": len(demand_ids), "field": hot_list.field.name},
                   url=reverse("challenge:hot-list", args=[hot_list.pk]))
            Push.objects.bulk_create([
                Push(recipient=user, organization=user.organization, demand_id=demand_id, hot_list=hot_list,
                     reason=PushReason.HOT_LIST, emailed=bool(user.email))
                for user in recipients for demand_id in demand_ids], ignore_conflicts=True)
        hot_list.pushed_at = now
        hot_list.save(update_fields=["pushed_at"])
    return len(recipients)


def push_pending(now=None, then=None) -> int:
    """Published lists whose push was lost (Redis or the worker down when they were
    published); `then(hot_list_id)` runs after each is pushed."""
    pending = HotList.objects.filter(published_at__isnull=False, pushed_at__isnull=True).values_list("pk", flat=True)
    reached = 0
    for pk in list(pending):
        reached += push_hot_list(pk, now=now)
        if then is not None:
            then(pk)
    return reached


def mark_opened(user, demand_id: int, now=None) -> None:
    """The person opened a demand that was pushed to them."""
    if user.is_authenticated:
        Push.objects.filter(Q(recipient=user) & Q(demand_id=demand_id) & Q(opened_at__isnull=True)).update(
            opened_at=now or timezone.now())


REPUSH_MATCHES = 10  # the best-matched solvers a long-standing demand is pushed to again


def repush_long_standing(now=None) -> int:
    """Demands without a solution stay in service (长期未揭榜的需求): each published demand with
    no live solution the year's re-push interval after publication is pushed again to the
    people of its best-matched solvers (their unit's liaisons and solvers, or the expert), and
    again after as long; one message per person lists their demands. Returns the pushes."""
    from challenge.models import Match
    from challenge.selectors import long_standing

    now = now or timezone.now()
    due = list(long_standing(now=now, repushed_before=True))
    if not due:
        return 0
    matches = (Match.objects.filter(demand__in=due).order_by("demand_id", "-score", "pk")
               .values_list("demand_id", "organization_id", "user_id"))
    best: dict[int, list[tuple[int | None, int | None]]] = {}
    for demand_id, organization_id, user_id in matches:
        if len(best.setdefault(demand_id, [])) < REPUSH_MATCHES:
            best[demand_id].append((organization_id, user_id))
    units = {o for pairs in best.values() for o, _u in pairs if o}
    people = {u for pairs in best.values() for _o, u in pairs if u}
    members: dict[int, list] = {}
    for user in (User.objects.filter(is_active=True).filter(
            Q(organization_id__in=units, roles__overlap=[Role.LIAISON, Role.SOLVER]) | Q(pk__in=people))
            .select_related("organization")):
        if user.pk in people:
            members.setdefault(-user.pk, []).append(user)
        if user.organization_id in units and {Role.LIAISON, Role.SOLVER} & set(user.roles):
            members.setdefault(user.organization_id, []).append(user)
    told: dict[int, tuple] = {}  # user id → (user, demands)
    for demand in due:
        for organization_id, user_id in best.get(demand.pk, []):
            for user in members.get(organization_id if organization_id else -user_id, []):
                told.setdefault(user.pk, (user, []))[1].append(demand)
    with transaction.atomic():
        notify_each([Message(user, ngettext("A demand still waits for a solver", "%(n)s demands still wait for solvers",
                                            len(demands)) % {"n": len(demands)},
                             "\n".join(f"· {d.number} {d.title}" for d in demands), url=reverse("challenge:matches"))
                     for user, demands in told.values()], kind="challenge.repush")
        pushes = Push.objects.bulk_create([
            Push(recipient=user, organization_id=user.organization_id, demand=demand, reason=PushReason.REPUSH,
                 emailed=bool(user.email)) for user, demands in told.values() for demand in demands])
        Demand.objects.filter(pk__in=[d.pk for d in due]).update(repushed_at=now)
    return len(pushes)
