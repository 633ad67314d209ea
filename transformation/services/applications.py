"""Project applications (立项申报): the one place their rules live. A draft is saved and
submitted by the applicant, inside the call's window and only by a unit of the kind the call's
direction admits; submission runs the eligibility check and is refused, naming the rules not
met; one application per unit per call. The city recommends within its cap; the province funds
or declines what the city recommended. Each change locks, moves through the transition table
and is audited with its states."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jbgs.choices import OrganizationKind
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.files import validate_upload
from jbgs.locking import lock, lock_first
from jbgs.services.audit import audit
from jbgs.transitions import move
from transformation import application_access as access
from transformation import application_content as contents
from transformation import eligibility
from transformation.choices import (
    APPLICANT_KINDS,
    APPLICATION_TRANSITIONS,
    CAP_HOLDING,
    ApplicationAction,
    ApplicationStatus,
    Direction,
    Figure,
)
from transformation.models import Call, ProjectApplication

TEXT_FIELDS = {"title": 200, "plan": 20000, "targets": 5000, "liaison_name": 50, "liaison_phone": 30}
REQUIRED = ("title", "plan", "targets", "liaison_name", "liaison_phone")
MAX_COUNT = 1_000_000


def _label(name: str) -> str:
    return str(ProjectApplication._meta.get_field(name).verbose_name)


def check_window(call: Call, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if not call.is_open(today):
        raise DomainError(_("The call takes applications from %(opens)s to %(closes)s only.") % {
            "opens": call.opens_on.isoformat(), "closes": call.closes_on.isoformat()}, code="call_closed")


def check_kind(call: Call, organization) -> None:
    kinds = APPLICANT_KINDS.get(call.direction)
    if kinds is not None and organization.kind not in kinds:
        raise DomainError(_("%(unit)s is a %(kind)s: this call takes applications from %(kinds)s only.") % {
            "unit": organization.name, "kind": organization.get_kind_display(),
            "kinds": "、".join(str(OrganizationKind(kind).label) for kind in kinds)}, code="wrong_applicant_kind")


def _clean(call: Call, organization, data: dict) -> dict:
    """The form's values, each checked; a DomainError naming every wrong one."""
    errors = []
    values = {}
    for name, limit in TEXT_FIELDS.items():
        value = str(data.get(name) or "").strip()
        if len(value) > limit:
            errors.append({"field": name, "message": _("%(field)s: at most %(n)s characters.") % {
                "field": _label(name), "n": limit}})
        values[name] = value
    if not values["title"]:
        errors.append({"field": "title", "message": _("Give the project's title.")})
    declared = {}
    if call.direction == Direction.INDUSTRY:
        for code in (Figure.CHAIN_LOCATION, Figure.IP_BODY):
            declared[code] = _yes(data.get(code))
        raw = data.get(Figure.CHAIN_ENTERPRISES)
        if raw in (None, ""):
            declared[Figure.CHAIN_ENTERPRISES] = None
        else:
            try:
                number = int(str(raw).strip())
                if not 0 <= number <= MAX_COUNT:
                    raise ValueError
            except ValueError:
                errors.append({"field": Figure.CHAIN_ENTERPRISES, "message": _(
                    "%(field)s: a whole number, please.") % {"field": Figure.CHAIN_ENTERPRISES.label}})
                number = None
            declared[Figure.CHAIN_ENTERPRISES] = number
    values["declared"] = declared
    values["deal"] = None
    if call.direction == Direction.CAMPAIGN_DEAL:
        raw = data.get("deal")
        deal = None
        if raw not in (None, ""):
            try:
                deal = contents.eligible_deals(organization, call.year).filter(pk=int(raw)).first()
            except (TypeError, ValueError):
                deal = None
            if deal is None:
                errors.append({"field": "deal", "message": _(
                    "Choose one of your unit's registered contracts of %(year)s.") % {"year": call.year}})
        values["deal"] = deal
    if errors:
        raise DomainError(errors[0]["message"], code="invalid_application", field=errors[0]["field"],
                          extra={"errors": errors})
    return values


def _yes(value) -> bool:
    return value is True or str(value).strip().lower() in ("1", "true", "on", "yes")


def save_draft(*, actor, call: Call, data: dict, application: ProjectApplication | None = None,
               organization=None) -> ProjectApplication:
    """A new draft of the actor's unit for `call`, or the changes of a draft: only while the
    call is open, by a unit of the kind the call admits, once per unit and call."""
    organization = application.organization if application is not None else (organization or actor.organization)
    if not access.may_apply_for(actor, organization):
        raise NotAllowed(_("Only the applicant unit's liaison fills in its application."))
    check_window(call)
    check_kind(call, organization)
    values = _clean(call, organization, data)
    with transaction.atomic():
        lock_first(type(organization).objects.filter(pk=organization.pk))
        if application is None:
            taken = ProjectApplication.objects.filter(call=call, organization=organization).exclude(
                status=ApplicationStatus.WITHDRAWN).first()
            if taken is not None:
                raise DomainError(_("%(unit)s has already applied to this call: “%(title)s”.") % {
                    "unit": organization.name, "title": taken.title}, code="already_applied")
            application = ProjectApplication(call=call, organization=organization, created_by=actor,
                                             city=access.city_of(organization))
        else:
            application = lock(ProjectApplication.objects.all(), pk=application.pk)
            if application.status != ApplicationStatus.DRAFT:
                raise DomainError(_("A submitted application is not changed any more."), code="not_a_draft")
        for name, value in values.items():
            setattr(application, name, value)
        application.save()
        audit(application, ApplicationAction.SAVED, actor=actor, to_state=application.status,
              data={"call": call.code, "title": application.title})
    return application


def submit(*, actor, application: ProjectApplication) -> ProjectApplication:
    """The draft submitted: every field given, the call open, the unit of the right kind, every
    eligibility rule met (refused naming the rules not met); the content and its digest fixed."""
    if not access.may_edit(actor, application):
        raise NotAllowed(_("Only the applicant unit's liaison submits its application."))
    with transaction.atomic():
        application = lock(ProjectApplication.objects.select_related("call", "organization", "deal"),
                           of=("self",), pk=application.pk)
        call = application.call
        check_window(call)
        check_kind(call, application.organization)
        missing = [name for name in REQUIRED if not getattr(application, name).strip()]
        if call.direction == Direction.CAMPAIGN_DEAL and application.deal_id is None:
            missing.append("deal")
        if missing:
            raise DomainError(_("Fill in before submitting: %(fields)s.") % {
                "fields": "、".join(_label(name) for name in missing)}, code="incomplete", field=missing[0])
        figures, source = contents.figures_of(application)
        verdict = eligibility.check(call, figures)
        if not verdict.eligible:
            labels = [rule.label for rule in verdict.rules if not rule.passed]
            raise DomainError(_("Not eligible for this call; conditions not met: %(rules)s.") % {
                "rules": "；".join(labels)}, code="not_eligible", extra={"failed": verdict.failed})
        before = move(application, ApplicationStatus.SUBMITTED, APPLICATION_TRANSITIONS)
        application.figures = {str(code): contents._plain(value) for code, value in figures.items()}
        application.verdict = contents.verdict_detail(verdict)
        application.content = contents.build_content(application, figures, source)
        application.digest = contents.digest_of(application.content)
        application.submitted_at = timezone.now()
        application.save()
        audit(application, ApplicationAction.MOVED, actor=actor, from_state=before, to_state=application.status,
              data={"digest": application.digest})
    return application


def withdraw(*, actor, application: ProjectApplication) -> ProjectApplication:
    if not access.may_edit(actor, application):
        raise NotAllowed(_("Only the applicant unit's liaison withdraws its application."))
    with transaction.atomic():
        application = lock(ProjectApplication.objects.all(), pk=application.pk)
        before = move(application, ApplicationStatus.WITHDRAWN, APPLICATION_TRANSITIONS)
        application.save()
        audit(application, ApplicationAction.MOVED, actor=actor, from_state=before, to_state=application.status)
    return application


def recommend(*, actor, application: ProjectApplication, comment: str = "") -> ProjectApplication:
    """The city recommends a submitted application, within the call's cap for the city
    (recommended and funded ones count); refused naming those already recommended. The call's
    row is locked so that two recommendations of one city cannot both pass the cap."""
    if not access.may_recommend(actor, application):
        raise NotAllowed(_("Only the organisers of the applicant's city recommend it."))
    with transaction.atomic():
        call = lock(Call.objects.all(), pk=application.call_id)
        application = lock(ProjectApplication.objects.select_related("city"), of=("self",), pk=application.pk)
        if call.city_cap is not None:
            held = list(ProjectApplication.objects.filter(call=call, city_id=application.city_id,
                                                          status__in=CAP_HOLDING)
                        .exclude(pk=application.pk).select_related("organization").order_by("recommended_at", "pk"))
            if len(held) >= call.city_cap:
                raise DomainError(_("%(city)s may recommend at most %(cap)s for this call, and has recommended: "
                                    "%(held)s.") % {
                    "city": application.city.name if application.city else "", "cap": call.city_cap,
                    "held": "；".join(f"{a.organization.name}“{a.title}”" for a in held)},
                    code="city_cap", extra={"recommended": [a.pk for a in held]})
        before = move(application, ApplicationStatus.RECOMMENDED, APPLICATION_TRANSITIONS)
        application.recommended_at, application.recommended_by = timezone.now(), actor
        application.recommendation = str(comment or "").strip()[:2000]
        application.save()
        audit(application, ApplicationAction.MOVED, actor=actor, from_state=before, to_state=application.status,
              data={"comment": application.recommendation})
    return application


def decide(*, actor, application: ProjectApplication, funded: bool, comment: str = "") -> ProjectApplication:
    """The province funds or declines a recommended application."""
    if not access.may_decide(actor):
        raise NotAllowed(_("Only the province's administrators decide on applications."))
    comment = str(comment or "").strip()[:2000]
    if not funded and not comment:
        raise DomainError(_("Say why the application is declined."), code="comment_required", field="comment")
    with transaction.atomic():
        application = lock(ProjectApplication.objects.all(), pk=application.pk)
        target = ApplicationStatus.FUNDED if funded else ApplicationStatus.DECLINED
        before = move(application, target, APPLICATION_TRANSITIONS, message=_(
            "The province decides on applications the city has recommended only."))
        application.decided_at, application.decided_by, application.decision = timezone.now(), actor, comment
        application.save()
        audit(application, ApplicationAction.MOVED, actor=actor, from_state=before, to_state=application.status,
              data={"comment": comment})
    return application


SCAN_STATES = (ApplicationStatus.SUBMITTED, ApplicationStatus.RECOMMENDED)


def add_scan(*, actor, application: ProjectApplication, upload) -> ProjectApplication:
    """The sealed scan of the printed 申报书 (PDF or image), once submitted; a new one replaces it."""
    if not access.may_edit(actor, application):
        raise NotAllowed(_("Only the applicant unit's liaison uploads its sealed scan."))
    validate_upload(upload)
    with transaction.atomic():
        application = lock(ProjectApplication.objects.all(), pk=application.pk)
        if application.status not in SCAN_STATES:
            raise DomainError(_("The sealed scan is uploaded after submitting, before the decision."),
                              code="scan_not_now")
        application.scan.save(upload.name, upload, save=False)
        application.scan_uploaded_at = timezone.now()
        application.save()
        audit(application, ApplicationAction.SCAN_ADDED, actor=actor, to_state=application.status,
              data={"size": upload.size})
    return application


def save_trainees(*, actor, application: ProjectApplication, year, count) -> ProjectApplication:
    """The people a funded project trained in a year, as its unit declares them."""
    if not access.may_edit(actor, application):
        raise NotAllowed(_("Only the applicant unit's liaison enters its trainees."))
    try:
        year, count = int(year), int(count)
    except (TypeError, ValueError):
        raise DomainError(_("Give the year and the number of people trained as whole numbers."),
                          code="invalid_trainees", field="count") from None
    if not (application.call.year <= year <= timezone.localdate().year) or not 0 <= count <= MAX_COUNT:
        raise DomainError(_("The year must be from the call's year to this year, the number from 0."),
                          code="invalid_trainees", field="year")
    with transaction.atomic():
        application = lock(ProjectApplication.objects.all(), pk=application.pk)
        if application.status != ApplicationStatus.FUNDED:
            raise DomainError(_("Trainees are entered for a funded project."), code="not_funded")
        before = application.trainees.get(str(year))
        application.trainees = {**application.trainees, str(year): count}
        application.save(update_fields=["trainees", "updated_at"])
        audit(application, ApplicationAction.TRAINEES_SAVED, actor=actor,
              data={"year": year, "before": before, "after": count})
    return application

