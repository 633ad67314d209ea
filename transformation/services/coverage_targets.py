"""A city's target date for its stock-patent inventory, set or changed by an administrator:
check → lock the city's region row (the target may not exist yet) → write → audit, with the
earlier date and document in the audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jbgs.access import is_admin
from jbgs.choices import RegionLevel
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.models import Region
from jbgs.parsing import parse_date, plain_text
from jbgs.services.audit import audit
from transformation.choices import StockAction
from transformation.models import CoverageTarget


def _clean(region_code, due_on, document) -> tuple[str, object, str]:
    errors = []
    code = plain_text(region_code)[:6]
    if not Region.objects.filter(pk=code, level=RegionLevel.CITY, in_jiangsu=True).exists():
        errors.append({"field": "region", "message": _("Choose one of Jiangsu's cities.")})
    try:
        date = parse_date(due_on)
    except ValidationError as error:
        errors.append({"field": "due_on", "message": error.messages[0]})
    else:
        if date is None:
            errors.append({"field": "due_on", "message": _("Give the target date.")})
    if errors:
        raise DomainError("; ".join(e["message"] for e in errors), code="invalid", field=errors[0]["field"],
                          extra={"errors": errors})
    return code, date, plain_text(document)[:300]


def set_target(*, actor, region_code: str, due_on, document: str = "") -> CoverageTarget:
    """Set the city's target date (and the document it comes from); changing it keeps the earlier
    one in the audit entry."""
    if not is_admin(actor):
        raise NotAllowed
    code, date, document = _clean(region_code, due_on, document)
    with transaction.atomic():
        lock(Region.objects.all(), pk=code)
        target = CoverageTarget.objects.filter(region=code).first()
        before = None if target is None else {"due_on": target.due_on.isoformat(), "document": target.document}
        if target is None:
            target = CoverageTarget(region_id=code)
        target.due_on, target.document, target.updated_by = date, document, actor
        target.save()
        audit(target, StockAction.TARGET_SET, actor=actor, from_state=before["due_on"] if before else "",
              to_state=date.isoformat(), data={"region": code, "document": document, "replaced": before})
    return target
