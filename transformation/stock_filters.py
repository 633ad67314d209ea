"""Which of an institution's stock patents a bulk action takes, said as a filter: "every
patent in field X, sub-field Y, at stage Z, not yet evaluated by a reviewer, not yet given to
one". The dashboard's form builds it; services.stock.assign_reviewer_many applies it. And the
choices the inventory's bulk forms offer (fields, institutions)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from jbgs.choices import OrganizationStatus
from jbgs.models import IndustryField, Organization
from transformation.access import INSTITUTION_KINDS
from transformation.choices import EvaluatorKind
from transformation.models import StockEvaluation, StockPatent


@dataclass(frozen=True)
class StockFilter:
    field: int | None = None  # an IndustryField's id
    sub_field: str = ""
    stage: str = ""
    without_review: bool = False  # no enterprise or third-party evaluation yet
    without_reviewer: bool = False  # not given to any reviewer yet

    def apply(self, patents: QuerySet[StockPatent]) -> QuerySet[StockPatent]:
        if self.field is not None:
            patents = patents.filter(field=self.field)
        if self.sub_field:
            patents = patents.filter(sub_field=self.sub_field)
        if self.stage:
            patents = patents.filter(stage=self.stage)
        if self.without_review:
            reviewed = StockEvaluation.objects.filter(patent=OuterRef("pk"), kind=EvaluatorKind.THIRD_PARTY)
            patents = patents.filter(~Exists(reviewed))
        if self.without_reviewer:
            patents = patents.filter(reviewer=None)
        return patents


def field_choices() -> QuerySet[IndustryField]:
    """The latest year's industry fields, in one statement (a patent is filed under one of them)."""
    latest = IndustryField.objects.order_by("-year").values("year")[:1]
    return IndustryField.objects.filter(year=Subquery(latest)).order_by("position", "code")


def institutions() -> QuerySet[Organization]:
    """The active universities and institutes an administrator may import a stock for."""
    return Organization.objects.filter(kind__in=INSTITUTION_KINDS, status=OrganizationStatus.ACTIVE).order_by("name")
