"""The unified 《需求征集表》: its columns, how its cells are read, and the import of a filled
form by someone who collects enterprises' demands (a local authority, a market sub-centre, a
technology manager, an administrator) into the year's challenge season.

A row is one enterprise's demand. The enterprise is found by its 统一社会信用代码; one the
platform does not know is recorded from the row, awaiting verification, so that its demand
can be kept. The uploader is the demand's collector. Rows are staged with what they need
loaded once per chunk, then written a chunk at a time; a row is saved whole (its new
enterprise with it) or reported by row and column. Importing the file again updates the
demands it wrote: the same enterprise and 需求名称 in the season, while still editable.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from challenge.choices import DEMAND_IMPORT, ChallengeAction, CooperationMode, HideableField
from challenge.models import Demand, DemandTarget
from challenge.services.demands import (
    DEMAND_FIELDS,
    ENTERPRISE_KINDS,
    Staged,
    change_refusal,
    may_collect,
    may_post_for,
    staged,
    write_demands,
)
from jbgs.choices import CampaignKind
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.imports import (
    Column,
    RowProblem,
    cell_text,
    choices,
    parse_bool,
    parse_date_cell,
    parse_money,
    parse_text,
    problems_from,
)
from jbgs.locking import Busy
from jbgs.models import Campaign, ImportJob, Organization
from jbgs.selectors import RegionNames, YearFields
from jbgs.services.audit import audit
from jbgs.services.imports import RowsRun, register_importer, write_chunk
from jbgs.services.organizations import record_unverified, unverified_enterprise
from jbgs.validators import normalize_code, validate_credit_code

# The words people write for each cooperation mode; the first of each is the form's own.
COOPERATION_MODES = {
    "技术转让": CooperationMode.TECHNOLOGY_TRANSFER, "转让": CooperationMode.TECHNOLOGY_TRANSFER,
    "技术许可": CooperationMode.TECHNOLOGY_LICENCE, "许可": CooperationMode.TECHNOLOGY_LICENCE,
    "专利许可": CooperationMode.TECHNOLOGY_LICENCE,
    "委托开发": CooperationMode.COMMISSIONED_DEVELOPMENT, "委托研发": CooperationMode.COMMISSIONED_DEVELOPMENT,
    "合作开发": CooperationMode.COOPERATIVE_DEVELOPMENT, "联合开发": CooperationMode.COOPERATIVE_DEVELOPMENT,
    "合作研发": CooperationMode.COOPERATIVE_DEVELOPMENT, "联合攻关": CooperationMode.COOPERATIVE_DEVELOPMENT,
    "技术服务": CooperationMode.TECHNICAL_SERVICE, "服务": CooperationMode.TECHNICAL_SERVICE,
    "技术咨询": CooperationMode.TECHNICAL_CONSULTING, "咨询": CooperationMode.TECHNICAL_CONSULTING,
    "作价入股": CooperationMode.EQUITY_INVESTMENT, "股权投资": CooperationMode.EQUITY_INVESTMENT,
    "投资入股": CooperationMode.EQUITY_INVESTMENT,
    "其他": CooperationMode.OTHER, "其它": CooperationMode.OTHER,
}
# What each 隐去 column hides on publication.
HIDE_FLAGS = {
    "hide_organization": [HideableField.ORGANIZATION],
    "hide_contact": [HideableField.CONTACT_NAME, HideableField.CONTACT_PHONE, HideableField.CONTACT_EMAIL],
    "hide_amount": [HideableField.AMOUNT],
}
_TARGET_SEPARATORS = re.compile(r"[;\n\r]+")
# Full-width letters, digits and punctuation (；：３５０) as ASCII; units as written (℃, ㎡), not as NFKC spells them.
_HALF_WIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
_TARGET_VALUE = re.compile(
    r"^((?:[≥≤><=±~]|不低于|不高于|不小于|不大于|大于|小于|高于|低于|优于|达到|约)*\s*[-+]?\d[\d.,]*"
    r"(?:\s*[-~至]\s*\d[\d.,]*)?)\s*(\S.{0,19})?$")


def parse_name(value, header=""):
    """A name as typed: a formula (=…) is refused, never read or kept as one."""
    text = cell_text(value)
    if text.startswith("="):
        raise ValidationError(_("“%(value)s” is a formula: write the name itself.") % {"value": text[:40]},
                              code="formula")
    return text


def parse_title(value, header=""):
    title = parse_name(value)
    if not title:  # a formula Excel never computed reads as nothing
        raise ValidationError(_("Write the demand's name, as text: a formula is not read."), code="required")
    return title


def parse_credit_code(value, header=""):
    text = cell_text(value)
    if not text:
        raise ValidationError(_("Give the enterprise's unified social credit code: the enterprise is found by it."),
                              code="required")
    return validate_credit_code(text)


def parse_flag(value, header=""):
    """是 or 否; empty leaves the choice as it is (for a new demand, the platform's default)."""
    return parse_bool(value) if cell_text(value) else None


parse_flag.canonical = ["是", "否"]


def parse_targets(value, header=""):
    """Technical targets, `指标:数值单位` each, separated by ； or by lines: 耐温:350℃；纯度:≥99.9%."""
    targets = []
    text = "" if value is None else str(value).translate(_HALF_WIDTH)
    for number, part in enumerate((p.strip() for p in _TARGET_SEPARATORS.split(text) if p.strip()), 1):
        indicator, colon, rest = (s.strip() for s in part.partition(":"))
        if not (colon and indicator and rest):
            raise ValidationError(_("Target %(n)s, “%(text)s”: write each as 指标:数值单位, such as 耐温:350℃.")
                                  % {"n": number, "text": part[:40]}, code="invalid_target")
        match = _TARGET_VALUE.match(rest)
        value, unit = (match[1], match[2] or "") if match else (rest, "")
        targets.append({"indicator": indicator, "value": value.strip(), "unit": unit.strip()})
    return targets


COLUMNS = [
    Column("organization_name", "企业名称", ("需求单位", "需求方", "单位名称", "企业(单位)名称", "发榜单位", "公司名称"),
           parse_name, required=True),
    Column("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "统一信用代码", "企业信用代码"),
           parse_credit_code, required=True),
    Column("region", "所在地区", ("地区", "所在地", "所属地区", "所在区域", "区域", "所在市县"), parse_text),
    Column("title", "需求名称", ("技术需求名称", "需求标题", "需求项目名称"), parse_title, required=True),
    Column("field", "产业领域", ("所属产业领域", "所属领域", "技术领域", "行业领域", "领域"), parse_text, required=True),
    Column("sub_field", "细分领域", ("产业细分领域", "细分行业", "二级领域"), parse_text),
    Column("description", "存在问题及现状", ("现状及存在问题", "问题及现状", "存在问题", "需求描述", "需求内容",
                                     "技术需求描述", "需求详细描述"), parse_text, required=True),
    Column("targets", "技术指标", ("主要技术指标", "关键技术指标", "技术参数", "技术指标要求"), parse_targets),
    Column("expected_outcome", "预期成果", ("预期目标", "预期效果", "预期成果形式"), parse_text),
    Column("amount", "意向投入金额（万元）", ("意向投入金额", "投入金额", "拟投入金额", "意向金额", "预计投入金额",
                                      "投入资金"), parse_money, required=True),
    Column("cooperation_modes", "合作方式", ("意向合作方式", "拟合作方式"),
           choices(COOPERATION_MODES, _("cooperation mode")), required=True),
    Column("valid_until", "有效期限", ("有效期", "需求有效期", "有效期至", "有效截止日期", "截止日期"), parse_date_cell,
           required=True),
    Column("contact_name", "联系人", ("联系人姓名", "需求联系人"), parse_text, required=True),
    Column("contact_phone", "联系电话", ("电话", "手机", "手机号码", "联系方式"), parse_text, required=True),
    Column("contact_email", "邮箱", ("电子邮箱", "联系邮箱", "电子邮件", "e-mail", "email"), parse_text),
    Column("hide_organization", "隐去企业名称", ("是否隐去企业名称", "隐藏企业名称"), parse_flag),
    Column("hide_contact", "隐去联系方式", ("是否隐去联系方式", "隐藏联系方式"), parse_flag),
    Column("hide_amount", "隐去金额", ("是否隐去金额", "隐去投入金额", "是否隐去意向投入金额", "隐藏金额"), parse_flag),
]
_TARGET_KEYS = ("position", "indicator", "value", "unit", "hidden")
# What a new enterprise's record takes from the row, by the unit's field: the row's column.
_ORGANIZATION_COLUMNS = {"name": "organization_name", "credit_code": "credit_code", "region": "region",
                         "contact_name": "contact_name", "contact_phone": "contact_phone",
                         "contact_email": "contact_email"}


class DemandImporter:
    # Every collector imports into the year's season: each is limited on their own imports only.
    shared_target = True

    def authorize(self, actor, target_id: int) -> Campaign:
        campaign = Campaign.objects.filter(pk=target_id, kind=CampaignKind.CHALLENGE).first()
        if campaign is None:
            raise DomainError(_("Choose a challenge season."), code="not_a_challenge", field="campaign")
        if not may_collect(actor):
            raise NotAllowed()
        return campaign

    def run(self, job: ImportJob) -> None:
        campaign = self.authorize(job.owner, job.target_id)
        run = _Run.of(job, COLUMNS, campaign)
        run.read()
        audit(job, ChallengeAction.DEMANDS_IMPORTED, actor=job.owner,
              data={"campaign": campaign.pk, "file": job.original_name, "created": job.created,
                    "updated": job.updated, "rejected": len(job.rejected), "enterprises_recorded": run.recorded,
                    "stopped": run.stopped})
        run.stop_if_stopped()


@dataclass
class _Row:
    number: int  # as the spreadsheet shows it
    entry: Staged
    cells: list  # as read, to show a refused row as typed
    new_enterprise: Organization | None = None  # recorded with the row


class _Run(RowsRun):
    """One import's state: what is loaded once, and what the rows so far have claimed."""

    def __init__(self, job: ImportJob, table, columns, campaign: Campaign):
        super().__init__(job, table, columns)
        self.campaign, self.actor = campaign, job.owner
        self.fields, self.regions = YearFields(campaign.year), RegionNames()
        self.today = timezone.localdate()
        self.enterprises: dict[str, Organization] = {}  # by credit code: stored, or recorded from a row
        self.demands: dict[tuple[str, str], list[Demand]] = {}  # the season's, by (credit code, title)
        self.targets: dict[int, list[dict]] = {}  # theirs, by demand
        self.taken_names: dict[str, str] = {}  # units' names, with their credit codes
        self.seen: dict[tuple[str, str], int] = {}  # (credit code, title) → the file's row that has it
        self.recorded = 0

    def refused(self, rows: list[_Row], written) -> list:
        by_entry = {id(row.entry): row for row in rows}
        pairs = [(by_entry[id(entry)], error) for entry, error in written.refused]
        return [(row.number, row.cells, _problems(error, row.number, self.label)) for row, error in pairs]

    def load(self, rows) -> None:
        """The enterprises the chunk names (by code, and the units holding a new one's name)
        and their demands of the season: two queries a chunk, rather than some a row."""
        where = {column.field: index for index, column in self.table.columns.items()}
        named = {normalize_code(cell_text(_cell(cells, where["credit_code"]))):
                 cell_text(_cell(cells, where["organization_name"])) for _number, cells in rows}
        codes = {code for code in named if code not in self.enterprises}  # as written: a wrong one finds nothing
        names = {named[code] for code in codes}
        stored = {}
        for org in Organization.objects.filter(Q(credit_code__in=codes) | Q(name__in=names)):
            self.taken_names[org.name] = org.credit_code
            if org.credit_code in codes:
                self.enterprises[org.credit_code] = stored[org.pk] = org
        # Their relations from what was loaded for the file, rather than joined to each demand again.
        fields = {field.pk: field for field in self.fields.fields}
        demands = list(Demand.objects.filter(campaign=self.campaign, organization__in=stored).order_by("-pk"))
        for demand in demands:
            demand.organization, demand.campaign = stored[demand.organization_id], self.campaign
            demand.field, demand.region = fields[demand.field_id], self.regions.by_code.get(demand.region_id)
            self.demands.setdefault((demand.organization.credit_code, _title_key(demand.title)), []).append(demand)
        # Their targets, so that a file that gives the same ones does not write them again.
        targets = DemandTarget.objects.filter(demand__in=demands).order_by("demand_id", "position")
        for demand_id, *values in targets.values_list("demand_id", *_TARGET_KEYS):
            self.targets.setdefault(demand_id, []).append(dict(zip(_TARGET_KEYS, values, strict=True)))

    def row(self, number: int, cells: list) -> _Row | None:
        """Parse and stage one row: a _Row, or None when reported."""
        data, problems = self.parse(number, cells)
        self.look_up(self.fields, data, "field", number, problems)
        self.look_up(self.regions, data, "region", number, problems)
        if problems:
            return self.reject(number, cells, problems)
        code, key = data["credit_code"], _title_key(data["title"])
        if (code, key) in self.seen:
            return self.reject(number, cells, [RowProblem(number, self.label("title"), _(
                "Row %(row)s already has this enterprise's demand of this name.") % {"row": self.seen[(code, key)]})])
        org = self.enterprises.get(code)
        demand, problems = self.demand_of(number, data, org)
        new_enterprise = org if org is not None and org.pk is None else None  # recorded from an earlier row
        if demand is not None:
            try:
                stored_targets = self.targets.get(demand.pk, []) if demand.pk and "targets" in data else None
                entry = staged(demand, _demand_data(demand, data), data.get("targets"), today=self.today, loaded=True,
                               stored_targets=stored_targets)
            except ValidationError as error:
                problems += problems_from(error, number, self.label)
            if org is None:
                new_enterprise, more = self.new_enterprise(number, data, demand)
                problems += more
        if problems:
            return self.reject(number, cells, problems)
        self.seen[(code, key)] = number
        if new_enterprise is not None:
            demand.organization = self.enterprises[code] = new_enterprise
            self.taken_names[new_enterprise.name] = code
        return _Row(number, entry, cells, new_enterprise)

    def demand_of(self, number: int, data: dict, org: Organization | None) -> tuple[Demand | None, list]:
        """The season's demand the row is about (importing again updates it), or a new one
        (of an enterprise the platform does not know yet: recorded from the row)."""
        if org is not None and org.pk is not None and not may_post_for(self.actor, org, self.actor.pk):
            return None, [RowProblem(number, self.label("credit_code"), _refusal_of(org))]
        stored = self.demands.get((data["credit_code"], _title_key(data["title"])))
        if stored:  # the one the collector may change, if any; else why not
            refusals = [(demand, change_refusal(self.actor, demand)) for demand in stored]
            demand, refusal = next((pair for pair in refusals if pair[1] is None), refusals[0])
            if refusal is not None:
                return None, [RowProblem(number, self.label("title"), str(refusal.message))]
            return demand, []
        demand = Demand(campaign=self.campaign, created_by=self.actor, collector=self.actor)
        if org is not None:
            demand.organization = org
        return demand, []

    def new_enterprise(self, number: int, data: dict, demand: Demand) -> tuple[Organization | None, list]:
        """The record of an enterprise the platform does not know, from the row (with its
        demand's contact, as staged): checked now, saved with the row's demand."""
        name, code = data["organization_name"], data["credit_code"]
        if self.taken_names.get(name, code) != code:
            return None, [RowProblem(number, self.label("organization_name"), _(
                "A unit named %(name)s is registered with another unified social credit code: check the code.")
                % {"name": name})]
        try:
            return unverified_enterprise(name=name, credit_code=code, region=data.get("region"),
                                         contact_name=demand.contact_name, contact_phone=demand.contact_phone,
                                         contact_email=demand.contact_email), []
        except ValidationError as error:
            return None, [RowProblem(number, self.label(_ORGANIZATION_COLUMNS.get(field, "")), _(
                "The platform does not know this enterprise yet, and records it from this row: %(problem)s")
                % {"problem": message}) for field, messages in error.message_dict.items() for message in messages]

    def write(self, rows: list[_Row]):
        """Write the chunk's rows, their new enterprises first, in one transaction. A lock
        held past the lock timeout, or a new enterprise's code or name taken meanwhile (by
        another import, or an application), is tried again, the enterprises looked up anew."""

        def once():
            new = list({id(row.new_enterprise): row.new_enterprise for row in rows if row.new_enterprise}.values())
            record_unverified(actor=self.actor, organizations=new)
            for row in rows:
                if row.new_enterprise is not None:
                    row.entry.demand.organization = row.new_enterprise  # its id, known now
            return write_demands(actor=self.actor, entries=[row.entry for row in rows], now=timezone.now())

        def again():
            recorded = {id(row.new_enterprise): row.new_enterprise for row in rows if row.new_enterprise}
            for record in [*recorded.values(), *(row.entry.demand for row in rows if row.entry.before is None)]:
                record.pk, record._state.adding = None, True  # the failed INSERT's ids were rolled back
            rows[:] = self.look_again(rows)

        written = write_chunk(once, retry_on=(Busy, IntegrityError), again=again)
        self.recorded += len({id(row.new_enterprise) for row in rows if row.new_enterprise})
        return written

    def look_again(self, rows: list[_Row]) -> list[_Row]:
        """The rows, each new enterprise whose code someone registered meanwhile replaced by
        the one stored; those whose enterprise may not be collected for now, or whose name
        another unit took, reported."""
        new = [row for row in rows if row.new_enterprise]
        stored = Organization.objects.filter(Q(credit_code__in={row.new_enterprise.credit_code for row in new})
                                             | Q(name__in={row.new_enterprise.name for row in new}))
        by_code, by_name = {org.credit_code: org for org in stored}, {org.name: org for org in stored}
        kept = []
        for row in rows:
            org = by_code.get(row.new_enterprise.credit_code) if row.new_enterprise else None
            if org is not None and may_post_for(self.actor, org, self.actor.pk):
                row.entry.demand.organization, row.new_enterprise = org, None
                self.enterprises[org.credit_code] = org
            elif org is not None:
                self.reject(row.number, row.cells, [RowProblem(row.number, self.label("credit_code"),
                                                               _refusal_of(org))])
                continue
            elif row.new_enterprise and row.new_enterprise.name in by_name:
                self.reject(row.number, row.cells, [RowProblem(row.number, self.label("organization_name"), _(
                    "A unit of this name was registered meanwhile."))])
                continue
            kept.append(row)
        return kept


def _cell(cells: list, index: int):
    return cells[index] if index < len(cells) else None


def _title_key(title: str) -> str:
    """A demand's name as compared on import: full-width forms, spaces and case do not count."""
    return re.sub(r"\s+", "", cell_text(title)).lower()


def _demand_data(demand: Demand, data: dict) -> dict:
    """The row's values as the demand's fields; the 隐去 columns change only what they say."""
    values = {name: data[name] for name in DEMAND_FIELDS if name in data}
    hidden = list(demand.hidden_fields)
    for flag, names in HIDE_FLAGS.items():
        if data.get(flag) is not None:
            hidden = [h for h in hidden if h not in names] + (names if data[flag] else [])
    values["hidden_fields"] = hidden
    return values


def _refusal_of(org: Organization) -> str:
    if org.kind not in ENTERPRISE_KINDS:
        return _("The unit with this code, %(name)s, is not an enterprise: demands are posted by enterprises.") % {
            "name": org.name}
    return _("The enterprise with this code, %(name)s, is %(state)s on the platform: its demands cannot be "
             "collected.") % {"name": org.name, "state": org.get_status_display()}


def _problems(error: Exception, number: int, label_of) -> list[RowProblem]:
    """Why the write refused a row: its fields' problems, or the demand's (by its name)."""
    if isinstance(error, ValidationError):
        return problems_from(error, number, label_of)
    return [RowProblem(number, label_of("title"), str(getattr(error, "message", error)))]


def register() -> None:
    register_importer(DEMAND_IMPORT, DemandImporter())
