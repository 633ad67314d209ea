"""Stable codes of the supply side. Codes are part of the API and the import templates."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemKind(models.TextChoices):
    PATENT = "patent", _("Patent")
    RESULT = "result", _("Research result")


class PatentType(models.TextChoices):
    INVENTION = "invention", _("Invention patent")
    UTILITY = "utility", _("Utility model")
    DESIGN = "design", _("Design patent")


# Type digit of a Chinese application number → patent type (8 and 9 are PCT entries).
PATENT_TYPE_BY_DIGIT = {
    "1": PatentType.INVENTION,
    "2": PatentType.UTILITY,
    "3": PatentType.DESIGN,
    "8": PatentType.INVENTION,
    "9": PatentType.UTILITY,
}


class LegalStatus(models.TextChoices):
    VALID = "valid", _("Valid (granted, in force)")
    PENDING = "pending", _("Under examination")
    LAPSED = "lapsed", _("Lapsed or invalid")


class Maturity(models.TextChoices):
    RESEARCH = "research", _("Under research")
    SAMPLE = "sample", _("Sample made")
    PILOT = "pilot", _("Small-scale trial passed")
    INTERMEDIATE = "intermediate", _("Pilot-scale trial passed")
    MASS_PRODUCTION = "mass_production", _("Ready for mass production")


class TradeMode(models.TextChoices):
    ASSIGNMENT = "assignment", _("Assignment")
    LICENSE_EXCLUSIVE = "license_exclusive", _("Exclusive licence")
    LICENSE_SOLE = "license_sole", _("Sole licence")
    LICENSE_ORDINARY = "license_ordinary", _("Ordinary licence")
    LICENSE_OPEN = "license_open", _("Open licence")
    EQUITY_CONTRIBUTION = "equity_contribution", _("Equity contribution")
    EQUITY_TRANSFER = "equity_transfer", _("Equity transfer")


class ProgrammeLevel(models.TextChoices):
    NATIONAL = "national", _("National science programme")
    PROVINCIAL = "provincial", _("Provincial science programme")


class ResultCategory(models.TextChoices):
    TECHNOLOGY = "technology", _("New technology or process")
    PRODUCT = "product", _("New product or device")
    MATERIAL = "material", _("New material")
    VARIETY = "variety", _("New variety")
    SOFTWARE = "software", _("Software or system")
    OTHER = "other", _("Other")


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", pgettext_lazy("list status", "Accepted")
    RETURNED = "returned", _("Returned for revision")


LIST_TRANSITIONS = {
    ListStatus.DRAFT: {ListStatus.SUBMITTED},
    ListStatus.SUBMITTED: {ListStatus.ACCEPTED, ListStatus.RETURNED},
    ListStatus.RETURNED: {ListStatus.SUBMITTED},
    ListStatus.ACCEPTED: {ListStatus.RETURNED},
}
# Lists whose items the unit may change.
EDITABLE_LIST_STATES = {ListStatus.DRAFT, ListStatus.RETURNED}


class ItemReview(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", pgettext_lazy("list status", "Accepted")
    RETURNED = "returned", _("Returned")


class Column(models.TextChoices):
    """Special columns (专栏) of the catalogue, besides the industry fields."""

    CARBON = "carbon", _("Carbon peak and neutrality")
    OUT_OF_PROVINCE_MILLION = "out_of_province_million", _("Out-of-province results of a million yuan and more")
