"""Marks on a year's criteria: the diagnosis of a demand and the experts' scores in a contest
weigh marks the same way. A criterion is {"code", "label", "weight"}; the weights add up to 100."""

from decimal import Decimal

from django.utils.translation import gettext as _

from jbgs.exceptions import DomainError


def criteria_error(criteria) -> str | None:
    """What is wrong with a list of criteria, in words, or None."""
    if not isinstance(criteria, list) or not criteria or not all(
            isinstance(c, dict) and c.get("code") and c.get("label") and isinstance(c.get("weight"), int)
            and c["weight"] > 0 for c in criteria):
        return _("Give each criterion a code, a label and a positive whole weight.")
    codes = [c["code"] for c in criteria]
    if len(set(codes)) != len(codes):
        return _("Two criteria have the same code.")
    total = sum(c["weight"] for c in criteria)
    if total != 100:
        return _("The weights add up to %(total)s, not 100.") % {"total": total}
    return None


def checked_marks(criteria: list[dict], marks: dict) -> dict:
    """Every criterion's mark, 0–100, as text; anything else is refused (DomainError, field
    `scores`)."""
    codes = [c["code"] for c in criteria]
    if sorted(codes) != sorted(marks):
        raise DomainError(_("Mark every criterion of the year (%(codes)s), and only those.") % {
            "codes": "、".join(c["label"] for c in criteria)}, code="invalid_scores", field="scores")
    checked = {}
    for code in codes:
        try:
            mark = Decimal(str(marks[code]))
        except Exception:
            mark = None
        if mark is None or not mark.is_finite() or not (0 <= mark <= 100):
            raise DomainError(_("Each mark is a number from 0 to 100."), code="invalid_scores", field="scores")
        checked[code] = str(mark)
    return checked


def weighted_total(criteria: list[dict], marks: dict) -> Decimal | None:
    """The marks (0–100 by criterion) weighed by the criteria; None without marks."""
    if not marks:
        return None
    total = sum(Decimal(marks[c["code"]]) * c["weight"] for c in criteria) / 100
    return total.quantize(Decimal("0.01"))
