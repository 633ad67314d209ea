"""The supply side's rules, read from the campaign year's data (never constants here).

`item_errors` is the one validation of an item, called through `Item.clean()` by the
browser form, the spreadsheet importer and the API alike. `list_compliance` measures a
unit's whole list against the year's minimums and maximum, for the live panel and for
submission.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auction.choices import ItemKind, LegalStatus, ListStatus, MinimumScope, PatentType, TradeMode
from auction.identifiers import parse_application_number
from auction.models import AuctionRules
from jbgs.choices import OrganizationKind
from jbgs.exceptions import DomainError


def normalize(item) -> None:
    """Write identifiers in their canonical form and fill what they imply (the patent type
    from the number's type digit), so every entry path stores the same thing."""
    if item.kind == ItemKind.PATENT:
        try:
            number = parse_application_number(item.application_number)
        except ValidationError:
            return
        item.application_number = str(number)
        item.patent_type = item.patent_type or number.patent_type
        return
    normalized = []
    for value in item.linked_patents:
        try:
            normalized.append(str(parse_application_number(value)))
        except ValidationError:
            normalized.append(value)
    item.linked_patents = normalized


class RuleContext:
    """What the rules need to know about other items. This one asks the database; the
    importer passes one that answers from what it loaded once for the whole file."""

    def holder_of(self, item, number: str):
        """Another item of the same campaign with this patent, or None."""
        from auction.models import Item

        return (
            Item.objects.filter(campaign_id=item.campaign_id, kind=ItemKind.PATENT, application_number=number)
            .exclude(pk=item.pk)
            .select_related("organization")
            .first()
        )

    def result_holder(self, item):
        """Another result of the same title in the item's list, or None."""
        from auction.models import Item

        if not item.submission_list_id:
            return None
        return (Item.objects.filter(submission_list_id=item.submission_list_id, kind=ItemKind.RESULT,
                                    title=item.title).exclude(pk=item.pk).first())


def item_errors(item, context: RuleContext | None = None) -> dict[str, list[ValidationError]]:
    """Everything wrong with one item under its campaign's rules, by field."""
    errors: dict[str, list] = defaultdict(list)
    if item.kind == ItemKind.PATENT:
        _patent_errors(item, errors, context or RuleContext())
    else:
        _result_errors(item, errors, context or RuleContext())
    if not item.trade_modes:
        errors["trade_modes"].append(ValidationError(_("Choose at least one trade mode."), code="required"))
    rules = AuctionRules.of(item.campaign)
    for mode in item.trade_modes:
        if mode in TradeMode.values and not rules.allows_trade_mode(mode):
            errors["trade_modes"].append(ValidationError(
                _("%(mode)s is not a trade mode of %(year)s; the year's are: %(modes)s."), code="trade_mode_year",
                params={"mode": TradeMode(mode).label, "year": item.campaign.year,
                        "modes": "、".join(rules.trade_mode_labels())}))
    if TradeMode.LICENSE_OPEN in item.trade_modes and not (item.open_license_fee and item.open_license_payment):
        errors["open_license_fee"].append(
            ValidationError(
                _("An open licence must state its fee standard and payment method."), code="open_license_terms"
            )
        )
    if item.programme_related and not (item.programme_level and item.programme_name):
        errors["programme_name"].append(
            ValidationError(_("Name the programme and its level (national or provincial)."), code="programme_name")
        )
    if item.field_id and item.field.year != item.campaign.year:
        errors["field"].append(ValidationError(_("Choose an industry field of this year."), code="field_year"))
    return dict(errors)


def _patent_errors(item, errors, context: RuleContext) -> None:
    campaign = item.campaign
    rules = AuctionRules.of(campaign)
    try:
        number = parse_application_number(item.application_number)
    except ValidationError as error:
        errors["application_number"].append(error)
        number = None
    if number is not None:
        if item.patent_type and item.patent_type != number.patent_type:
            errors["patent_type"].append(
                ValidationError(
                    _("The application number %(number)s is of a %(type)s."),
                    code="patent_type_mismatch",
                    params={"number": number, "type": PatentType(number.patent_type).label},
                )
            )
        duplicate = _duplicate(item, context.holder_of(item, str(number)))
        if duplicate is not None:
            errors["application_number"].append(duplicate)
    patent_type = item.patent_type or (number.patent_type if number else "")
    if rules.invention_only and patent_type and patent_type != PatentType.INVENTION:
        errors["patent_type"].append(
            ValidationError(
                _("In %(year)s only invention patents are accepted."), code="invention_only", params={"year": campaign.year}
            )
        )
    if item.legal_status != LegalStatus.VALID:
        errors["legal_status"].append(ValidationError(_("Only valid (granted, in force) patents are accepted."), code="not_valid"))
    if not item.grant_date:
        errors["grant_date"].append(ValidationError(_("Give the grant date."), code="required"))
    elif rules.patent_grant_cutoff and item.grant_date < rules.patent_grant_cutoff:
        errors["grant_date"].append(
            ValidationError(
                _("Granted on %(date)s: in %(year)s only patents granted on or after %(cutoff)s are accepted."),
                code="granted_too_early",
                params={"date": item.grant_date, "year": campaign.year, "cutoff": rules.patent_grant_cutoff},
            )
        )
    if item.grant_date and item.application_date and item.grant_date < item.application_date:
        errors["grant_date"].append(ValidationError(_("A patent cannot be granted before it was filed."), code="date_order"))


def _duplicate(item, other) -> ValidationError | None:
    if other is None:
        return None
    if other.submission_list_id == item.submission_list_id:
        return ValidationError(_("This patent is already in your list."), code="duplicate_in_list")
    # Which unit holds it is not said: another unit's unpublished list is its own business.
    return ValidationError(
        _("This patent is already in another unit's list of %(year)s; a patent is submitted by one unit only."),
        code="duplicate_in_campaign",
        params={"year": item.campaign.year},
    )


def _result_errors(item, errors, context: RuleContext) -> None:
    year = item.campaign.year
    if item.title and context.result_holder(item) is not None:
        errors["title"].append(ValidationError(_("A result of this name is already in your list."),
                                               code="duplicate_in_list"))
    if not item.result_year:
        errors["result_year"].append(ValidationError(_("Give the year the result was completed."), code="required"))
    elif not 1950 <= item.result_year <= year:
        errors["result_year"].append(
            ValidationError(_("The year must lie between 1950 and %(year)s."), code="invalid_year", params={"year": year})
        )
    if not item.result_category:
        errors["result_category"].append(ValidationError(_("Choose the result's category."), code="required"))
    for number in item.linked_patents:
        try:
            parse_application_number(number)
        except ValidationError as error:
            errors["linked_patents"].append(error)


def change_refusal(item) -> ValidationError | None:
    """Why the unit may no longer change or remove this item, or None: once the experts
    scored it, or it was selected or published, it is the platform's record."""
    if item.published_at:
        return ValidationError(_("This item is published: ask the platform to withdraw it first."),
                               code="item_published")
    if item.selected:
        return ValidationError(_("This item was selected as high-value and can no longer be changed."),
                               code="item_selected")
    if item.score_count:
        return ValidationError(_("Experts have scored this item: it can no longer be changed."), code="item_scored")
    return None


class DeadlinePassed(DomainError):
    code = "deadline_passed"
    status_code = 409


def deadline_refusal(submission_list, now=None) -> DeadlinePassed | None:
    """Why a list can no longer be filled in or handed in: after its deadline (the year's,
    or the day an administrator extended it to for this unit), a list never handed in is
    closed. A list returned for revision was handed in on time and may be corrected."""
    deadline = submission_list.deadline
    today = timezone.localdate(now or timezone.now())
    if submission_list.status != ListStatus.DRAFT or deadline is None or today <= deadline:
        return None
    return DeadlinePassed(_("Lists of %(year)s were due by %(date)s: this list can no longer be changed or handed "
                            "in. Ask the platform's administrator if your unit needs more time.")
                          % {"year": submission_list.campaign.year, "date": deadline.isoformat()})


def minimum_applies(campaign, organization) -> bool:
    """Does the year's per-unit minimum (and its programme and roadshow quotas) bind this unit?"""
    if organization.kind != OrganizationKind.UNDERGRADUATE_UNIVERSITY:
        return False
    rules = AuctionRules.of(campaign)
    if rules.minimum_in_jiangsu_only and organization.is_out_of_province:
        return False
    scope = rules.min_items_scope
    if scope == MinimumScope.UNDERGRADUATE:
        return True
    return scope == MinimumScope.MINISTRY_PROVINCIAL and organization.is_ministry_provincial


@dataclass
class Check:
    """One line of the compliance panel: a count against a bound."""

    code: str
    label: str
    count: int
    bound: int
    kind: str  # "min" or "max"

    @property
    def ok(self) -> bool:
        return self.count >= self.bound if self.kind == "min" else self.count <= self.bound


@dataclass
class Compliance:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


def list_compliance(submission_list, counts: dict[str, int]) -> Compliance:
    """The list against its year's bounds. `counts` has total, programme_related and
    roadshow (selectors.list_counts computes them in one query)."""
    campaign, org = submission_list.campaign, submission_list.organization
    rules = AuctionRules.of(campaign)
    checks = []
    if submission_list.max_items:
        checks.append(Check("max_items", _("Items (at most)"), counts["total"], submission_list.max_items, "max"))
    if minimum_applies(campaign, org):
        if rules.min_items_per_unit:
            checks.append(Check("min_items", _("Items (at least)"), counts["total"], rules.min_items_per_unit, "min"))
        if rules.programme_related_min:
            checks.append(
                Check("programme_related", _("Tied to national or provincial programmes"),
                      counts["programme_related"], rules.programme_related_min, "min")
            )
        if rules.roadshow_picks:
            checks.append(Check("roadshow", _("Picked for the roadshow"), counts["roadshow"], rules.roadshow_picks, "min"))
            checks.append(Check("roadshow_max", _("Picked for the roadshow (at most)"), counts["roadshow"],
                                rules.roadshow_picks, "max"))
    return Compliance(checks)
