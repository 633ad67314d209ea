"""Who may see what of the demand side: the enterprise's unit and the administrators see a
demand whole; everyone else sees published demands through challenge.public only."""

from django.db.models import Q, QuerySet

from challenge.choices import CONTEST_PUBLIC, DEMAND_PUBLIC, SOLVER_UNIT_KINDS
from challenge.models import Demand, HotList
from jbgs import access
from jbgs.choices import Role


def posts_demands(user) -> bool:
    """A member of an enterprise with the enterprise role: who posts its demands."""
    return bool(user.is_authenticated and user.organization_id and user.has_role(Role.ENTERPRISE))


def is_member(user, demand: Demand) -> bool:
    """A member of the demand's enterprise with the enterprise role: who decides on it."""
    return posts_demands(user) and user.organization_id == demand.organization_id


def sees_whole(user, demand: Demand) -> bool:
    """The demand's own unit (its members with the enterprise role) and the administrators;
    to anyone else a demand that is not public does not exist."""
    return access.is_admin(user) or is_member(user, demand)


def visible_demands(user) -> QuerySet[Demand]:
    """Published demands, and the caller's unit's in any state (every demand for the
    administrators)."""
    demands = Demand.objects.all()
    if access.is_admin(user):
        return demands
    if posts_demands(user):
        return demands.filter(Q(status__in=DEMAND_PUBLIC) | Q(organization_id=user.organization_id))
    return demands.filter(status__in=DEMAND_PUBLIC)


def may_diagnose(user) -> bool:
    return access.is_admin(user) or bool(user.is_authenticated and user.has_role(Role.EXPERT))


def visible_hot_lists(user) -> QuerySet[HotList]:
    """Published lists; drafts too for the administrators, who draw them up."""
    lists = HotList.objects.all()
    return lists if access.is_admin(user) else lists.filter(published_at__isnull=False)


def matched_unit(user) -> int | None:
    """The unit whose matches a person sees and whose profile they keep: theirs, as a liaison
    or a solver of a university or an institute."""
    if (user.is_authenticated and user.organization_id and (user.has_role(Role.LIAISON) or user.has_role(Role.SOLVER))
            and user.organization.kind in SOLVER_UNIT_KINDS):
        return user.organization_id
    return None


def matched_person(user) -> bool:
    """Someone matched by a profile of their own: an expert, or a solver."""
    return bool(user.is_authenticated and (user.has_role(Role.EXPERT) or user.has_role(Role.SOLVER)))


def is_matched(user) -> bool:
    return matched_unit(user) is not None or matched_person(user)


def visible_cooperations(user, cooperations: QuerySet) -> QuerySet:
    """The cooperations a person takes part in or follows: all for the administrators; those
    they follow up, their enterprise's demands' and their unit's solutions' for the others."""
    if access.is_admin(user):
        return cooperations
    mine = Q(manager=user)
    if posts_demands(user):
        mine |= Q(demand__organization_id=user.organization_id)
    if user.organization_id and (user.has_role(Role.SOLVER) or user.has_role(Role.LIAISON)):
        mine |= Q(solution__organization_id=user.organization_id)
    return cooperations.filter(mine)


def is_contest_expert(user, contest) -> bool:
    """An expert invited to mark the contest's pairs."""
    return bool(user.is_authenticated and user.has_role(Role.EXPERT)
                and contest.experts.filter(expert_id=user.pk).exists())


def contest_institution(user, contest):
    """The invited financial institution `user` speaks for (its member with the financier
    role), or None."""
    if not (user.is_authenticated and user.organization_id and user.has_role(Role.FINANCIER)):
        return None
    invited = contest.institutions.filter(organization_id=user.organization_id).select_related("organization").first()
    return invited.organization if invited else None


def in_contest_room(user, contest) -> bool:
    """Who sees an announced contest's pairs beyond the public page (the solutions' approach,
    their own marks or interest): the invited experts and institutions, and the administrators."""
    return contest.status in CONTEST_PUBLIC and (
        access.is_admin(user) or is_contest_expert(user, contest) or contest_institution(user, contest) is not None)
