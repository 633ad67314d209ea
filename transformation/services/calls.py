"""Project calls (立项申报) kept by the province's administrators: the one write path of Call,
CallRule and CallTarget. A call is created or changed with its fields checked together (every
wrong one named) and, when given, its eligibility rules and its funded projects' performance
targets replaced (as data, or as the editor's text, one line per rule, each wrong line named);
nothing is written unless everything holds. Each write locks the call's row, changes it and is
audited with what it was and what it became.

What may change under applications, and why:
- An application belongs to its call: the year and the direction decide who may apply and what
  the form asks for, and the code names the call in the applications' content and audit
  entries. Once a call has an application (any, a draft included) its code, year and direction
  stay; another call is a new call.
- A submitted application keeps the figures and the verdict eligibility read at submission,
  and its 申报书 prints a digest of that content; the city recommends and the province decides
  on it. Changing what the conditions mean afterwards would judge the applicants of one call by
  two sets of rules, and the call's page would contradict the printed 申报书. So once an
  application has been submitted (and not withdrawn), the rules keep their codes and their
  conditions; their wording and order may still be corrected. While there are only drafts the
  rules may change freely: a draft is checked again when it is submitted.
- The performance targets are what a funded project is judged by each year: once a project of
  the call is funded they keep their codes and conditions too (wording and order aside).
- The window may move at any time (extended, or shortened): it decides when applications are
  saved and submitted, not what a submitted one means.
- The city cap may not go below what a city has already recommended (recommended and funded
  count), checked under the call's row lock that a recommendation takes too, so that none slips
  in between."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from jbgs.access import is_admin
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.parsing import halfwidth, parse_date, plain_text
from jbgs.services.audit import audit
from transformation.choices import (
    CAP_HOLDING,
    ApplicationStatus,
    Comparison,
    Direction,
    TransformationAction,
)
from transformation.models import Call, CallRule, CallTarget, ProjectApplication
from transformation.models.calls import FIGURES, MEASURES, Vocabulary, condition_errors

FIELDS = ("code", "year", "direction", "title", "opens_on", "closes_on", "city_cap", "guide")
FIXED_ONCE_APPLIED = ("code", "year", "direction")
YEARS = (2000, 2100)
MAX_CAP = 1000
MAX_RULES = 30
MAX_CONDITIONS = 10
TEXT_LIMITS = {"code": 40, "title": 200, "guide": 5000}
RULE_LABEL_LIMIT = 200
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# The editor's comparisons: what people type (≥ and ＞ too), and what the text shows.
TYPED_OPS = {">=": Comparison.AT_LEAST, "≥": Comparison.AT_LEAST, ">": Comparison.MORE_THAN,
             "<=": Comparison.AT_MOST, "≤": Comparison.AT_MOST}
WRITTEN_OPS = {Comparison.AT_LEAST: ">=", Comparison.MORE_THAN: ">", Comparison.AT_MOST: "<="}
_OR = re.compile(r"\s+or\s+|\s*或\s*", re.IGNORECASE)
_COMPARED = re.compile(r"(\w+)\s*(>=|≥|>|<=|≤)\s*(\S+)")
_CONFIRMED = re.compile(r"(\w+)(?:\s+|\s*=\s*)yes", re.IGNORECASE)


def _label(name: str) -> str:
    return str(Call._meta.get_field(name).verbose_name)


def _refuse(errors: list[dict]) -> None:
    if errors:
        raise DomainError(errors[0]["message"], code="invalid_call", field=errors[0]["field"],
                          extra={"errors": errors})


def _check_admin(actor) -> None:
    if not is_admin(actor):
        raise NotAllowed(_("Only the province's administrators keep the project calls."))


# --- The call's fields ------------------------------------------------------------------------

def values_of(call: Call) -> dict:
    return {name: getattr(call, name) for name in FIELDS}


def _clean_call(data: dict, call: Call | None = None) -> tuple[dict, list[dict]]:
    """The call's fields from `data` (as typed), and one error per wrong field."""
    values, errors = {}, []

    def wrong(field, message):
        errors.append({"field": field, "message": message})

    for name, limit in TEXT_LIMITS.items():
        values[name] = plain_text(data.get(name))
        if len(values[name]) > limit:
            wrong(name, _("%(field)s: at most %(n)s characters.") % {"field": _label(name), "n": limit})
    if not SLUG.fullmatch(values["code"]):
        wrong("code", _("Give the call a code of letters, digits, “-” and “_” (such as 2023-university)."))
    elif Call.objects.filter(code=values["code"]).exclude(pk=call.pk if call else None).exists():
        wrong("code", _("Another call has the code “%(code)s”.") % {"code": values["code"]})
    if not values["title"]:
        wrong("title", _("Give the call's title."))
    values["year"] = _whole(data.get("year"))
    if values["year"] is None or not YEARS[0] <= values["year"] <= YEARS[1]:
        wrong("year", _("The year must be from %(first)s to %(last)s.") % {"first": YEARS[0], "last": YEARS[1]})
    values["direction"] = str(data.get("direction") or "")
    if values["direction"] not in Direction.values:
        wrong("direction", _("Choose one of the directions."))
    for name in ("opens_on", "closes_on"):
        values[name] = _date(name, data.get(name), wrong)
    if values["opens_on"] and values["closes_on"] and values["opens_on"] > values["closes_on"]:
        wrong("closes_on", _("The window must close after it opens."))
    values["city_cap"] = _cap(data.get("city_cap"), wrong)
    return values, errors


def _whole(raw) -> int | None:
    try:
        return int(halfwidth(str(raw)).strip())
    except (TypeError, ValueError):
        return None


def _date(name: str, raw, wrong):
    try:
        day = parse_date(raw)
    except ValidationError as error:
        wrong(name, f"{_label(name)}: {error.messages[0]}")
        return None
    if day is None:
        wrong(name, _("Give the day the applications open.") if name == "opens_on"
              else _("Give the day the applications close."))
    return day


def _cap(raw, wrong) -> int | None:
    """Empty is no cap; else a whole number from 0 (0: a city recommends none)."""
    if raw is None or str(raw).strip() == "":
        return None
    cap = _whole(raw)
    if cap is None or not 0 <= cap <= MAX_CAP:
        wrong("city_cap", _("The recommendations a city may make: a whole number from 0 to %(n)s, or empty for "
                            "no cap.") % {"n": MAX_CAP})
    return cap


def applications_under(call: Call) -> tuple[int, int]:
    """The call's applications (any) and those submitted and not withdrawn: what fixes its code,
    year and direction, and what fixes its rules' meaning."""
    found = ProjectApplication.objects.filter(call=call)
    return found.count(), found.filter(submitted_at__isnull=False).exclude(status=ApplicationStatus.WITHDRAWN).count()


def _guard_call(call: Call, before: dict, after: dict) -> list[dict]:
    """What may not change under the call's applications (see the module's docstring)."""
    errors = []
    applied, _submitted = applications_under(call)
    for name in FIXED_ONCE_APPLIED:
        if applied and before[name] != after[name]:
            errors.append({"field": name, "message": _(
                "%(field)s stays: the call has %(n)s applications. Open a new call instead.") % {
                "field": _label(name), "n": applied}})
    if after["city_cap"] is not None and after["city_cap"] != before["city_cap"]:
        held = list(ProjectApplication.objects.filter(call=call, status__in=CAP_HOLDING).values("city__name")
                    .annotate(n=Count("pk")).filter(n__gt=after["city_cap"]).order_by("-n", "city__name"))
        if held:
            errors.append({"field": "city_cap", "message": _(
                "%(cities)s already recommended for this call: the cap cannot be lower than %(n)s.") % {
                "cities": "；".join(f"{row['city__name'] or '—'} {row['n']}" for row in held), "n": held[0]["n"]}})
    return errors


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


# --- The rules and the targets ---------------------------------------------------------------

@dataclass(frozen=True)
class Rows:
    """A call's rows of conditions kept on the form as lines: the eligibility rules (reading the
    applicant's figures) and the performance targets of the projects it funds (reading their
    measures). `field` names them in errors and in the service's arguments."""

    field: str
    model: type
    vocabulary: Vocabulary
    action: str


RULES = Rows("rules", CallRule, FIGURES, TransformationAction.CALL_RULES_REPLACED)
TARGETS = Rows("targets", CallTarget, MEASURES, TransformationAction.CALL_TARGETS_REPLACED)


def parse_rules(text: str, rows: Rows = RULES) -> tuple[list[dict], list[dict]]:
    """The editor's text as rules (targets), one a line: `code | label | condition or
    condition`, where a condition is `figure > number` (also >=, <=, ≥, ≤) or `figure yes`.
    Blank lines and lines starting with # are skipped. Returns the rows (each with its `line`)
    and the lines' errors; the rows' own checks are `clean_rules`'s."""
    found, errors = [], []
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 3:
            errors.append(_line_error(rows, number, _("write it as code | label | conditions.")))
            continue
        written = [part.strip() for part in _OR.split(halfwidth(parts[-1]))]
        conditions = [_condition(part, rows.vocabulary.key) for part in written]
        unread = [part for part, condition in zip(written, conditions, strict=True) if condition is None]
        if unread:
            errors.append(_line_error(rows, number, _(
                "“%(text)s” is not a condition; write figure > number, figure >= number, figure <= number "
                "or figure yes.") % {"text": unread[0][:60]}))
            continue
        found.append({"code": parts[0], "label": " | ".join(parts[1:-1]), "conditions": conditions, "line": number})
    return found, errors


def _condition(written: str, key: str) -> dict | None:
    if match := _CONFIRMED.fullmatch(written):
        return {key: match[1], "op": Comparison.YES.value}
    if match := _COMPARED.fullmatch(written):
        return {key: match[1], "op": TYPED_OPS[match[2]].value, "value": match[3].replace(",", "")}
    return None


def _line_error(rows: Rows, line: int, problem: str, rule: dict | None = None) -> dict:
    where = _("Line %(n)s") if rule is None or "line" in rule else _("Rule %(n)s")
    return {"field": rows.field, "line": line, "message": f"{where % {'n': line}}: {problem}"}


def clean_rules(rules, rows: Rows = RULES) -> tuple[list[dict], list[dict]]:
    """The rules or targets (a list of {code, label, conditions}, or the editor's text) checked:
    a code of letters and digits once in the call, a label, one to MAX_CONDITIONS conditions
    each checked by the models' one check (condition_errors). Returns the rows as stored,
    positioned in their order, and one error per wrong line."""
    errors = []
    if isinstance(rules, str):
        rules, errors = parse_rules(rules, rows)
    if not isinstance(rules, list):
        return [], [{"field": rows.field, "message": _("The rules are a list.")}]
    if len(rules) > MAX_RULES:
        return [], [{"field": rows.field, "message": _("A call has at most %(n)s rules.") % {"n": MAX_RULES}}]
    cleaned, seen = [], set()
    for position, rule in enumerate(rules):
        rule = rule if isinstance(rule, dict) else {}
        line = rule.get("line", position + 1)
        problems = _rule_problems(rule, seen, rows.vocabulary)
        errors += [_line_error(rows, line, problem, rule) for problem in problems]
        if not problems:
            cleaned.append({"code": str(rule["code"]).strip(), "label": plain_text(rule["label"]), "position": position,
                            "conditions": [_stored(c, rows.vocabulary.key) for c in rule["conditions"]]})
    errors.sort(key=lambda error: error.get("line", 0))
    return cleaned, errors


def _rule_problems(rule: dict, seen: set, vocabulary: Vocabulary) -> list[str]:
    problems = []
    code, label = str(rule.get("code") or "").strip(), plain_text(rule.get("label"))
    if not SLUG.fullmatch(code) or len(code) > 40:
        problems.append(_("the code is letters, digits, “-” and “_”, at most 40."))
    elif code in seen:
        problems.append(_("the code “%(code)s” is on an earlier line.") % {"code": code})
    seen.add(code)
    if not label or len(label) > RULE_LABEL_LIMIT:
        problems.append(_("give the condition's label (at most %(n)s characters).") % {"n": RULE_LABEL_LIMIT})
    conditions = rule.get("conditions")
    if isinstance(conditions, list) and len(conditions) > MAX_CONDITIONS:
        problems.append(_("at most %(n)s conditions a rule.") % {"n": MAX_CONDITIONS})
    else:
        problems += condition_errors(conditions, vocabulary)
    return problems


def _stored(condition: dict, key: str) -> dict:
    """A condition as stored: a yes carries no value; a number stays a JSON number."""
    if condition["op"] == Comparison.YES:
        return {key: condition[key], "op": Comparison.YES.value}
    value = Decimal(str(condition["value"]))
    return {key: condition[key], "op": condition["op"],
            "value": int(value) if value == value.to_integral_value() else float(value)}


def rules_text(call: Call, rows: Rows = RULES) -> str:
    """The call's rules (targets) as the editor writes them, one a line."""
    key = rows.vocabulary.key
    return "\n".join(f"{row.code} | {row.label} | {' or '.join(_written(c, key) for c in row.conditions)}"
                     for row in rows.model.objects.filter(call=call).order_by("position", "pk"))


def _written(condition: dict, key: str) -> str:
    if condition["op"] == Comparison.YES:
        return f"{condition[key]} yes"
    return f"{condition[key]} {WRITTEN_OPS[condition['op']]} {Decimal(str(condition['value'])).normalize():f}"


def _meaning(rules, key: str) -> dict:
    """What rows decide, wording and order aside: each code's conditions."""
    return {rule["code"]: sorted((c[key], c["op"], f"{Decimal(str(c.get('value') or 0)).normalize():f}")
                                 for c in rule["conditions"]) for rule in rules}


def _as_data(call: Call, rows: Rows) -> list[dict]:
    return [{"code": r.code, "label": r.label, "position": r.position, "conditions": r.conditions}
            for r in rows.model.objects.filter(call=call).order_by("position", "pk")]


def _guard_rules(call: Call, before: list[dict], after: list[dict]) -> list[dict]:
    _applied, submitted = applications_under(call)
    if submitted and _meaning(before, "figure") != _meaning(after, "figure"):
        return [{"field": "rules", "message": _(
            "%(n)s applications were submitted under these conditions: the rules keep their codes and conditions "
            "(their wording and order may be corrected). Open a new call for other conditions.") % {"n": submitted}}]
    return []


def _guard_targets(call: Call, before: list[dict], after: list[dict]) -> list[dict]:
    """A funded project was funded against the call's targets and is judged by them each year:
    once one is funded they keep their codes and conditions (wording and order aside)."""
    funded = ProjectApplication.objects.filter(call=call, status=ApplicationStatus.FUNDED).count()
    if funded and _meaning(before, "measure") != _meaning(after, "measure"):
        return [{"field": "targets", "message": _(
            "%(n)s projects were funded against these targets: they keep their codes and conditions (their wording "
            "and order may be corrected).") % {"n": funded}}]
    return []


def _write_rows(actor, call: Call, rows: Rows, before: list[dict], after: list[dict]) -> None:
    if [dict(row) for row in before] == after:
        return
    rows.model.objects.filter(call=call).delete()
    rows.model.objects.bulk_create([rows.model(call=call, **row) for row in after])
    audit(call, rows.action, actor=actor, data={"before": before, "after": after})


# --- The writes -----------------------------------------------------------------------------

def create_call(*, actor, data: dict, rules=None, targets=None) -> Call:
    """A new call with its fields (as typed), its rules and its performance targets (data or the
    editor's text; none: no condition, no target). Refused naming every wrong field and line;
    nothing is written then."""
    _check_admin(actor)
    values, errors = _clean_call(data)
    cleaned, rule_errors = clean_rules(rules if rules is not None else [])
    goals, target_errors = clean_rules(targets if targets is not None else [], TARGETS)
    _refuse(errors + rule_errors + target_errors)
    try:
        with transaction.atomic():
            call = Call.objects.create(**values)
            CallRule.objects.bulk_create([CallRule(call=call, **rule) for rule in cleaned])
            CallTarget.objects.bulk_create([CallTarget(call=call, **goal) for goal in goals])
            audit(call, TransformationAction.CALL_CREATED, actor=actor,
                  data={"after": {name: _plain(value) for name, value in values.items()}, "rules": cleaned,
                        "targets": goals})
    except IntegrityError:  # the same code created at the same moment
        _refuse([{"field": "code", "message": _("Another call has the code “%(code)s”.") % {"code": values["code"]}}])
    return _fresh(call)


def change_call(*, actor, call: Call, data: dict, rules=None, targets=None) -> Call:
    """The call's fields changed (those not in `data` stay) and, when `rules` (`targets`) is
    given, its rules (performance targets) replaced, under what its applications allow (the
    module's docstring). Lock: the call's row, the one a recommendation locks. Audited with each
    changed field's before and after, and the rows before and after; nothing is audited when
    nothing changed."""
    _check_admin(actor)
    with transaction.atomic():
        call = lock(Call.objects.all(), pk=call.pk)
        before = values_of(call)
        after, errors = _clean_call({**before, **data}, call)
        errors += [] if errors else _guard_call(call, before, after)
        rules_before, targets_before = _as_data(call, RULES), _as_data(call, TARGETS)
        cleaned, rule_errors = clean_rules(rules) if rules is not None else (rules_before, [])
        rule_errors += [] if rule_errors else _guard_rules(call, rules_before, cleaned)
        goals, target_errors = clean_rules(targets, TARGETS) if targets is not None else (targets_before, [])
        target_errors += [] if target_errors else _guard_targets(call, targets_before, goals)
        _refuse(errors + rule_errors + target_errors)
        changed = {name: {"before": _plain(before[name]), "after": _plain(after[name])}
                   for name in FIELDS if before[name] != after[name]}
        if changed:
            for name, value in after.items():
                setattr(call, name, value)
            call.save(update_fields=list(changed))
            audit(call, TransformationAction.CALL_CHANGED, actor=actor, data={"changed": changed})
        _write_rows(actor, call, RULES, rules_before, cleaned)
        _write_rows(actor, call, TARGETS, targets_before, goals)
    return _fresh(call)


def replace_rules(*, actor, call: Call, rules) -> Call:
    """The call's rules replaced by `rules` (data or the editor's text), its fields unchanged."""
    return change_call(actor=actor, call=call, data={}, rules=rules)


def _fresh(call: Call) -> Call:
    from transformation import selectors

    return selectors.calls().get(pk=call.pk)
