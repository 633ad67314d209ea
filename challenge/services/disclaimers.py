"""The 《免责声明》: administrators publish its versions; demanders, solvers and experts read the
current one and accept it (who, when, from where), once per version; a contest asks that the
people in it accepted the current one (ensure())."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenge.choices import ChallengeAction
from challenge.models import Disclaimer, DisclaimerAcceptance
from jbgs import access
from jbgs.choices import Role
from jbgs.context import client_ip
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.parsing import plain_text
from jbgs.services.audit import audit

# Who signs it: the demand side, the solvers and the experts (需求方、技术供给方、专家).
DISCLAIMER_ROLES = (Role.ENTERPRISE, Role.SOLVER, Role.EXPERT)
MAX_TEXT = 20000


class DisclaimerRequired(DomainError):
    code = "disclaimer_required"
    status_code = 409
    default_message = gettext_lazy("Read and accept the current disclaimer (免责声明) first.")


def current(now=None) -> Disclaimer | None:
    """The latest published version: the one people accept now."""
    return Disclaimer.objects.current(now or timezone.now())


def may_accept(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*DISCLAIMER_ROLES))


def acceptance_of(user, disclaimer: Disclaimer | None) -> DisclaimerAcceptance | None:
    if disclaimer is None or not user.is_authenticated:
        return None
    return DisclaimerAcceptance.objects.filter(disclaimer=disclaimer, accepted_by=user).first()


def accepted_current(user_ids, now=None) -> set[int]:
    """Those of `user_ids` who accepted the current version (all of them while none is
    published): one query, for checking a contest's people together."""
    disclaimer = current(now)
    if disclaimer is None:
        return set(user_ids)
    return set(DisclaimerAcceptance.objects.filter(disclaimer=disclaimer, accepted_by__in=list(user_ids))
               .values_list("accepted_by", flat=True))


def ensure(user, now=None) -> None:
    """Raise DisclaimerRequired unless `user` accepted the current version."""
    if not (user.is_authenticated and user.pk in accepted_current([user.pk], now)):
        raise DisclaimerRequired()


def accept(*, actor, version: str, now=None) -> DisclaimerAcceptance:
    """Record that `actor` accepts the version they read, which must still be the current one
    (a version published meanwhile is read first). Accepting twice keeps the first record.
    One INSERT in its own transaction; no lock: the unique constraint keeps it once."""
    if not may_accept(actor):
        raise NotAllowed(_("The disclaimer is accepted by demanders, solvers and experts."))
    now = now or timezone.now()
    disclaimer = current(now)
    if disclaimer is None or disclaimer.version != version:
        raise DomainError(_("A newer version of the disclaimer was published meanwhile: read it, then accept it."),
                          code="disclaimer_changed")
    with transaction.atomic():
        acceptance, created = DisclaimerAcceptance.objects.get_or_create(
            disclaimer=disclaimer, accepted_by=actor, defaults={"accepted_at": now, "ip_address": client_ip.get()})
        if created:
            audit(disclaimer, ChallengeAction.DISCLAIMER_ACCEPTED, actor=actor, now=now,
                  data={"version": disclaimer.version})
    return acceptance


def publish(*, actor, version: str, text: str, now=None) -> Disclaimer:
    """An administrator publishes a new version; from now on it is the one accepted, and
    the acceptances of earlier versions no longer count for a contest."""
    if not access.is_admin(actor):
        raise NotAllowed()
    version, text = plain_text(version)[:20], plain_text(text)
    errors = {}
    if not version:
        errors["version"] = [_("Name the version (the year, say).")]
    elif Disclaimer.objects.filter(version=version).exists():
        errors["version"] = [_("Version %(version)s exists already: name the new one differently.") % {
            "version": version}]
    if not text:
        errors["text"] = [_("Give the text of the disclaimer.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("The text has at most %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            disclaimer = Disclaimer.objects.create(version=version, text=text, published_at=now)
            audit(disclaimer, ChallengeAction.DISCLAIMER_PUBLISHED, actor=actor, now=now, data={"version": version})
    except IntegrityError:  # the same version published by someone else a moment ago
        raise ValidationError({"version": [_("Version %(version)s exists already: name the new one differently.") % {
            "version": version}]}) from None
    return disclaimer
