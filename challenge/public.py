"""What the public may know of a demand: one projection, used by every public page, the API's
public answers, search results, feeds and e-mails to people other than the enterprise.
A field the enterprise hid is absent from it, not blanked in a template: what is not in the
projection cannot leak (根据需求方意愿隐去相关信息)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from challenge.choices import HideableField
from challenge.models import Demand


@dataclass(frozen=True)
class PublicTarget:
    indicator: str
    value: str
    unit: str


@dataclass(frozen=True)
class PublicDemand:
    pk: int
    number: str
    title: str
    field_code: str
    field_name: str
    sub_field: str
    description: str
    expected_outcome: str
    cooperation_modes: list[str]
    cooperation_mode_labels: list[str]
    valid_until: object
    status: str
    status_label: str
    published_at: object
    region_name: str
    region_code: str | None
    enterprise_flag_labels: list[str]
    # Present only when the enterprise did not hide them.
    organization_name: str | None = None
    amount: Decimal | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    targets: list[PublicTarget] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # the labels of what is hidden, to say so

    @property
    def enterprise(self) -> str:
        return self.organization_name or _("An enterprise (name withheld at its request)")


def public_demand(demand: Demand, targets=None) -> PublicDemand:
    """The demand as the public may see it. `targets` (the demand's rows) may be passed when
    they were prefetched."""
    hidden = set(demand.hidden_fields)
    rows = list(demand.targets.all() if targets is None else targets)
    shown_targets = [] if HideableField.TARGETS in hidden else [
        PublicTarget(row.indicator, row.value, row.unit) for row in rows if not row.hidden]
    hidden_labels = [str(HideableField(code).label) for code in HideableField.values if code in hidden]
    if HideableField.TARGETS not in hidden and any(row.hidden for row in rows):
        hidden_labels.append(_("some technical targets"))
    return PublicDemand(
        pk=demand.pk, number=demand.number, title=demand.title, field_code=demand.field.code,
        field_name=demand.field.name, sub_field=demand.sub_field, description=demand.description,
        expected_outcome=demand.expected_outcome, cooperation_modes=list(demand.cooperation_modes),
        cooperation_mode_labels=demand.cooperation_mode_labels(), valid_until=demand.valid_until,
        status=demand.status, status_label=demand.get_status_display(), published_at=demand.published_at,
        region_name=demand.region.name if demand.region_id else "", region_code=demand.region_id,
        # With the name hidden, so are the qualifications that, with the region, could name it.
        enterprise_flag_labels=[] if HideableField.ORGANIZATION in hidden else demand.enterprise_flag_labels(),
        organization_name=None if HideableField.ORGANIZATION in hidden else demand.organization.name,
        amount=None if HideableField.AMOUNT in hidden else demand.amount,
        contact_name=None if HideableField.CONTACT_NAME in hidden else demand.contact_name,
        contact_phone=None if HideableField.CONTACT_PHONE in hidden else demand.contact_phone,
        contact_email=None if HideableField.CONTACT_EMAIL in hidden else (demand.contact_email or None),
        targets=shown_targets, hidden=hidden_labels,
    )


@dataclass(frozen=True)
class PublicPair:
    """A pair as a contest's public page shows it: the demand's public projection and the
    solver's unit (both sides consented to a public contest); once the contest is held, how
    many experts marked it and their mean, never one expert's marks."""

    pk: int
    position: int
    demand: PublicDemand
    solver_unit: str
    experts: int | None = None
    mean: Decimal | None = None


def public_pair(pair, result: tuple[int, Decimal] | None = None) -> PublicPair:
    """`pair` with its cooperation's demand (targets prefetched) and solution's unit;
    `result` is the pair's (experts, mean), given only for a held contest."""
    cooperation = pair.cooperation
    experts, mean = result or (None, None)
    return PublicPair(pk=pair.pk, position=pair.position, demand=public_demand(cooperation.demand),
                      solver_unit=cooperation.solution.organization.name, experts=experts, mean=mean)


@dataclass(frozen=True)
class PublicHonour:
    """A pair on the year's published honours list: the demand's public projection, the
    solver's unit, the citation, and the contest where it was shown with the experts' mean."""

    demand: PublicDemand
    solver_unit: str
    citation: str
    contest_title: str | None = None
    mean: Decimal | None = None


def public_honour(nomination, mean: Decimal | None = None) -> PublicHonour:
    cooperation, pair = nomination.cooperation, nomination.contest_pair
    return PublicHonour(demand=public_demand(cooperation.demand), solver_unit=cooperation.solution.organization.name,
                        citation=nomination.citation, contest_title=pair.contest.title if pair else None, mean=mean)
