"""What a session records: its activities with the enterprises they served, the people who
serve, its roadshows, media reports, typical cases, recommended projects, intentions and deals
(reached offline, with their evidence), and its summary report. The one write path for those
records, whatever the entry: the browser's forms, the Excel workbook (sessions_mgmt.importers)
and the API each give plain values to `stage()`, which checks them and answers the unsaved
record with its rows; `write()` saves staged records in one transaction.

Every change is the session's organisers' (or an administrator's), audited on the session, and
asks the compliance job for a computation soon after it commits."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auction import selectors as auction_selectors
from challenge import selectors as challenge_selectors
from jbgs.exceptions import NotAllowed
from jbgs.files import DOCX, IMAGE, PDF, FileType, validate_upload
from jbgs.locking import lock
from jbgs.models import Organization
from jbgs.parsing import plain_text
from jbgs.services.audit import audit
from jbgs.validators import validate_credit_code
from sessions_mgmt import access, tasks
from sessions_mgmt.choices import ActivityKind, ProjectKind, ServerKind, SessionAction
from sessions_mgmt.models import (
    Activity,
    DealRecord,
    Intention,
    MediaReport,
    RecommendedProject,
    Roadshow,
    RoadshowProject,
    RoadshowUnit,
    ServedEnterprise,
    Server,
    Session,
    SessionDemand,
    SessionHost,
    SummaryReport,
    TypicalCase,
)

DOC = FileType("Word (.doc)", (".doc",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",))
EVIDENCE_TYPES = (PDF, IMAGE, DOCX)
REPORT_TYPES = (PDF, DOCX, DOC)
# A deal above 100亿元 is a typing error (the largest the province records are far below).
MAX_DEAL = Decimal("10000000000")
MAX_ATTENDEES = 100_000
MAX_ROWS = 2000  # enterprises of one activity, projects or units of one roadshow

# Each kind's code (the API's and the workbook's) and model.
MODELS: dict[str, type[models.Model]] = {
    "activity": Activity, "server": Server, "roadshow": Roadshow, "media_report": MediaReport,
    "case": TypicalCase, "recommended": RecommendedProject, "intention": Intention, "deal": DealRecord,
}
KIND_OF = {model: kind for kind, model in MODELS.items()}


@dataclass
class Staged:
    """A checked record, unsaved, with the rows it owns (by relation name), the session's
    records it links to (many-to-many, by relation name), and the file it replaces if any."""

    record: models.Model
    rows: dict[str, list] = field(default_factory=dict)
    old_file: str = ""
    servers: list | None = None  # an activity's service people, set after it is saved

    @property
    def kind(self) -> str:
        return KIND_OF[type(self.record)]


class _Check:
    """Reads a record's values, collecting every problem by field: ValidationError at the end."""

    def __init__(self, session: Session, data: dict, today: datetime.date | None = None):
        self.session, self.data, self.errors = session, data, {}
        self.today = today or timezone.localdate()

    def add(self, name: str, message) -> None:
        self.errors.setdefault(name, []).append(str(message))

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def text(self, name: str, *, required: bool = True, max_length: int = 200) -> str:
        text = plain_text(self.data.get(name))
        if required and not text:
            self.add(name, _("This field is required."))
        elif len(text) > max_length:
            self.add(name, _("At most %(n)s characters.") % {"n": max_length})
        return text[:max_length]

    def choice(self, name: str, choices) -> str:
        value = plain_text(self.data.get(name))
        if value not in choices.values:
            self.add(name, _("Choose one of: %(choices)s.") % {"choices": "、".join(map(str, choices.labels))})
        return value

    def day(self, name: str) -> datetime.date | None:
        value = self.data.get(name)
        if not isinstance(value, datetime.date):
            self.add(name, _("Give the date."))
            return None
        value = value.date() if isinstance(value, datetime.datetime) else value
        first, last = datetime.date(self.session.year - 1, 1, 1), self.today + datetime.timedelta(days=366)
        if not first <= value <= last:
            self.add(name, _("%(day)s is not a date of the session: write a date from %(first)s to %(last)s.")
                     % {"day": value, "first": first, "last": last})
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.add(name, _("Answer yes or no."))
            return default
        return value

    def count(self, name: str, maximum: int) -> int:
        value = self.data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
            self.add(name, _("Give a whole number from 0 to %(max)s.") % {"max": maximum})
            return 0
        return value

    def amount(self, name: str) -> Decimal:
        value = self.data.get(name)
        if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
            self.add(name, _("Give the amount, above zero."))
            return Decimal(0)
        if value > MAX_DEAL or value != value.quantize(Decimal("0.01")):
            self.add(name, _("%(value)s yuan is not a deal's amount (at most 100亿元, to the fen).") % {"value": value})
        return value

    def url(self, name: str) -> str:
        url = self.text(name, max_length=500)
        if url and not re.match(r"^https?://", url, re.IGNORECASE):
            self.add(name, _("Give the report's address, starting with http:// or https://."))
        elif url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                self.add(name, _("“%(url)s” is not a web address.") % {"url": url[:80]})
        return url

    def servers(self, name: str) -> list[Server] | None:
        """The session's service people named by `name`'s values (a person, their id or their
        name): a person is recorded under 服务人员 before an activity, an intention or a deal
        credits them (the talent sessions rank them: 服务大比拼). None when not given: a change
        that does not name them keeps them."""
        if name not in self.data:
            return None
        wanted = self.data.get(name) or []
        wanted = [wanted] if isinstance(wanted, Server | int | str) else list(wanted)
        people = {server.pk: server for server in Server.objects.filter(session=self.session)}
        by_name = {server.name: server for server in people.values()}
        found = []
        for value in wanted:
            if isinstance(value, Server):
                value = value.pk
            person = people.get(value) if isinstance(value, int) else by_name.get(plain_text(value))
            if person is None:
                self.add(name, _("%(who)s is not one of the session's service people: record them first.")
                         % {"who": plain_text(str(value))[:50]})
            elif person not in found:
                found.append(person)
        return found

    def upload(self, name: str, types) -> object | None:
        upload = self.data.get(name)
        if upload is None:
            return None
        try:
            validate_upload(upload, types)
        except ValidationError as error:
            self.add(name, " ".join(error.messages))
        return upload


def may_record(actor, session: Session) -> None:
    if not access.may_manage(actor, session):
        raise NotAllowed()


# --- Staging: values to an unsaved, checked record -----------------------------------------


def stage(session: Session, kind: str, data: dict, *, instance=None, today=None) -> Staged:
    """The record of `kind` that `data` describes (plain values: dates, Decimals, lists of
    dicts for the rows), checked; `instance` to change one. Raises ValidationError by field."""
    if kind not in STAGERS:
        raise ValidationError({"kind": [_("Unknown kind of record: %(kind)s.") % {"kind": kind}]})
    record = instance or MODELS[kind](session=session)
    check = _Check(session, data, today)
    staged = STAGERS[kind](check, record)
    check.done()
    return staged


def _activity(check: _Check, record: Activity) -> Staged:
    record.kind = check.choice("kind", ActivityKind)
    record.held_on = check.day("held_on")
    record.title = check.text("title")
    record.place = check.text("place", required=False)
    record.note = check.text("note", required=False, max_length=5000)
    return Staged(record, {"enterprises": enterprises_of(check, check.data.get("enterprises") or [])},
                  servers=check.servers("servers"))


def enterprises_of(check: _Check, entries: list[dict]) -> list[ServedEnterprise]:
    """The enterprises an activity served, each once by its credit code (the first name given)."""
    found: dict[str, ServedEnterprise] = {}
    for number, entry in enumerate(entries[:MAX_ROWS + 1], start=1):
        if number > MAX_ROWS:
            check.add("enterprises", _("At most %(n)s enterprises an activity.") % {"n": MAX_ROWS})
            break
        name = plain_text(entry.get("name"))[:200]
        try:
            code = validate_credit_code(plain_text(entry.get("credit_code")))
        except ValidationError as error:
            check.add("enterprises", _("Enterprise %(n)s: %(problem)s") % {"n": number, "problem": error.messages[0]})
            continue
        if not name:
            check.add("enterprises", _("Enterprise %(n)s: give its name.") % {"n": number})
            continue
        found.setdefault(code, ServedEnterprise(credit_code=code, name=name, division=code[2:8]))
    return list(found.values())


def _server(check: _Check, record: Server) -> Staged:
    record.name = check.text("name", max_length=100)
    record.kind = check.choice("kind", ServerKind)
    record.phone = check.text("phone", required=False, max_length=30)
    organization = check.data.get("organization")
    if organization is not None and not isinstance(organization, Organization):
        organization = Organization.objects.filter(pk=organization).first() if str(organization).isdigit() else None
        if organization is None:
            check.add("organization", _("No such unit."))
    record.organization = organization
    return Staged(record)


def _roadshow(check: _Check, record: Roadshow) -> Staged:
    record.held_on = check.day("held_on")
    record.title = check.text("title")
    record.place = check.text("place", required=False)
    record.attendees = check.count("attendees", MAX_ATTENDEES)
    projects = []
    for number, entry in enumerate(check.data.get("projects") or [], start=1):
        title, presenter = plain_text(entry.get("title"))[:200], plain_text(entry.get("presenter"))[:200]
        kind = plain_text(entry.get("kind")) or ProjectKind.RESULT
        if not title or not presenter or kind not in ProjectKind.values:
            check.add("projects", _("Project %(n)s: give its name, its kind and who presents it.") % {"n": number})
            continue
        projects.append(RoadshowProject(title=title, kind=kind, presenter=presenter,
                                        major_result=bool(entry.get("major_result"))))
    hosts = dict(SessionHost.objects.filter(session=check.session).values_list("organization_id", "organization_id"))
    units: dict[str, RoadshowUnit] = {}
    for number, entry in enumerate(check.data.get("units") or [], start=1):
        name, invited_by = plain_text(entry.get("name"))[:200], entry.get("invited_by")
        invited_id = getattr(invited_by, "pk", invited_by)
        if not name:
            check.add("units", _("Unit %(n)s: give its name.") % {"n": number})
        elif invited_id is not None and invited_id not in hosts:
            check.add("units", _("Unit %(n)s: it is invited by one of the session's hosts.") % {"n": number})
        else:
            units.setdefault(name, RoadshowUnit(name=name, invited_by_id=invited_id))
    if len(projects) > MAX_ROWS or len(units) > MAX_ROWS:
        check.add("projects", _("At most %(n)s projects and units a roadshow.") % {"n": MAX_ROWS})
    return Staged(record, {"projects": projects, "units": list(units.values())})


def _media_report(check: _Check, record: MediaReport) -> Staged:
    record.outlet = check.text("outlet", max_length=100)
    record.title = check.text("title", max_length=300)
    record.url = check.url("url")
    record.published_on = check.day("published_on")
    roadshow = check.data.get("roadshow")
    if roadshow is not None:
        roadshow = Roadshow.objects.filter(pk=getattr(roadshow, "pk", roadshow), session=check.session).first()
        if roadshow is None:
            check.add("roadshow", _("Choose one of the session's roadshows."))
    record.roadshow = roadshow
    return Staged(record)


def _case(check: _Check, record: TypicalCase) -> Staged:
    record.title = check.text("title")
    record.parties = check.text("parties", max_length=300)
    record.summary = check.text("summary", max_length=10000)
    record.recorded_on = check.day("recorded_on")
    record.public = check.flag("public", default=True)
    return Staged(record)


def _recommended(check: _Check, record: RecommendedProject) -> Staged:
    record.title = check.text("title")
    record.unit = check.text("unit")
    record.summary = check.text("summary", max_length=10000)
    record.recommended_on = check.day("recommended_on")
    return Staged(record)


def _intention(check: _Check, record: Intention) -> Staged:
    record.subject = check.text("subject")
    record.supply_party = check.text("supply_party")
    record.demand_party = check.text("demand_party")
    record.reached_on = check.day("reached_on")
    record.offline = check.flag("offline", default=True)
    cooperation = check.data.get("cooperation")
    if cooperation is not None:
        cooperation_id = getattr(cooperation, "pk", cooperation)
        demands = SessionDemand.objects.filter(session=check.session).values("demand_id")
        if cooperation_id not in set(challenge_selectors.cooperation_ids_of_demands(demands)):
            check.add("cooperation", _("Choose a cooperation on one of the session's demands."))
        else:
            record.cooperation_id = cooperation_id
    _credit(check, record)
    return _with_evidence(check, record)


def _deal(check: _Check, record: DealRecord) -> Staged:
    record.subject = check.text("subject")
    record.seller = check.text("seller")
    record.buyer = check.text("buyer")
    record.amount = check.amount("amount")
    record.signed_on = check.day("signed_on")
    record.contract_number = check.text("contract_number", required=False, max_length=60)
    _credit(check, record)
    return _with_evidence(check, record)


def _credit(check: _Check, record) -> None:
    """The service person who brought an intention or a deal about; kept when not given."""
    people = check.servers("server")
    if people is not None:
        record.server = people[0] if people else None


def _with_evidence(check: _Check, record) -> Staged:
    upload = check.upload("evidence", EVIDENCE_TYPES)
    staged = Staged(record)
    if upload is not None:
        staged.old_file = record.evidence.name if record.pk and record.evidence else ""
        record.evidence = upload
    return staged


STAGERS = {"activity": _activity, "server": _server, "roadshow": _roadshow, "media_report": _media_report,
           "case": _case, "recommended": _recommended, "intention": _intention, "deal": _deal}


# --- Writing ---------------------------------------------------------------------------------


def write(*, actor, session: Session, entries: list[Staged]) -> list[models.Model]:
    """Save staged records of `session`, each with its rows (a changed record's rows replaced),
    a reported deal linked to the platform's deal of the same contract or registration number.
    Call inside a transaction that holds the session's row (add(), change(), the importer)."""
    numbers = auction_selectors.deal_numbers(
        {entry.record.contract_number for entry in entries if isinstance(entry.record, DealRecord)})
    for entry in entries:
        record = entry.record
        if isinstance(record, DealRecord):
            record.deal_id = numbers.get(record.contract_number) if record.contract_number else None
        if record.pk is None:
            record.created_by = actor
        record.save()
        for relation, rows in entry.rows.items():
            getattr(record, relation).all().delete()
            for row in rows:
                setattr(row, _parent(relation), record)
            if rows:
                type(rows[0]).objects.bulk_create(rows)
        if entry.servers is not None:
            record.servers.set(entry.servers)
        if entry.old_file:
            _delete_after_commit(record.evidence.storage, entry.old_file)
    transaction.on_commit(tasks.recompute_soon)
    return [entry.record for entry in entries]


def _parent(relation: str) -> str:
    return "activity" if relation == "enterprises" else "roadshow"


def add(*, actor, session: Session, kind: str, data: dict) -> models.Model:
    """One record of `kind`. Locks the session's row for the transaction."""
    may_record(actor, session)
    staged = stage(session, kind, data)
    with transaction.atomic():
        lock(Session.objects, pk=session.pk)
        write(actor=actor, session=session, entries=[staged])
        audit(session, SessionAction.RECORD_ADDED, actor=actor, data={"kind": kind, "title": str(staged.record)})
    return staged.record


def change(*, actor, record: models.Model, data: dict) -> models.Model:
    """A record changed: every value given again (a form's or the API's whole record), a file
    kept unless a new one is given. Locks the session's row, then the record's."""
    session = record.session
    may_record(actor, session)
    kind = KIND_OF[type(record)]
    with transaction.atomic():
        lock(Session.objects, pk=session.pk)
        locked = lock(type(record).objects, pk=record.pk, session=session)
        staged = stage(session, kind, data, instance=locked)
        write(actor=actor, session=session, entries=[staged])
        audit(session, SessionAction.RECORD_CHANGED, actor=actor, data={"kind": kind, "title": str(locked)})
    return locked


def remove(*, actor, record: models.Model) -> None:
    """A record taken out, with its rows; its evidence file deleted after the commit."""
    session = record.session
    may_record(actor, session)
    kind = KIND_OF[type(record)]
    with transaction.atomic():
        lock(Session.objects, pk=session.pk)
        evidence = getattr(record, "evidence", None)
        if evidence:
            _delete_after_commit(evidence.storage, evidence.name)
        audit(session, SessionAction.RECORD_REMOVED, actor=actor, data={"kind": kind, "title": str(record)})
        record.delete()
        transaction.on_commit(tasks.recompute_soon)


def submit_report(*, actor, session: Session, upload, today: datetime.date | None = None) -> SummaryReport:
    """The session's summary report (PDF or Word): one per session, a new upload replaces it.
    Locks the session's row."""
    may_record(actor, session)
    validate_upload(upload, REPORT_TYPES)
    with transaction.atomic():
        lock(Session.objects, pk=session.pk)
        report = SummaryReport.objects.filter(session=session).first() or SummaryReport(session=session)
        if report.pk and report.file:
            _delete_after_commit(report.file.storage, report.file.name)
        report.file, report.original_name = upload, upload.name[:255]
        report.submitted_on, report.submitted_by = today or timezone.localdate(), actor
        report.save()
        audit(session, SessionAction.REPORT_SUBMITTED, actor=actor,
              data={"kind": "summary_report", "title": report.original_name})
        transaction.on_commit(tasks.recompute_soon)
    return report


def _delete_after_commit(storage, name: str) -> None:
    transaction.on_commit(lambda: storage.delete(name), robust=True)
