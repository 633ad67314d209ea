"""智能匹配: for a published demand, the solvers most likely to answer it; for a published
patent or result, the demands it could answer. Read-only: challenge.services.matching keeps
what this finds (Match) for the solvers' pages and the digests.

A solver is a unit (a university, an institute) or an expert, ranked out of 100 from what
they have shown:

- text (60): the words the demand shares with the unit's published catalogue items, each word
  weighing by how rare it is in the catalogue (a word in one item in a thousand says more
  than 技术 or 方法, which say nothing and are left out), the best item counting whole and
  the next two a little;
- field (15): the unit's matching items are in the demand's industry field, or its profile
  declares the field;
- profile (15): the words the demand shares with the research directions and keywords the
  solver declared (SolverProfile);
- history (10): the solutions it submitted earlier to demands of the same field.

Only the demand's public text is read (its words are indexed from it at publication), so
an explanation can never show a hidden field. Each match keeps its parts, the words shared
(the rarest first) and the items that share them: the explanation on screen is those.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from auction import selectors as auction_selectors
from auction.search import any_word, index_words, word_hits
from challenge.choices import DEMAND_PUBLIC, SolutionStatus
from challenge.models import Demand, Solution, SolverProfile, Term, TermCount
from jbgs.choices import Role
from jbgs.models import IndustryField

PARTS = {"text": 60, "field": 15, "profile": 15, "history": 10}
PART_LABELS = {
    "text": _("Shared words with its catalogue items"),
    "field": _("Same industry field"),
    "profile": _("Declared research directions and keywords"),
    "history": _("Earlier solutions in the field"),
}
MAX_WORDS = 12  # the rarest words of a demand that look for items
CANDIDATE_BUDGET = 4000  # items those words may bring, their counts summed: the query stays small
COMMON = 0.05  # a word in more than this share of the items says nothing of a match
COMMON_FLOOR = 20  # ... in a small catalogue, a word in up to this many items still counts
TITLE_BOOST = 1.5  # a word of the title says more of the demand than one of its description
ITEMS_PER_UNIT = 3
SECOND_ITEMS = 0.3  # what a unit's second and third items add to its best one
SATURATION = 1.0  # sharing this share of the demand's weight earns a part's full points
SOLUTIONS_FOR_FULL = 3


@dataclass
class Candidate:
    """One solver of one demand, and what its score rests on."""

    key: str  # "o<organization id>" or "u<user id>"
    name: str
    organization_id: int | None = None
    user_id: int | None = None
    words: dict[str, float] = field(default_factory=dict)  # shared with its items → weight
    items: list[tuple[int, str, float]] = field(default_factory=list)  # (id, title, weight), best first
    profile_words: dict[str, float] = field(default_factory=dict)
    field_match: bool = False
    solutions: int = 0
    parts: dict[str, int] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return sum(self.parts.values())

    @property
    def terms(self) -> list[str]:
        """The words it shares with the demand, the weightiest (the rarest) first; a word
        within a longer one shared (互联网 in 工业互联网) is said by the longer one."""
        weights = {**self.profile_words, **self.words}
        return sorted(whole_words(weights), key=lambda w: (-weights[w], w))


@dataclass
class Weights:
    """The words of a text that matching looks for, each with its weight."""

    items: dict[str, float]  # the rarest that some catalogue items have, within the candidate budget
    all: dict[str, float]  # every meaningful, not common word, for declared profiles

    @property
    def items_total(self) -> float:
        return sum(self.items.values())

    @property
    def all_total(self) -> float:
        return sum(self.all.values())


def whole_words(words) -> list[str]:
    """`words` without those inside a longer one of them: the index holds a compound and its
    parts (auction.search.index_words), an explanation names the compound."""
    words = list(words)
    return [w for w in words if not any(w != other and w in other for other in words)]


def meaningful(word: str) -> bool:
    """A word worth matching on: two characters at least (one Chinese character is rarely a
    term) and not a bare number."""
    return len(word) >= 2 and not word.replace(".", "").isdigit()


def words_of(search_title: str, search_body: str) -> tuple[list[str], set[str]]:
    """The distinct meaningful words of indexed text, and those of its title."""
    title = [w for w in search_title.split() if meaningful(w)]
    body = [w for w in search_body.split() if meaningful(w)]
    return list(dict.fromkeys([*title, *body])), set(title)


def counts() -> TermCount:
    """How many items and demands the words were counted over; counted now if they never were."""
    counted = TermCount.objects.filter(pk=1).first()
    if counted is None:
        from challenge.services.matching import count_terms

        counted = count_terms()
    return counted


def weigh(words: list[str], title: set[str], *, over: str = "items") -> Weights:
    """Weigh each word by its rarity (inverse document frequency) among the catalogue's items
    (`over="items"`) or the public demands (`over="demands"`)."""
    total = getattr(counts(), over)
    found = dict(Term.objects.filter(word__in=words).values_list("word", over))
    common = max(COMMON_FLOOR, total * COMMON)
    every, present = {}, {}
    for word in words:
        frequency = found.get(word, 0)
        if frequency > common:
            continue
        weight = math.log((total + 1) / max(frequency, 0.5)) * (TITLE_BOOST if word in title else 1.0)
        every[word] = weight
        if frequency:
            present[word] = weight
    chosen, budget = {}, 0
    for word in sorted(present, key=lambda w: (-present[w], w)):
        if len(chosen) == MAX_WORDS:
            break
        if chosen and budget + found[word] > CANDIDATE_BUDGET:
            continue
        chosen[word] = present[word]
        budget += found[word]
    return Weights(items=chosen, all=dict(sorted(every.items(), key=lambda kv: (-kv[1], kv[0]))[:2 * MAX_WORDS]))


def _points(share: float, total: float, part: str) -> int:
    if total <= 0 or share <= 0:
        return 0
    return round(PARTS[part] * min(1.0, share / (SATURATION * total)))


def rank_solvers(demand: Demand, *, limit: int = 20) -> list[Candidate]:
    """The `limit` solvers that best match a demand (its public words; see the module), best
    first, each with its explanation. A handful of queries, whatever the catalogue's size."""
    words, title = words_of(demand.search_title, demand.search_body)
    weights = weigh(words, title)
    candidates: dict[str, Candidate] = {}
    field_code = demand.field.code if demand.field_id else ""
    item_words = list(weights.items)
    for item in auction_selectors.items_sharing_words(weights.items, per_unit=ITEMS_PER_UNIT):
        if item.organization_id == demand.organization_id:
            continue
        key = f"o{item.organization_id}"
        candidate = candidates.setdefault(key, Candidate(key, item.organization_name,
                                                         organization_id=item.organization_id))
        candidate.items.append((item.id, item.title, item.weight))
        for word, hit in zip(item_words, item.hits, strict=True):
            if hit:
                candidate.words[word] = weights.items[word]
        candidate.field_match |= bool(demand.field_id) and item.field_id == demand.field_id
    _add_profiles(demand, weights, candidates, field_code)
    _add_history(demand, candidates, field_code)
    for candidate in candidates.values():
        candidate.items.sort(key=lambda item: (-item[2], -item[0]))
        best = [weight for _id, _title, weight in candidate.items[:ITEMS_PER_UNIT]]
        text = (best[0] + SECOND_ITEMS * sum(best[1:])) if best else 0.0
        candidate.parts = {
            "text": _points(text, weights.items_total, "text"),
            "field": PARTS["field"] if candidate.field_match else 0,
            "profile": _points(sum(candidate.profile_words.values()), weights.all_total, "profile"),
            "history": round(PARTS["history"] * min(1.0, candidate.solutions / SOLUTIONS_FOR_FULL)),
        }
    ranked = [c for c in candidates.values() if c.parts["text"] or c.parts["profile"]]
    ranked.sort(key=lambda c: (-c.score, -c.parts["text"], c.name, c.key))
    return ranked[:limit]


def _add_profiles(demand: Demand, weights: Weights, candidates: dict[str, Candidate], field_code: str) -> None:
    """Units and experts whose declared directions and keywords share the demand's words."""
    if not weights.all:
        return
    words = list(weights.all)
    hits, _weight = word_hits(weights.all)
    profiles = (SolverProfile.objects.filter(search_vector=any_word(words))
                .filter(Q(organization__isnull=False) | Q(user__is_active=True, user__roles__overlap=[
                    Role.EXPERT, Role.SOLVER]))
                .exclude(organization_id=demand.organization_id)
                .annotate(hits=hits)
                .values_list("organization_id", "organization__name", "user_id", "user__name", "field_codes", "hits"))
    for organization_id, organization_name, user_id, user_name, field_codes, found in profiles:
        key = f"o{organization_id}" if organization_id else f"u{user_id}"
        candidate = candidates.setdefault(key, Candidate(
            key, organization_name or user_name, organization_id=organization_id, user_id=user_id))
        candidate.profile_words = {w: weights.all[w] for w, hit in zip(words, found, strict=True) if hit}
        candidate.field_match |= bool(field_code) and field_code in field_codes


def _add_history(demand: Demand, candidates: dict[str, Candidate], field_code: str) -> None:
    """How many solutions each candidate submitted to other demands of the field (any year)."""
    if not field_code or not candidates:
        return
    # The field's years by their ids, not joined by code: the candidates' few solutions are
    # read through their units' index, and each one's demand by its key, not every demand.
    fields = list(IndustryField.objects.filter(code=field_code).values_list("pk", flat=True))
    solutions = (Solution.objects.filter(demand__field_id__in=fields).exclude(demand=demand)
                 .exclude(status=SolutionStatus.WITHDRAWN))
    units = [c.organization_id for c in candidates.values() if c.organization_id]
    people = [c.user_id for c in candidates.values() if c.user_id]
    for organization_id, n in (solutions.filter(organization_id__in=units).values_list("organization_id")
                               .annotate(n=Count("pk")).order_by()):
        candidates[f"o{organization_id}"].solutions = n
    for user_id, n in (solutions.filter(solver_id__in=people).values_list("solver_id").annotate(n=Count("pk"))
                       .order_by()):
        candidates[f"u{user_id}"].solutions = n


@dataclass
class DemandMatch:
    """A public demand a catalogue item could answer, and why."""

    demand: Demand
    score: int
    terms: list[str]
    field_match: bool


def demands_for_item(item, *, limit: int = 20) -> list[DemandMatch]:
    """The public demands that a published item could answer: those sharing its rarest words,
    by how rare the words are among the demands, the same industry field counting too."""
    words, title = words_of(item.search_title, item.search_body)
    weights = weigh(words, title, over="demands")
    if not weights.items:
        return []
    hits, weight = word_hits(weights.items)
    item_field = item.field.code if item.field_id else ""
    demands = (Demand.objects.filter(status__in=DEMAND_PUBLIC, search_vector=any_word(weights.items))
               .exclude(organization_id=item.organization_id)
               .annotate(hits=hits, weight=weight).select_related("field", "organization", "region")
               .order_by("-weight", "-published_at", "-pk")[:limit * 3])
    total = weights.items_total
    found = []
    for demand in demands:
        terms = whole_words(w for w, hit in zip(weights.items, demand.hits, strict=True) if hit)
        field_match = bool(item_field) and demand.field.code == item_field
        text = round((PARTS["text"] + PARTS["profile"]) * min(1.0, demand.weight / (SATURATION * total)))
        score = text + (PARTS["field"] if field_match else 0)
        found.append(DemandMatch(demand, score, terms, field_match))
    found.sort(key=lambda m: (-m.score, -m.demand.pk))
    return found[:limit]


def profile_words(directions: str, keywords: str) -> str:
    """The indexed words of a declared profile."""
    return index_words(directions, keywords.replace("、", " ").replace("，", " ").replace(",", " "))


def explanation(parts: dict, terms: list[str], items: list[tuple[int, str]]) -> dict:
    """What a match's explanation shows, whether it was just ranked (Candidate) or kept
    (Match): the score, each part's points beside its maximum, the shared words, the items."""
    rows = [(PART_LABELS[code], parts.get(code, 0), top) for code, top in PARTS.items()]
    return {"score": sum(points for _label, points, _top in rows), "parts": rows, "terms": terms[:8],
            "items": items[:3]}
