"""What matching keeps: the words' counts it weighs by, each public demand's ranked solvers
(Match, which the solvers' pages and the digests read), and the profiles solvers declare."""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import selectors as auction_selectors
from challenge import access as challenge_access
from challenge import matching
from challenge.choices import DEMAND_PUBLIC, ChallengeAction
from challenge.models import Demand, Match, SolverProfile, Term, TermCount
from jbgs import access
from jbgs.db import insert_values
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.parsing import plain_text
from jbgs.services.audit import audit

KEPT = 50  # the solvers kept per demand: the digests report the best, the rest are context


def count_terms(now=None) -> TermCount:
    """Count every word of the published catalogue and of the public demands (a nightly job;
    first use counts too). Replaces the counts in one transaction: matching reads either the
    old ones or the new ones."""
    now = now or timezone.now()
    items, item_words = auction_selectors.catalogue_word_counts()
    with connection.cursor() as cursor:
        statuses = ", ".join(f"'{status}'" for status in DEMAND_PUBLIC)  # codes: letters and _ only
        cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [
            f"SELECT search_vector FROM {Demand._meta.db_table} WHERE status IN ({statuses})"])
        demand_words = cursor.fetchall()
    demands = Demand.objects.filter(status__in=DEMAND_PUBLIC).count()
    words: dict[str, list[int]] = {}
    for word, n in item_words:
        words.setdefault(word[:100], [0, 0])[0] = n
    for word, n in demand_words:
        words.setdefault(word[:100], [0, 0])[1] = n
    with transaction.atomic():
        Term.objects.all().delete()
        insert_values(Term, ("word", "items", "demands"), [(w, i, d) for w, (i, d) in words.items()])
        counted, _created = TermCount.objects.update_or_create(
            pk=1, defaults={"items": items, "demands": demands, "counted_at": now})
    return counted


def index_for_search(demand: Demand) -> None:
    """The words a demand is found and matched by: of its public text only, at publication
    (a published demand no longer changes). The caller saves search_title and search_body."""
    from auction.search import index_words

    demand.search_title = index_words(demand.title)
    demand.search_body = index_words(demand.sub_field, demand.description, demand.expected_outcome)


def match_demand(demand: Demand, now=None) -> int:
    """Rank the solvers of a public demand and keep the best KEPT: a pair found before keeps
    the day it was first found; one no longer among them goes. Returns how many are kept."""
    now = now or timezone.now()
    with transaction.atomic():
        # As stored now (two jobs matching it at once take turns): its words, its state.
        demand = lock(Demand.objects.select_related("field"), of=("self",), pk=demand.pk)
        ranked = matching.rank_solvers(demand, limit=KEPT) if demand.status in DEMAND_PUBLIC else []
        first = dict(Match.objects.filter(demand=demand).values_list("solver_key", "created_at"))
        Match.objects.filter(demand=demand).delete()
        Match.objects.bulk_create([
            Match(demand=demand, solver_key=c.key, organization_id=c.organization_id, user_id=c.user_id,
                  score=c.score, parts=c.parts, terms=c.terms[:20], items=[pk for pk, _t, _w in c.items],
                  created_at=first.get(c.key, now), updated_at=now)
            for c in ranked])
    return len(ranked)


def match_hot_list(hot_list_id: int, now=None) -> int:
    """Match the demands a list published (after its push)."""
    demands = Demand.objects.filter(hot_lists__pk=hot_list_id, status__in=DEMAND_PUBLIC).select_related("field")
    done = 0
    for demand in demands:
        match_demand(demand, now=now)
        done += 1
    return done


def match_public(now=None, *, since=None) -> int:
    """Match every public demand again (published since `since`, when given): the nightly job,
    after the words are counted again. One demand at a time, each in its own transaction."""
    demands = Demand.objects.filter(status__in=DEMAND_PUBLIC).select_related("field")
    if since is not None:
        demands = demands.filter(published_at__gte=since)
    done = 0
    for demand in demands.order_by("pk").iterator(chunk_size=200):
        match_demand(demand, now=now)
        done += 1
    return done


def may_keep_profile(user, *, organization=None) -> bool:
    """A university's or institute's liaisons and solvers keep its profile; an expert or a
    solver keeps their own."""
    if organization is not None:
        return challenge_access.matched_unit(user) == organization.pk
    return challenge_access.matched_person(user)


def save_profile(*, actor, directions: str, keywords: str, field_codes, organization=None) -> SolverProfile:
    """Declare a unit's (or, without `organization`, the actor's own) research directions,
    keywords and industry fields, which matching reads beside the catalogue."""
    if not may_keep_profile(actor, organization=organization) and not access.is_admin(actor):
        raise NotAllowed()
    directions, keywords = plain_text(directions).strip(), plain_text(keywords).strip()
    if len(directions) > 2000:
        raise DomainError(_("Keep the research directions under 2,000 characters."), code="too_long",
                          field="directions")
    if len(keywords) > 500:
        raise DomainError(_("Keep the keywords under 500 characters."), code="too_long", field="keywords")
    codes = sorted({plain_text(c)[:40] for c in field_codes or [] if plain_text(c)})
    owner = {"organization": organization} if organization is not None else {"user": actor}
    with transaction.atomic():
        profile, created = SolverProfile.objects.select_for_update().get_or_create(**owner, defaults={
            "updated_by": actor})
        before = {"directions": profile.directions, "keywords": profile.keywords, "fields": profile.field_codes}
        profile.directions, profile.keywords, profile.field_codes = directions, keywords, codes
        profile.search_words = matching.profile_words(directions, keywords)
        profile.updated_by = actor
        profile.save()
        audit(profile, ChallengeAction.PROFILE_SAVED, actor=actor, data={
            "before": None if created else before,
            "after": {"directions": directions, "keywords": keywords, "fields": codes}})
    return profile
