"""What an application says, fixed at submission: the figures its eligibility reads (by
direction), and the content as one canonical JSON whose SHA-256 digest the 申报书 PDF prints.
The same content always gives the same digest; any change of it, another one. Reads only."""

import hashlib
import json
from decimal import Decimal

from auction import selectors as auction_selectors
from transformation import eligibility, selectors
from transformation.choices import Direction, Figure
from transformation.models import ProjectApplication

WAN = Decimal("10000")
DECLARED = (Figure.CHAIN_LOCATION, Figure.CHAIN_ENTERPRISES, Figure.IP_BODY)  # the industry direction's


def _plain(value):
    """A figure as the canonical JSON writes it: booleans and None as they are, numbers as
    their shortest decimal text (150 and 150.00 are the same figure)."""
    if value is None or isinstance(value, bool):
        return value
    number = Decimal(str(value)).normalize()
    return f"{number:f}"


def eligible_deals(organization, year: int):
    """The deals a seller may apply for a campaign-deal call of `year` with: its registered contracts."""
    return auction_selectors.seller_registered_deals(organization.pk, year)


def figures_of(application: ProjectApplication) -> tuple[dict, dict]:
    """The figures eligibility reads for the application now, and what they come from: the
    university direction's three-year averages (transformation.selectors.call_figures), the
    industry direction's declared facts, a campaign deal's amount (万元)."""
    call = application.call
    if call.direction == Direction.UNIVERSITY:
        averages = selectors.call_figures(application.organization, call.year)
        return dict(averages.figures), {"years": averages.years, "missing": averages.missing}
    if call.direction == Direction.INDUSTRY:
        return {code: application.declared.get(code) for code in DECLARED}, {}
    deal = application.deal
    amount = (deal.contract_amount / WAN) if deal is not None and deal.contract_amount is not None else None
    return {Figure.DEAL_AMOUNT: amount}, {}


def precheck(application: ProjectApplication) -> tuple[dict, eligibility.Verdict]:
    figures, _source = figures_of(application)
    return figures, eligibility.check(application.call, figures)


def build_content(application: ProjectApplication, figures: dict, source: dict | None = None) -> dict:
    call, organization, deal = application.call, application.organization, application.deal
    city = application.city
    return {
        "call": {"code": call.code, "year": call.year, "direction": call.direction, "title": call.title},
        "applicant": {"name": organization.name, "credit_code": organization.credit_code,
                      "city": city.name if city else ""},
        "title": application.title.strip(),
        "plan": application.plan.strip(),
        "targets": application.targets.strip(),
        "liaison": {"name": application.liaison_name.strip(), "phone": application.liaison_phone.strip()},
        "figures": {str(code): _plain(value) for code, value in figures.items()},
        "figures_years": (source or {}).get("years", []),
        "deal": None if deal is None else {
            "number": deal.number, "title": deal.title, "buyer": deal.buyer.name,
            "amount": _plain(deal.contract_amount), "signed_on": deal.contract_signed_on.isoformat()
            if deal.contract_signed_on else None},
    }


def canonical(content: dict) -> str:
    """One text for one content: keys sorted, no spaces, Chinese as it is."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest_of(content: dict) -> str:
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def current_content(application: ProjectApplication) -> tuple[dict, str]:
    """The content the application would be submitted with now, and its digest (for a draft's
    preview); a submitted application's is its stored one."""
    if application.digest:
        return application.content, application.digest
    figures, source = figures_of(application)
    content = build_content(application, figures, source)
    return content, digest_of(content)


def digest_matches(application: ProjectApplication, digest: str) -> bool:
    """Whether a digest read off a printed 申报书 is the stored application's (case and spaces
    ignored): the printed copy equals the online one."""
    typed = "".join(str(digest or "").split()).lower()
    return bool(application.digest) and typed == application.digest


def verdict_detail(verdict: eligibility.Verdict) -> list[dict]:
    """The verdict as stored with a submitted application: its numbers as decimal text."""
    return [{**rule, "conditions": [{**condition, "actual": _plain(condition["actual"]),
                                     "value": _plain(condition.get("value"))} for condition in rule["conditions"]]}
            for rule in verdict.as_detail()]
