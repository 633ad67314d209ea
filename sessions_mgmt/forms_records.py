"""The forms of a session's records page: each reads what a person types into the plain values
that sessions_mgmt.services.records.stage() checks (`values()`); the rules are the service's."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jbgs.choices import OrganizationKind
from jbgs.forms import LooseDateField
from jbgs.imports import parse_bool
from jbgs.models import Organization
from jbgs.parsing import TYPED_UNIT, parse_amount
from sessions_mgmt.choices import ActivityKind, ProjectKind, ServerKind
from sessions_mgmt.models import Server

FIRM_KINDS = [OrganizationKind.TECH_MANAGER_FIRM, OrganizationKind.TECH_TRANSFER_AGENCY]
_SPLIT = re.compile(r"\s*[|｜,，\t]\s*")
_UNIT = re.compile(r"\s*[|｜]\s*")  # a unit's name | the host that invited it


def _unit_parts(line: str) -> tuple[str, str]:
    parts = _UNIT.split(line.strip(), maxsplit=1) + [""]
    return parts[0].strip(), parts[1].strip()


class _RecordForm(forms.Form):
    kind = ""

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        people = Server.objects.filter(session=session).order_by("kind", "name") if session else Server.objects.none()
        for name in ("servers", "server"):
            if name in self.fields:
                self.fields[name].queryset = people

    def values(self) -> dict:
        return dict(self.cleaned_data)

    @classmethod
    def initial_of(cls, record) -> dict:
        """The form filled from `record` as a person would type it (the edit page's); a file is
        never shown again, it is kept unless a new one is given."""
        return {name: getattr(record, name) for name in cls.base_fields
                if name != "evidence" and hasattr(record, name)}

    @classmethod
    def kept(cls, record) -> dict:
        """The record's values the form does not show, given again so that a change keeps them."""
        return {}


class _CreditedForm(_RecordForm):
    """An intention or a deal, credited to the service person who brought it about."""

    server = forms.ModelChoiceField(label=_("Brought about by"), queryset=Server.objects.none(), required=False,
                                    help_text=_("One of the session's service people (服务人员), for 服务大比拼."))


class ActivityForm(_RecordForm):
    kind = "activity"
    activity_kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    held_on = LooseDateField(label=_("Held on"))
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    enterprises = forms.CharField(
        label=_("Enterprises served"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: the unified social credit code, then the name (91320594MA1M…, 苏州某某科技有限公司)."))
    servers = forms.ModelMultipleChoiceField(
        label=_("Served by"), queryset=Server.objects.none(), required=False,
        help_text=_("The session's service people who took part (服务人员)."))

    def clean_enterprises(self):
        entries = []
        for line in self.cleaned_data["enterprises"].splitlines():
            parts = [part for part in re.split(r"[\s|｜,，]+", line.strip(), maxsplit=1) if part]
            if parts:
                entries.append({"credit_code": parts[0], "name": parts[1] if len(parts) > 1 else ""})
        return entries

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["kind"] = data.pop("activity_kind")
        return data

    @classmethod
    def initial_of(cls, record) -> dict:
        enterprises = "\n".join(f"{row.credit_code} {row.name}" for row in record.enterprises.order_by("pk"))
        return {**super().initial_of(record), "activity_kind": record.kind, "enterprises": enterprises,
                "servers": [server.pk for server in record.servers.all()]}

    @classmethod
    def kept(cls, record) -> dict:
        return {"note": record.note}


class ServerForm(_RecordForm):
    kind = "server"
    name = forms.CharField(label=_("Name"), max_length=100)
    server_kind = forms.ChoiceField(label=_("Serves as"), choices=ServerKind.choices)
    organization = forms.ModelChoiceField(label=_("Firm or unit"), required=False,
                                          queryset=Organization.objects.filter(kind__in=FIRM_KINDS).order_by("name"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["kind"] = data.pop("server_kind")
        return data

    @classmethod
    def initial_of(cls, record) -> dict:
        return {**super().initial_of(record), "server_kind": record.kind}


class RoadshowForm(_RecordForm):
    kind = "roadshow"
    held_on = LooseDateField(label=_("Held on"))
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=0, max_value=100_000)
    projects = forms.CharField(
        label=_("Projects presented"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: name | presented by | 成果, 需求 or 合作 | major result 是 or 否."))
    units = forms.CharField(label=_("Attending units"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("One a line; after a | the host that invited it, if not the one chosen below."))
    invited_by = forms.ChoiceField(label=_("Units invited by"), required=False)

    def __init__(self, *args, hosts=None, session=None, **kwargs):
        super().__init__(*args, session=session, **kwargs)
        if hosts is None:
            hosts = list(session.hosts.select_related("organization")) if session else []
        self.fields["invited_by"].choices = [("", "—"), *((str(host.organization_id), host.organization.name)
                                                          for host in hosts)]
        self.hosts = {host.organization.name: host.organization_id for host in hosts}

    def clean_projects(self):
        kinds = {"成果": ProjectKind.RESULT, "需求": ProjectKind.DEMAND, "合作": ProjectKind.COOPERATION}
        projects = []
        for number, line in enumerate(self.cleaned_data["projects"].splitlines(), start=1):
            parts = [part for part in _SPLIT.split(line.strip())] + ["", "", ""]
            if not parts[0]:
                continue
            try:
                major = parse_bool(parts[3])
            except ValidationError:
                raise ValidationError(_("Line %(n)s: write 是 or 否 for a major result.") % {"n": number})
            projects.append({"title": parts[0], "presenter": parts[1], "kind": kinds.get(parts[2], parts[2] or "result"),
                             "major_result": major})
        return projects

    def clean_units(self):
        """(name, the host that invited it or None for the one chosen below) a line."""
        units = []
        for number, line in enumerate(self.cleaned_data["units"].splitlines(), start=1):
            name, host = _unit_parts(line)
            if not name:
                continue
            if host and host not in self.hosts:
                raise ValidationError(_("Line %(n)s: %(host)s is not one of the session's hosts.")
                                      % {"n": number, "host": host[:50]})
            units.append((name, self.hosts.get(host)))
        return units

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        invited_by = int(data.pop("invited_by")) if data.get("invited_by") else None
        data["units"] = [{"name": name, "invited_by": host or invited_by} for name, host in data["units"]]
        return data

    @classmethod
    def initial_of(cls, record) -> dict:
        """Projects and units a line each; the host that invited most units chosen below when
        every unit has one, the others named after a |."""
        kinds = {ProjectKind.RESULT: "成果", ProjectKind.DEMAND: "需求", ProjectKind.COOPERATION: "合作"}
        projects = "\n".join(f"{p.title} | {p.presenter} | {kinds.get(p.kind, p.kind)} | {'是' if p.major_result else '否'}"
                              for p in record.projects.order_by("pk"))
        units = list(record.units.select_related("invited_by").order_by("pk"))
        inviters = [unit.invited_by_id for unit in units]
        common = max(sorted(set(inviters)), key=inviters.count) if inviters and None not in inviters else None
        lines = [unit.name if unit.invited_by_id in (None, common) else f"{unit.name} | {unit.invited_by.name}"
                 for unit in units]
        return {**super().initial_of(record), "projects": projects, "units": "\n".join(lines),
                "invited_by": str(common) if common else ""}


class MediaReportForm(_RecordForm):
    kind = "media_report"
    outlet = forms.CharField(label=_("Outlet"), max_length=100)
    title = forms.CharField(label=_("Headline"), max_length=300)
    url = forms.CharField(label=_("Link"), max_length=500)
    published_on = LooseDateField(label=_("Published on"))

    @classmethod
    def kept(cls, record) -> dict:
        return {"roadshow": record.roadshow_id}


class CaseForm(_RecordForm):
    kind = "case"
    title = forms.CharField(label=_("Title"), max_length=200)
    parties = forms.CharField(label=_("Parties"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    recorded_on = LooseDateField(label=_("Recorded on"))
    public = forms.BooleanField(label=_("Shown on the public page"), required=False, initial=True)


class RecommendedForm(_RecordForm):
    kind = "recommended"
    title = forms.CharField(label=_("Project"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    recommended_on = LooseDateField(label=_("Recommended on"))


class IntentionForm(_CreditedForm):
    kind = "intention"
    subject = forms.CharField(label=_("Subject"), max_length=200)
    supply_party = forms.CharField(label=_("Supply side"), max_length=200)
    demand_party = forms.CharField(label=_("Demand side"), max_length=200)
    reached_on = LooseDateField(label=_("Reached on"))
    offline = forms.BooleanField(label=_("Reached offline"), required=False, initial=True)
    evidence = forms.FileField(label=_("Evidence (PDF, image or Word)"), required=False)


class DealForm(_CreditedForm):
    kind = "deal"
    subject = forms.CharField(label=_("Subject"), max_length=200)
    seller = forms.CharField(label=_("Seller"), max_length=200)
    buyer = forms.CharField(label=_("Buyer"), max_length=200)
    amount = forms.CharField(label=_("Amount (万元)"), max_length=30)
    signed_on = LooseDateField(label=_("Signed on"))
    contract_number = forms.CharField(label=_("Contract or registration number"), max_length=60, required=False)
    evidence = forms.FileField(label=_("Evidence (PDF, image or Word)"), required=False)

    def clean_amount(self):
        return parse_amount(self.cleaned_data["amount"], unit=TYPED_UNIT)

    @classmethod
    def initial_of(cls, record) -> dict:
        in_wan = format((record.amount / 10000).normalize(), "f") if record.amount is not None else ""
        return {**super().initial_of(record), "amount": in_wan}


class ReportForm(forms.Form):
    file = forms.FileField(label=_("Summary report (PDF or Word)"))


FORMS = {form.kind: form for form in (ActivityForm, ServerForm, RoadshowForm, MediaReportForm, CaseForm,
                                      RecommendedForm, IntentionForm, DealForm)}
