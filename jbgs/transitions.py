"""Status changes through their transition tables: one check for every status field."""

from django.utils.translation import gettext as _

from jbgs.exceptions import InvalidTransition


def move(obj, target: str, table: dict, *, field: str = "status", message: str | None = None) -> str:
    """Set `obj`'s status to `target` if `table` allows the move from its current status;
    returns the status it had. The caller holds the row's lock and saves the object."""
    current = getattr(obj, field)
    if target not in table.get(current, ()):
        label = getattr(obj, f"get_{field}_display", lambda: current)()
        raise InvalidTransition(message or _("This change is not possible while it is %(state)s.") % {"state": label})
    setattr(obj, field, target)
    return current


def sources(table: dict, target: str) -> list[str]:
    """The statuses `target` may be reached from: for a compare-and-set flip in a job."""
    return [status for status, targets in table.items() if target in targets]
