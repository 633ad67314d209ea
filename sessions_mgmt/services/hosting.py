"""Hosting applications (申办): a local authority's organisers fill in the 申办表 and submit it
inside the year's window; the year's hosting rules are checked on submission and again on
selection; the province selects a host, which creates its session, or declines.

The rules, each from the year's `SessionYear` row: a 设区市 is main host of at most
`city_cap` sessions a year, a county of at most `county_cap`; a regional session has at least
`regional_authorities` local authorities among its hosts; where the year asks it (2022), an
auction-season session has a university co-host and a challenge-season session a science park.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs import access as jbgs_access
from jbgs.choices import AuthorityLevel, OrganizationKind, OrganizationStatus
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.locking import lock
from jbgs.services.audit import audit
from jbgs.services.notifications import notify
from jbgs.transitions import move
from sessions_mgmt import access
from sessions_mgmt.choices import (
    APPLICATION_LIVE,
    APPLICATION_TRANSITIONS,
    GROUP_OF,
    ApplicationStatus,
    CoHostRole,
    SessionAction,
    SessionType,
)
from sessions_mgmt.models import (
    ApplicationAttachment,
    CoHost,
    HostingApplication,
    SessionPlan,
    SessionYear,
)
from sessions_mgmt.services.sessions import create_session, role_of, session_year

MAX_FILES = 10
EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.DECLINED)
INDUSTRY_TYPES = {SessionType.AUCTION_INDUSTRY, SessionType.CHALLENGE_INDUSTRY}
FIELDS = ("session_type", "field", "title", "torch", "plan", "policies", "groundwork", "liaison_name",
          "liaison_phone", "liaison_email")


def hosting_errors(application: HostingApplication, co_hosts, year: SessionYear) -> list[tuple[str, str]]:
    """What keeps `application` (with `co_hosts`, a list of units) from the year's rules, as
    (field, message) pairs; none when it may be submitted or selected."""
    errors = []
    applicant = application.applicant
    if applicant.kind != OrganizationKind.LOCAL_AUTHORITY:
        errors.append(("applicant", _("Only a local science and technology authority can apply to host.")))
        return errors
    if not SessionPlan.objects.filter(year=year.year, group=GROUP_OF[application.session_type]).exists():
        errors.append(("session_type", _("%(year)s holds no %(type)s.") % {
            "year": year.year, "type": SessionType(application.session_type).label}))
    if application.session_type in INDUSTRY_TYPES:
        if application.field_id is None:
            errors.append(("field", _("An industry session names its industry field.")))
        elif application.field.year != year.year:
            errors.append(("field", _("Choose one of the year's industry fields.")))
    if application.torch and application.session_type != SessionType.AUCTION_INDUSTRY:
        errors.append(("torch", _("Only an auction-season industry session hosts the 火炬科技成果直通车.")))

    level = applicant.authority_level
    cap = year.county_cap if level == AuthorityLevel.COUNTY else year.city_cap
    others = list(HostingApplication.objects.filter(year=year.year, applicant=applicant, status__in=APPLICATION_LIVE)
                  .exclude(pk=application.pk).values_list("title", flat=True))
    if len(others) >= cap:
        errors.append(("applicant", _(
            "A %(level)s may be main host of at most %(cap)s sessions in %(year)s; %(unit)s already applied for "
            "%(titles)s.") % {"level": AuthorityLevel(level).label, "cap": cap, "year": year.year,
                              "unit": applicant.name, "titles": "、".join(f"《{title}》" for title in others)}))

    roles = [role_of(unit) for unit in co_hosts]
    if application.session_type == SessionType.REGIONAL:
        authorities = 1 + roles.count(CoHostRole.AUTHORITY)
        if authorities < year.regional_authorities:
            errors.append(("co_hosts", _(
                "A regional session is hosted by at least %(count)s local authorities; add another authority as "
                "co-host.") % {"count": year.regional_authorities}))
    if (year.auction_needs_university and application.session_type == SessionType.AUCTION_INDUSTRY
            and CoHostRole.UNIVERSITY not in roles):
        errors.append(("co_hosts", _("In %(year)s an auction-season session has a university or institute as "
                                     "co-host.") % {"year": year.year}))
    if (year.challenge_needs_science_park and application.session_type == SessionType.CHALLENGE_INDUSTRY
            and CoHostRole.SCIENCE_PARK not in roles):
        errors.append(("co_hosts", _("In %(year)s a challenge-season session has a science park as co-host.") % {
            "year": year.year}))
    return errors


def _refuse(errors) -> None:
    if errors:
        field, message = errors[0]
        raise DomainError(" ".join(message for _field, message in errors), code="hosting_rules", field=field,
                          extra={"errors": [{"field": f, "code": "hosting_rules", "message": str(m)} for f, m in errors]})


def save_application(*, actor, year: int, data: dict, co_hosts, application: HostingApplication | None = None
                     ) -> HostingApplication:
    """Create or change a draft (or a returned) application of the actor's authority; the
    rules are checked on submission."""
    if application is None:
        if not access.may_apply(actor):
            raise NotAllowed(_("Only an organiser of a local science and technology authority applies to host."))
        session_year(year)
    elif not access.may_edit_application(actor, application):
        raise NotAllowed()
    co_hosts = list(dict.fromkeys(co_hosts))
    with transaction.atomic():
        if application is None:
            application = HostingApplication(year=year, applicant=actor.organization, created_by=actor)
        else:
            application = lock(HostingApplication.objects, pk=application.pk)
            _refuse_locked(application)
        for name in FIELDS:
            if name in data:
                setattr(application, name, data[name])
        if any(unit.pk == application.applicant_id for unit in co_hosts):
            raise DomainError(_("The main host is not also its own co-host."), code="co_host_self", field="co_hosts")
        inactive = [unit.name for unit in co_hosts if unit.status != OrganizationStatus.ACTIVE]
        if inactive:
            raise DomainError(_("A co-host is a unit active on the platform: %(units)s is not.") % {
                "units": "、".join(inactive)}, code="co_host_inactive", field="co_hosts")
        application.full_clean(exclude=["applicant", "created_by"])
        application.save()
        application.co_hosts.all().delete()
        CoHost.objects.bulk_create([CoHost(application=application, organization=unit, role=role_of(unit))
                                    for unit in co_hosts])
        audit(application, SessionAction.APPLICATION_SAVED, actor=actor, to_state=application.status,
              data={"title": application.title, "co_hosts": [unit.name for unit in co_hosts]})
    return application


def submit(*, actor, application: HostingApplication, now=None) -> HostingApplication:
    """Submit inside the year's window, if the year's rules allow it."""
    now = now or timezone.now()
    if not access.may_edit_application(actor, application):
        raise NotAllowed()
    year = session_year(application.year)
    if not year.accepts_applications(timezone.localdate(now)):
        raise DomainError(_("Applications for %(year)s are accepted from %(open)s to %(close)s.") % {
            "year": year.year, "open": year.applications_open, "close": year.applications_close},
            code="window_closed")
    with transaction.atomic():
        locked = lock(HostingApplication.objects.select_related("applicant__region", "field"), pk=application.pk,
                      of=("self",))
        # The applicant's unit is locked too: two submissions of one authority wait for each other.
        lock(type(locked.applicant).objects, pk=locked.applicant_id)
        _refuse(hosting_errors(locked, _units(locked), year))
        previous = move(locked, ApplicationStatus.SUBMITTED, APPLICATION_TRANSITIONS)
        locked.submitted_at = now
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        audit(locked, SessionAction.APPLICATION_SUBMITTED, actor=actor, from_state=previous, to_state=locked.status)
    return locked


def withdraw(*, actor, application: HostingApplication) -> HostingApplication:
    if not access.may_edit_application(actor, application):
        raise NotAllowed()
    with transaction.atomic():
        locked = lock(HostingApplication.objects, pk=application.pk)
        previous = move(locked, ApplicationStatus.WITHDRAWN, APPLICATION_TRANSITIONS)
        locked.save(update_fields=["status", "updated_at"])
        audit(locked, SessionAction.APPLICATION_WITHDRAWN, actor=actor, from_state=previous, to_state=locked.status)
    return locked


def select(*, actor, application: HostingApplication, comment: str = "", now=None):
    """The province selects the applicant as host: its session is created with its co-hosts
    and the year's targets. The caps are checked again over the selected hosts."""
    if not jbgs_access.is_admin(actor):
        raise NotAllowed()
    now = now or timezone.now()
    year = session_year(application.year)
    with transaction.atomic():
        locked = lock(HostingApplication.objects.select_related("applicant__region", "field"), pk=application.pk,
                      of=("self",))
        lock(type(locked.applicant).objects, pk=locked.applicant_id)
        co_hosts = _units(locked)
        _refuse(hosting_errors(locked, co_hosts, year))
        previous = move(locked, ApplicationStatus.SELECTED, APPLICATION_TRANSITIONS)
        locked.decided_at, locked.decided_by, locked.decision_comment = now, actor, comment
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
        audit(locked, SessionAction.APPLICATION_SELECTED, actor=actor, from_state=previous, to_state=locked.status,
              data={"comment": comment})
        session = create_session(actor=actor, year=locked.year, session_type=locked.session_type, title=locked.title,
                                 main_host=locked.applicant, co_hosts=co_hosts, field=locked.field, torch=locked.torch,
                                 application=locked, summary=locked.plan[:2000])
        notify(access.organisers_of([session]).get(session.pk, []), kind="sessions.application",
               title=_("Selected to host: %(title)s") % {"title": locked.title},
               body=comment, url=reverse("sessions:dashboard", args=[session.pk]))
    return session


def decline(*, actor, application: HostingApplication, comment: str, now=None) -> HostingApplication:
    if not jbgs_access.is_admin(actor):
        raise NotAllowed()
    if not comment.strip():
        raise DomainError(_("Say why the application is not selected."), code="comment_required", field="comment")
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock(HostingApplication.objects, pk=application.pk)
        previous = move(locked, ApplicationStatus.DECLINED, APPLICATION_TRANSITIONS)
        locked.decided_at, locked.decided_by, locked.decision_comment = now, actor, comment
        locked.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
        audit(locked, SessionAction.APPLICATION_DECLINED, actor=actor, from_state=previous, to_state=locked.status,
              data={"comment": comment})
        people = list(access.unit_organisers([locked.applicant_id]))
        notify(people, kind="sessions.application", title=_("Not selected to host: %(title)s") % {
            "title": locked.title}, body=comment)
    return locked


def _units(application: HostingApplication) -> list:
    return [co_host.organization for co_host in application.co_hosts.select_related("organization")]


def _refuse_locked(application: HostingApplication) -> None:
    if application.status not in EDITABLE:
        raise DomainError(_("A submitted application is withdrawn or decided, not changed."),
                          code="application_locked")


def may_read_file(user, application: HostingApplication) -> bool:
    """An application's files are its authority's organisers' and the administrators'."""
    return access.visible_applications(user).filter(pk=application.pk).exists()


def add_file(*, actor, application: HostingApplication, upload) -> ApplicationAttachment:
    """A file of the application (PDF or image, checked by content), while it may be changed."""
    if not access.may_edit_application(actor, application):
        raise NotAllowed()
    validate_upload(upload, DOCUMENTS)
    with transaction.atomic():
        locked = lock(HostingApplication.objects, pk=application.pk)
        _refuse_locked(locked)
        if locked.attachments.count() >= MAX_FILES:
            raise DomainError(_("At most %(n)s files.") % {"n": MAX_FILES}, code="too_many_files", field="file")
        attachment = ApplicationAttachment.objects.create(application=locked, file=upload,
                                                          original_name=upload.name[:255], size=upload.size,
                                                          uploaded_by=actor)
        audit(locked, SessionAction.APPLICATION_FILE_ADDED, actor=actor, data={"file": attachment.original_name})
    return attachment


def remove_file(*, actor, attachment: ApplicationAttachment) -> None:
    if not access.may_edit_application(actor, attachment.application):
        raise NotAllowed()
    with transaction.atomic():
        locked = lock(HostingApplication.objects, pk=attachment.application_id)
        _refuse_locked(locked)
        attachment.delete()
        audit(locked, SessionAction.APPLICATION_FILE_REMOVED, actor=actor, data={"file": attachment.original_name})
    attachment.file.delete(save=False)
