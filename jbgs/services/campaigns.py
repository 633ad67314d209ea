"""Campaign years and their rules, stages and industry fields, kept as data."""

from django.db import transaction
from django.utils.translation import gettext as _

from jbgs import access
from jbgs.choices import STAGES_BY_KIND, AuditAction
from jbgs.exceptions import DomainError, NotAllowed
from jbgs.locking import lock
from jbgs.models import CAMPAIGN_FIELDS, Campaign, CampaignStage, IndustryField
from jbgs.rules import rules_sections, shift_date
from jbgs.services.audit import audit, changed_fields, snapshot


def save_campaign(*, actor, campaign: Campaign, stages: list[dict], rules=()) -> Campaign:
    """Create or change a campaign year with its stage dates and its apps' rules (`rules`:
    instances of registered rules sections' models; a section of the campaign's kind that is
    not given keeps what it has, or its defaults for a new year). Every changed rule is
    audited with its old and new value: these figures decide what units may submit.

    Locks the campaign row, so two administrators' edits are audited one after the other."""
    if not access.can_edit_campaigns(actor):
        raise NotAllowed()
    sections = rules_sections(campaign.kind)
    given = {type(r): r for r in rules}
    with transaction.atomic():
        creating = campaign.pk is None
        before = {} if creating else _rules_snapshot(
            lock(Campaign.objects, pk=campaign.pk), sections)
        campaign.full_clean()
        campaign.save()
        kept = []
        for section in sections:
            section_rules = given.get(section.model) or section.of(campaign)
            section_rules.campaign = campaign
            section_rules.full_clean()
            section_rules.save()
            kept.append((section, section_rules))
        stage_changes = _save_stages(campaign, stages)
        if creating:
            audit(campaign, AuditAction.CAMPAIGN_CREATED, actor=actor, data={"year": campaign.year, "kind": campaign.kind})
            return campaign
        diff = changed_fields(campaign, before, CAMPAIGN_FIELDS)
        for section, section_rules in kept:
            diff.update(changed_fields(section_rules, before, section.fields))
        if diff or stage_changes:
            audit(campaign, AuditAction.CAMPAIGN_UPDATED, actor=actor, data={"changes": diff, "stages": stage_changes})
    return campaign


def _rules_snapshot(campaign: Campaign, sections) -> dict:
    """The campaign's fields and its apps' rules as stored, by field name."""
    values = snapshot(campaign, CAMPAIGN_FIELDS)
    for section in sections:
        values.update(snapshot(section.of(campaign), section.fields))
    return values


def _save_stages(campaign: Campaign, stages: list[dict]) -> dict:
    allowed = STAGES_BY_KIND[campaign.kind]
    existing = {s.code: s for s in campaign.stages.all()}
    changes = {}
    for row in stages:
        if row["code"] not in allowed:
            raise DomainError(code="invalid_stage", field="stages")
        stage = existing.pop(row["code"], None) or CampaignStage(
            campaign=campaign, code=row["code"]
        )
        before = (stage.starts_on, stage.ends_on, stage.ongoing)
        stage.starts_on, stage.ends_on, stage.ongoing = (
            row.get("starts_on"),
            row.get("ends_on"),
            row.get("ongoing", False),
        )
        stage.full_clean()
        stage.save()
        if before != (stage.starts_on, stage.ends_on, stage.ongoing):
            changes[stage.code] = [str(v) if v else None for v in (stage.starts_on, stage.ends_on)]
    return changes


def copy_campaign(*, actor, source: Campaign, year: int, title: str) -> Campaign:
    """Start a new year from an earlier one: same rules, dates moved to the new year.
    The administrator then edits what the new year's notice changes."""
    if not access.can_edit_campaigns(actor):
        raise NotAllowed()
    if Campaign.objects.filter(year=year, kind=source.kind).exists():
        raise DomainError(
            _("There is already a campaign of this kind for %(year)s.") % {"year": year},
            code="campaign_exists",
            field="year",
        )
    years = year - source.year
    campaign = Campaign(year=year, kind=source.kind, title=title)
    for field in CAMPAIGN_FIELDS:
        if field != "title":
            setattr(campaign, field, getattr(source, field))
    for field in ("starts_on", "ends_on", "submission_deadline"):
        setattr(campaign, field, shift_date(getattr(campaign, field), years))
    campaign.source = ""
    stages = [
        {
            "code": s.code,
            "starts_on": shift_date(s.starts_on, years),
            "ends_on": shift_date(s.ends_on, years),
            "ongoing": s.ongoing,
        }
        for s in source.stages.all()
    ]
    rules = [section.copy_for(source, years) for section in rules_sections(source.kind)]
    with transaction.atomic():
        campaign = save_campaign(actor=actor, campaign=campaign, stages=stages, rules=rules)
        copy_industry_fields(actor=actor, from_year=source.year, to_year=year)
    return campaign


def copy_industry_fields(*, actor, from_year: int, to_year: int) -> int:
    """Give a new year the previous year's industry fields, unless it has its own."""
    if IndustryField.objects.filter(year=to_year).exists():
        return 0
    rows = [
        IndustryField(year=to_year, code=f.code, name=f.name, position=f.position)
        for f in IndustryField.objects.filter(year=from_year)
    ]
    IndustryField.objects.bulk_create(rows)
    if rows:
        audit(
            None,
            AuditAction.INDUSTRY_FIELDS_COPIED,
            actor=actor,
            data={"from": from_year, "to": to_year, "count": len(rows)},
        )
    return len(rows)


def save_industry_field(*, actor, field: IndustryField) -> IndustryField:
    if not access.can_edit_campaigns(actor):
        raise NotAllowed()
    with transaction.atomic():
        creating = field.pk is None
        field.full_clean()
        field.save()
        audit(
            field,
            AuditAction.INDUSTRY_FIELD_CREATED if creating else AuditAction.INDUSTRY_FIELD_UPDATED,
            actor=actor,
            data={"year": field.year, "code": field.code, "name": field.name},
        )
    return field
