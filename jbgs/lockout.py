"""The sign-in lockout: django-axes counts failed sign-ins by user name and by client address
(config.settings, AXES_*); this says what a refused person or API client reads, audits when a
lockout begins, and counts the password checks made outside authenticate() (changing one's
e-mail, applying again for a rejected unit) the same way."""

import math
from contextlib import contextmanager

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.http import HttpResponse, QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jbgs.exceptions import DomainError


class LockedOut(DomainError):
    code = "locked_out"
    status_code = 429
    default_message = gettext_lazy("Too many failed sign-in attempts: try again later.")


def is_locked_out(request) -> bool:
    """Whether axes refused this request's sign-in (it flags the request)."""
    return bool(getattr(request, "axes_locked_out", False))


def unlocks_at(request, username: str | None = None):
    """When sign-in opens again for this user name and this request's address: the last
    counted failure of each locked one, plus the cool-off."""
    handler = AxesProxyHandler.get_implementation()
    AxesProxyHandler.update_request(request)
    credentials = {"username": username}
    limit = get_failure_limit(request, credentials)
    last = [
        row["last"]
        for row in (
            attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            for attempts in handler.get_user_attempts(request, credentials)
        )
        if row["last"] and (row["failures"] or 0) >= limit
    ]
    return max(last, default=timezone.now()) + get_cool_off(request)


def account_locked_until(username: str):
    """Until when sign-in with this user name is locked out, from any address, or None:
    what an administrator sees on the account's page."""
    from axes.models import AccessAttempt

    cool_off = get_cool_off()
    row = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=timezone.now() - cool_off
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if row["last"] is None or row["failures"] < settings.AXES_FAILURE_LIMIT:
        return None
    return row["last"] + cool_off


def message(request, username: str | None = None) -> str:
    until = unlocks_at(request, username)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return _(
        "Too many failed sign-in attempts for this account or from your network: signing in "
        "is paused until %(time)s (in about %(minutes)s minutes), even with the right "
        "password. The platform administrator can unlock it sooner."
    ) % {"time": formats.time_format(timezone.localtime(until), "H:i"), "minutes": minutes}


def retry_after(request, username: str | None = None) -> int:
    return max(1, math.ceil((unlocks_at(request, username) - timezone.now()).total_seconds()))


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE. The page or API answer that refused the sign-in already says
    why, as its form error or error body (the sign-in forms and the token view check
    is_locked_out); this makes it a 429 with Retry-After. Without one, the message alone."""
    username = (credentials or {}).get("username")
    response = original_response or HttpResponse(message(request, username), content_type="text/plain; charset=utf-8")
    response.status_code = 429
    response["Retry-After"] = str(retry_after(request, username))
    return response


def refusal(request, username: str) -> str | None:
    """For a password checked outside authenticate(): the lockout message if this user name
    or address is locked out, else None."""
    credentials = {"username": username}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    request.axes_locked_out, request.axes_credentials = True, credentials  # for its 429
    return message(request, username)


@contextmanager
def password_checked(request, username: str, *, field: str):
    """Around a service that checks a password outside authenticate(): refused while the user
    name or the address is locked out, and a `wrong_password` refusal counts as a failure."""
    locked = refusal(request, username)
    if locked:
        raise LockedOut(locked, field=field)
    try:
        yield
    except DomainError as error:
        if error.code == "wrong_password":
            count_failure(request, username)
        raise


def count_failure(request, username: str) -> None:
    """A wrong password checked outside authenticate() counts as a failed sign-in. Axes keeps
    a failed request's form data: not the fields of these forms (an application, an e-mail)."""
    posted, request.POST = request.POST, QueryDict()
    try:
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    finally:
        request.POST = posted


def audit_lockout(sender, request, username, ip_address, **kwargs) -> None:
    """Receiver of axes' user_locked_out: the audit log records when a lockout begins (axes
    also sends it for each try while locked out, with no new failure counted: skipped)."""
    from jbgs.choices import AuditAction
    from jbgs.models import User
    from jbgs.services.audit import audit

    if getattr(request, "axes_failures_since_start", None) is None:
        return
    user = User.objects.filter(username=username).first() if username else None
    audit(user, AuditAction.SIGN_IN_LOCKED_OUT, to_state="locked",
          data={"username": username or "", "ip_address": ip_address or "",
                "failures": request.axes_failures_since_start})
