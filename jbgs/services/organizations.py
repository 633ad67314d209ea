"""Organisations: applying to join, review by an administrator, the service agreement."""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs import access
from jbgs.choices import (
    DEFAULT_ROLES_BY_KIND,
    ORGANIZATION_TRANSITIONS,
    AuditAction,
    NotificationLevel,
    OrganizationKind,
    OrganizationStatus,
    Role,
)
from jbgs.context import client_ip
from jbgs.db import bulk_insert
from jbgs.exceptions import AgreementRequired, InvalidTransition, NotAllowed
from jbgs.locking import lock, lock_first
from jbgs.models import AgreementAcceptance, Organization, User
from jbgs.services.audit import audit, audit_each, changed_fields, snapshot
from jbgs.services.notifications import notify
from jbgs.transitions import move

# The version of the 委托服务协议 text in templates/jbgs/agreement/<version>.html. A unit
# accepts it once (委托服务协议仅需首次参加活动的单位填写); a new version asks again.
AGREEMENT_VERSION = "2023"

ORGANIZATION_FIELDS = (
    "name",
    "kind",
    "is_ministry_provincial",
    "is_high_tech",
    "is_tech_sme",
    "is_industry_leader",
    "credit_code",
    "region",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
)


@dataclass
class Applicant:
    username: str
    password: str
    name: str
    email: str
    phone: str


def apply_for_membership(
    *, organization: dict, applicant: Applicant, document=None, now=None
) -> Organization:
    """A unit applies to join: the unit waits for review and its first account stays
    inactive until then.

    A unit that was rejected applies again with its record and its applicant's account, as
    the rejection invites: the same application, corrected. Only that applicant may, proven
    by the account's user name and password (which stays as it is): a unit's credit code is
    public, and whoever knows it must not take over the record or the account. The audit
    entry keeps what the new application changed. Someone else at the unit asks the platform
    administrator, who can correct the record and the account.

    The caller has validated the data (forms.ApplicationForm); this writes it in one
    transaction with its audit entry, then tells the administrators. Locks the rejected
    unit's row, when there is one.
    """
    now = now or timezone.now()
    with transaction.atomic():
        org = lock_first(
            Organization.objects.filter(
                credit_code=organization["credit_code"], status=OrganizationStatus.REJECTED
            )
        )
        user = _original_applicant(org, applicant) if org else User(is_active=False)
        previous = org.status if org else ""
        before = (snapshot(org, ORGANIZATION_FIELDS), snapshot(user, APPLICANT_FIELDS)) if org else None
        org = _write_application(org or Organization(), organization, document, now)
        _write_applicant(user, org, applicant)
        data = {"applicant": user.username}
        if before:
            data.update(changes=_changes(org, user, before), new_document=bool(document))
        audit(
            org,
            AuditAction.ORGANIZATION_APPLIED,
            actor=user,
            from_state=previous,
            to_state=org.status,
            now=now,
            data=data,
        )
        notify(
            User.objects.filter(roles__contains=[Role.ADMIN], is_active=True),
            kind="organization.applied",
            title=_("New application to join: %(name)s") % {"name": org.name},
            body=_("%(name)s (%(kind)s, %(region)s) applied to join the platform.")
            % {"name": org.name, "kind": org.get_kind_display(), "region": org.region},
            url=reverse("organization-review", args=[org.pk]),
        )
    return org


APPLICANT_FIELDS = ("name", "email", "phone")


def _write_application(org: Organization, organization: dict, document, now) -> Organization:
    for field, value in organization.items():
        setattr(org, field, value)
    if document:
        org.registration_document = document
    org.status, org.applied_at, org.reviewed_at, org.reviewed_by = OrganizationStatus.PENDING, now, None, None
    org.full_clean()
    org.save()
    return org


def _write_applicant(user: User, org: Organization, applicant: Applicant) -> None:
    """The applicant's inactive account; an account applying again keeps its password."""
    user.organization, user.username = org, applicant.username
    user.name, user.email, user.phone = applicant.name, applicant.email, applicant.phone
    user.roles = list(DEFAULT_ROLES_BY_KIND.get(org.kind, []))
    if not user.pk:
        user.set_password(applicant.password)
    user.save()


def _changes(org: Organization, user: User, before: tuple[dict, dict]) -> dict:
    """What applying again changed, for the audit entry: {field: [old, new]}."""
    applicant = changed_fields(user, before[1], APPLICANT_FIELDS)
    return {**changed_fields(org, before[0], ORGANIZATION_FIELDS),
            **{f"applicant_{field}": change for field, change in applicant.items()}}


def _original_applicant(org: Organization, applicant: Applicant) -> User:
    """The account that applied for the rejected unit, if the new application signs with its
    user name and password; refused otherwise (a wrong password: `wrong_password`, which the
    page counts towards the sign-in lockout)."""
    user = org.members.filter(is_active=False, username=applicant.username).first()
    if user is None:
        raise NotAllowed(
            _("This unit's earlier application was rejected. Only the person who made it can apply "
              "again, with the user name and password of that application; anyone else at the unit, "
              "ask the platform administrator."),
            code="not_the_applicant",
            field="username",
        )
    if not user.check_password(applicant.password):
        raise NotAllowed(
            _("This is not the password of the earlier application's account."),
            code="wrong_password",
            field="password1",
        )
    return user


def _transition(org: Organization, to: str, *, actor, action: str, now, data=None) -> None:
    message = _("A unit that is %(state)s cannot become %(target)s.") % {
        "state": org.get_status_display(),
        "target": OrganizationStatus(to).label,
    }
    previous = move(org, to, ORGANIZATION_TRANSITIONS, message=message)
    audit(org, action, actor=actor, from_state=previous, to_state=to, now=now, data=data)


def approve_organization(
    *, organization_id: int, actor, roles: list[str], comment: str = "", now=None
) -> Organization:
    """Approve a pending unit: it becomes active and its applicant's account is opened with
    the roles the administrator confirmed. Locks the organisation row."""
    if not access.can_review_organizations(actor):
        raise NotAllowed()
    now = now or timezone.now()
    with transaction.atomic():
        org = lock(Organization.objects, pk=organization_id)
        _transition(
            org,
            OrganizationStatus.ACTIVE,
            actor=actor,
            action=AuditAction.ORGANIZATION_APPROVED,
            now=now,
            data={"roles": list(roles), "comment": comment},
        )
        org.reviewed_at, org.reviewed_by, org.review_comment = now, actor, comment
        org.save(
            update_fields=["status", "reviewed_at", "reviewed_by", "review_comment", "updated_at"]
        )
        applicants = list(org.members.filter(is_active=False))
        for user in applicants:
            user.is_active, user.roles = True, list(roles)
            user.save(update_fields=["is_active", "roles"])
        notify(
            applicants,
            kind="organization.approved",
            level=NotificationLevel.SUCCESS,
            title=_("%(name)s has joined the platform") % {"name": org.name},
            body=_(
                "Your unit's application was approved. You can now sign in with the account you registered."
            )
            + (f"\n{comment}" if comment else ""),
            url=reverse("home"),
        )
    return org


def reject_organization(*, organization_id: int, actor, reason: str, now=None) -> Organization:
    """Reject a pending unit, with the reason the applicant will read."""
    if not access.can_review_organizations(actor):
        raise NotAllowed()
    if not reason.strip():
        raise InvalidTransition(
            _("Say why the application is rejected; the applicant reads it."),
            code="reason_required",
            field="reason",
        )
    now = now or timezone.now()
    with transaction.atomic():
        org = lock(Organization.objects, pk=organization_id)
        _transition(
            org,
            OrganizationStatus.REJECTED,
            actor=actor,
            action=AuditAction.ORGANIZATION_REJECTED,
            now=now,
            data={"reason": reason},
        )
        org.reviewed_at, org.reviewed_by, org.review_comment = now, actor, reason
        org.save(
            update_fields=["status", "reviewed_at", "reviewed_by", "review_comment", "updated_at"]
        )
        notify(
            org.members.filter(is_active=False),
            kind="organization.rejected",
            level=NotificationLevel.WARNING,
            title=_("The application of %(name)s was not approved") % {"name": org.name},
            body=_("Reason: %(reason)s\nYou may correct the application and submit it again, "
                   "with the same user name and password.")
            % {"reason": reason},
            url=reverse("apply"),
        )
    return org


def set_organization_suspended(
    *, organization_id: int, actor, suspended: bool, reason: str = "", now=None
) -> Organization:
    """Suspend an active unit (its members can no longer act for it: their API tokens end
    with it) or reactivate it. Locks the unit's row."""
    from rest_framework.authtoken.models import Token

    if not access.can_review_organizations(actor):
        raise NotAllowed()
    now = now or timezone.now()
    to = OrganizationStatus.SUSPENDED if suspended else OrganizationStatus.ACTIVE
    with transaction.atomic():
        org = lock(Organization.objects, pk=organization_id)
        action = AuditAction.ORGANIZATION_SUSPENDED if suspended else AuditAction.ORGANIZATION_REACTIVATED
        revoked = Token.objects.filter(user__organization=org).delete()[0] if suspended else 0
        _transition(org, to, actor=actor, action=action, now=now,
                    data={"reason": reason, **({"tokens_revoked": revoked} if revoked else {})})
        org.save(update_fields=["status", "updated_at"])
    return org


def update_organization(*, organization: Organization, actor, changes: dict) -> Organization:
    """Change a unit's details (an administrator's correction), auditing old and new values."""
    if not access.can_review_organizations(actor):
        raise NotAllowed()
    with transaction.atomic():
        org = lock(Organization.objects, pk=organization.pk)
        before = snapshot(org, changes)
        for field, value in changes.items():
            setattr(org, field, value)
        org.full_clean()
        org.save()
        diff = changed_fields(org, before, changes)
        if diff:
            audit(org, AuditAction.ORGANIZATION_UPDATED, actor=actor, data={"changes": diff})
    return org


def has_accepted_agreement(organization: Organization) -> bool:
    return organization.agreement_acceptances.filter(version=AGREEMENT_VERSION).exists()


def current_acceptance(organization: Organization) -> AgreementAcceptance | None:
    return (
        organization.agreement_acceptances.filter(version=AGREEMENT_VERSION)
        .select_related("accepted_by")
        .first()
    )


def require_agreement(organization: Organization) -> None:
    """Raise AgreementRequired unless the unit has accepted the current agreement. Every
    first submission (patent lists, demands, ...) calls this before it changes anything."""
    if not has_accepted_agreement(organization):
        raise AgreementRequired()


def accept_agreement(*, organization: Organization, actor, now=None) -> AgreementAcceptance:
    """Record that the unit accepts the service agreement: who, when, from where. Accepting
    twice keeps the first record."""
    if not access.can_accept_agreement(actor, organization):
        raise NotAllowed(
            _("Only your unit's liaison or enterprise contact can accept the agreement.")
        )
    now = now or timezone.now()
    with transaction.atomic():
        acceptance, created = AgreementAcceptance.objects.get_or_create(
            organization=organization,
            version=AGREEMENT_VERSION,
            defaults={"accepted_by": actor, "accepted_at": now, "ip_address": client_ip.get()},
        )
        if created:
            audit(
                organization,
                AuditAction.ORGANIZATION_AGREEMENT_ACCEPTED,
                actor=actor,
                now=now,
                data={"version": AGREEMENT_VERSION},
            )
    return acceptance


def create_organization(*, actor, data: dict, now=None) -> Organization:
    """An administrator registers a unit directly (for example from a sealed paper form);
    it is active at once."""
    if not access.can_review_organizations(actor):
        raise NotAllowed()
    now = now or timezone.now()
    with transaction.atomic():
        org = Organization(
            **data,
            status=OrganizationStatus.ACTIVE,
            applied_at=now,
            reviewed_at=now,
            reviewed_by=actor,
        )
        org.full_clean()
        org.save()
        audit(org, AuditAction.ORGANIZATION_CREATED, actor=actor, to_state=org.status, now=now)
    return org


def unverified_enterprise(*, name: str, credit_code: str, region, contact_name: str, contact_phone: str,
                          contact_email: str) -> Organization:
    """An enterprise that someone collecting its demands records before it joins (a local
    authority, a market sub-centre, a technology manager): checked as any unit's record is,
    but for its name and code being free, which record_unverified() finds out. Not saved;
    raises ValidationError by field."""
    org = Organization(name=name, kind=OrganizationKind.ENTERPRISE, credit_code=credit_code, region=region,
                       contact_name=contact_name, contact_phone=contact_phone, contact_email=contact_email,
                       status=OrganizationStatus.PENDING)
    # The region was found among the loaded regions: asking the database again for it is waste.
    org.full_clean(exclude=["region"] if region is not None else None, validate_unique=False)
    return org


def record_unverified(*, actor, organizations: list[Organization], now=None) -> None:
    """Save enterprises checked by unverified_enterprise(): each waits, as an application
    does, for an administrator's verification, with no account of its own yet. The caller
    owns the transaction and has checked that the actor may record them. A name or code
    taken meanwhile raises IntegrityError, and the transaction rolls back: look again."""
    now = now or timezone.now()
    for org in organizations:
        org.applied_at = now
    bulk_insert(organizations)
    audit_each(organizations, AuditAction.ORGANIZATION_RECORDED, actor=actor, to_state=OrganizationStatus.PENDING,
               now=now)
