"""An institution's figures for a year (知识产权管理人员, 专利授权量, 转化实施专利): entered or
imported by the institution, read by the calls' eligibility and cross-checked with the contracts
the platform registered."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from transformation.choices import FiguresSource

ZERO = Decimal("0")


def _count(label):
    return models.PositiveIntegerField(label, default=0)


def _amount(label):
    return models.DecimalField(label, max_digits=16, decimal_places=2, default=ZERO,
                               validators=[MinValueValidator(ZERO)])


class InstitutionFigures(models.Model):
    organization = models.ForeignKey("jbgs.Organization", models.CASCADE, related_name="transformation_figures",
                                     verbose_name=_("institution"))
    year = models.PositiveSmallIntegerField(_("year"))
    ip_staff = _count(_("IP management staff"))
    ip_staff_full_time = _count(_("of whom full-time on patent transformation"))
    patents_granted = _count(_("patents granted"))
    invention_patents_granted = _count(_("invention patents granted"))
    transformed_by_assignment = _count(_("patents transformed by assignment"))
    transformed_by_licence = _count(_("patents transformed by licence"))
    transformed_by_equity = _count(_("patents transformed by equity"))
    amount_by_assignment = _amount(_("amount of assignments (yuan)"))
    amount_by_licence = _amount(_("amount of licences (yuan)"))
    amount_by_equity = _amount(_("amount of equity (yuan)"))
    source = models.CharField(_("source"), max_length=10, choices=FiguresSource.choices,
                              default=FiguresSource.ENTERED)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="figures_once_a_year"),
            models.CheckConstraint(condition=models.Q(ip_staff_full_time__lte=models.F("ip_staff")),
                                   name="full_time_staff_within_staff"),
            models.CheckConstraint(condition=models.Q(invention_patents_granted__lte=models.F("patents_granted")),
                                   name="invention_grants_within_grants"),
        ]
        verbose_name = _("institution figures")
        verbose_name_plural = _("institution figures")

    def __str__(self):
        return f"{self.organization} {self.year}"

    @property
    def transformed(self) -> int:
        return self.transformed_by_assignment + self.transformed_by_licence + self.transformed_by_equity

    @property
    def transformed_amount(self) -> Decimal:
        return self.amount_by_assignment + self.amount_by_licence + self.amount_by_equity
