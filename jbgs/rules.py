"""Per-year rules that an app keeps for one kind of campaign, registered in its
AppConfig.ready().

The kernel's Campaign holds what every campaign shares: year, kind, title, dates, stages,
the submission deadline and the deal-support threshold. What only one kind needs (the
auction's grant cutoff and bidding hours, the demand side's diagnosis criteria, the
sessions' target templates) lives in the app that applies it, as a model one-to-one with
Campaign. The app registers a RulesSection, and the campaign's page, its form, the API, the
audit of changes and the copy to a new year carry the section without the kernel knowing
its fields.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class RulesSection:
    kind: str  # the CampaignKind the rules belong to
    model: type[models.Model]  # primary key `campaign`, a OneToOneField to jbgs.Campaign
    fields: tuple[str, ...]  # what an administrator edits, in the form's and the API's order
    form: str  # dotted path of a ModelForm of `fields`, shown on the campaign's edit page
    form_template: str  # the section's cards on that page, given `form`
    detail_template: str  # the section's lines in the campaign page's rules, given `rules`
    serializer: str  # dotted path of a ModelSerializer of `fields`, merged into /api/v1/campaigns/
    shift_with_year: tuple[str, ...] = ()  # dates moved to the new year when a year is copied

    # Imported when first used, not in ready(): a worker that never shows a form or answers
    # the API does not load them.
    @property
    def form_class(self) -> type:
        return import_string(self.form)

    @property
    def serializer_class(self) -> type:
        return import_string(self.serializer)

    @property
    def accessor(self) -> str:
        """The name the rules are reached by from a campaign (the one-to-one's related name)."""
        return self.model._meta.get_field("campaign").remote_field.get_accessor_name()

    def of(self, campaign) -> models.Model:
        """The campaign's rules; for a campaign that has none stored yet, the defaults."""
        return stored_or_default(self.model, campaign)

    def copy_for(self, source, years: int) -> models.Model:
        """The source campaign's rules for a year `years` later (not saved)."""
        rules = self.of(source)
        copy = self.model(**{name: getattr(rules, name) for name in self.fields})
        for name in self.shift_with_year:
            setattr(copy, name, shift_date(getattr(copy, name), years))
        return copy


_SECTIONS: list[RulesSection] = []


def register_rules_section(section: RulesSection) -> None:
    """Add an app's section. Its fields sit beside the campaign's and every other section's
    on the edit page and in the API, by name: a name already taken is refused."""
    if any(s.model is section.model for s in _SECTIONS):
        return  # ready() may run twice in tests
    from jbgs.models import CAMPAIGN_FIELDS

    taken = {*CAMPAIGN_FIELDS, "year", "kind", "stages", *(name for s in _SECTIONS for name in s.fields)}
    clash = taken.intersection(section.fields)
    if clash:
        raise ImproperlyConfigured(f"{section.model.__name__} repeats the campaign's field names {sorted(clash)}")
    _SECTIONS.append(section)


def stored_or_default(model: type[models.Model], campaign) -> models.Model:
    """A campaign's row of a rules model (one-to-one, primary key `campaign`); for a campaign
    that has none stored yet, an unsaved row of the model's defaults."""
    try:
        return getattr(campaign, model._meta.get_field("campaign").remote_field.get_accessor_name())
    except ObjectDoesNotExist:
        return model(campaign=campaign) if campaign.pk else model()


def rules_sections(kind: str | None = None) -> list[RulesSection]:
    """The registered sections, or those of one campaign kind, in registration order."""
    return [s for s in _SECTIONS if kind is None or s.kind == kind]


def shift_date(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
