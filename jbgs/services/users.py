"""People: accounts created and changed by administrators, with every change audited."""

import datetime

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs import access
from jbgs.choices import AuditAction
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.models import User
from jbgs.services.audit import audit, changed_fields, snapshot

EDITABLE_FIELDS = ("name", "email", "phone", "organization", "roles", "expert_kind", "is_active")


def validate_password(password: str, user: User) -> None:
    """Django's password validators, with the error placed on the `password` field."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None


def create_user(
    *,
    actor,
    username: str,
    password: str,
    organization,
    roles: list[str],
    name: str,
    email: str = "",
    phone: str = "",
    expert_kind: str = "",
) -> User:
    """An administrator opens an account in an organisation with the given roles."""
    if not access.can_manage_users(actor):
        raise NotAllowed()
    user = User(
        username=username,
        name=name,
        email=email,
        phone=phone,
        organization=organization,
        roles=list(roles),
        expert_kind=expert_kind,
    )
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.full_clean(exclude=["password"])
        user.save()
        audit(
            user,
            AuditAction.USER_CREATED,
            actor=actor,
            to_state="active",
            data={"organization": str(organization), "roles": user.roles, "expert_kind": user.expert_kind},
        )
    return user


def update_user(*, actor, user: User, changes: dict) -> User:
    """Change an account's details, roles or active flag; the audit entry keeps old and new."""
    if not access.can_manage_users(actor):
        raise NotAllowed()
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock(User.objects, pk=user.pk)
        before = snapshot(locked, changes)
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean(exclude=["password"])
        locked.save()
        diff = changed_fields(locked, before, changes)
        if diff:
            states = (
                "active" if before.get("is_active") else "inactive",
                "active" if locked.is_active else "inactive",
            )
            audit(
                locked,
                AuditAction.USER_UPDATED,
                actor=actor,
                data={"changes": diff},
                **({"from_state": states[0], "to_state": states[1]} if "is_active" in diff else {}),
            )
    return locked


PROFILE_FIELDS = ("name", "email", "phone")


def update_profile(*, user: User, changes: dict, password: str = "") -> User:
    """A person's own details (name, e-mail, phone). A new e-mail address takes their current
    `password` (the address receives password resets). Locks their row; audited when changed."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not editable by its owner: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock(User.objects, pk=user.pk)
        if "email" in changes and changes["email"] != locked.email:
            check_current_password(locked, password)
        before = snapshot(locked, changes)
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.full_clean(exclude=["password"])
        locked.save(update_fields=list(changes))
        diff = changed_fields(locked, before, changes)
        if diff:
            audit(locked, AuditAction.USER_PROFILE_UPDATED, actor=locked, data={"changes": diff})
    return locked


def check_current_password(user: User, password: str) -> None:
    if not password:
        raise DomainError(_("Enter your current password to change the e-mail address."),
                          code="password_required", field="current_password")
    if not user.check_password(password):
        raise DomainError(_("The current password is wrong."), code="wrong_password",
                          field="current_password")


def set_password(*, actor, user: User, password: str) -> None:
    """An administrator sets a password (people reset their own by e-mail)."""
    if not access.can_manage_users(actor):
        raise NotAllowed()
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit(user, AuditAction.USER_PASSWORD_SET, actor=actor)


def unlock_sign_in(*, actor, user: User) -> int:
    """An administrator lifts an account's sign-in lockout: its failed sign-ins are
    forgotten (an address's lockout is lifted in the back office). Audited."""
    from axes.utils import reset

    if not access.can_manage_users(actor):
        raise NotAllowed()
    with transaction.atomic():
        cleared = reset(username=user.username)
        audit(user, AuditAction.SIGN_IN_UNLOCKED, actor=actor, from_state="locked",
              to_state="unlocked", data={"attempts_cleared": cleared})
    return cleared


def api_token(user: User, now=None) -> tuple[str, datetime.datetime]:
    """The user's API token and when it expires: the current one, or a new one when there
    is none or it has expired (audited). A password change or the unit's suspension ends
    a token before that (User.save, set_organization_suspended)."""
    from rest_framework.authtoken.models import Token

    now = now or timezone.now()
    with transaction.atomic():
        Token.objects.filter(user=user, created__lte=now - token_lifetime()).delete()
        token, created = Token.objects.get_or_create(user=user)
        if created:
            audit(user, AuditAction.USER_TOKEN_CREATED, actor=user)
    return token.key, token.created + token_lifetime()


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.API_TOKEN_DAYS)


def revoke_api_tokens(user: User) -> int:
    """Sign the user's API clients out: their token stops working. Audited."""
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        revoked, _by_model = Token.objects.filter(user=user).delete()
        if revoked:
            audit(user, AuditAction.USER_TOKEN_REVOKED, actor=user)
    return revoked
