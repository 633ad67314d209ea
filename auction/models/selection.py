from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The four criteria of the documents: 技术先进性, 可实施性, 市场应用前景, 法律保护性.
CRITERIA = ("advancement", "feasibility", "market", "legal")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean of the experts' totals")
    TRIMMED_MEAN = "trimmed_mean", _("Mean without the highest and lowest total")


class ScoringScheme(models.Model):
    """How a year's experts score (scale and weights) and how scores become a ranking."""

    campaign = models.OneToOneField("jbgs.Campaign", models.CASCADE, related_name="scoring_scheme")
    scale_max = models.PositiveSmallIntegerField(
        _("top of the scale"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    weight_advancement = models.DecimalField(_("weight: technical advancement"), max_digits=4, decimal_places=2, default=Decimal("0.30"))
    weight_feasibility = models.DecimalField(_("weight: feasibility"), max_digits=4, decimal_places=2, default=Decimal("0.25"))
    weight_market = models.DecimalField(_("weight: market prospects"), max_digits=4, decimal_places=2, default=Decimal("0.30"))
    weight_legal = models.DecimalField(_("weight: legal protection"), max_digits=4, decimal_places=2, default=Decimal("0.15"))
    aggregation = models.CharField(_("aggregation"), max_length=20, choices=Aggregation.choices, default=Aggregation.MEAN)
    experts_per_item = models.PositiveSmallIntegerField(_("experts per item"), default=3)

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")

    def __str__(self):
        return str(self.campaign)

    def clean(self):
        total = sum(self.weights().values())
        if total != Decimal("1.00"):
            raise ValidationError(
                _("The four weights must add up to 1 (they add up to %(total)s)."), params={"total": total}
            )

    def weights(self) -> dict[str, Decimal]:
        return {name: getattr(self, f"weight_{name}") for name in CRITERIA}

    def total(self, marks: dict[str, Decimal]) -> Decimal:
        """The weighted total of one expert's marks, on a 0–100 scale."""
        weighted = sum(marks[name] * weight for name, weight in self.weights().items())
        return (weighted * 100 / self.scale_max).quantize(Decimal("0.01"))


class Panel(models.Model):
    """A group of experts (technical, patent-operation, investment) for one industry field."""

    campaign = models.ForeignKey("jbgs.Campaign", models.CASCADE, related_name="panels")
    field = models.ForeignKey("jbgs.IndustryField", models.PROTECT, related_name="+", verbose_name=_("industry field"))
    name = models.CharField(_("name"), max_length=200)
    experts = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="panels", verbose_name=_("experts"))

    class Meta:
        ordering = ["field__position", "name"]
        verbose_name = _("expert panel")
        verbose_name_plural = _("expert panels")

    def __str__(self):
        return self.name


class Assignment(models.Model):
    """An item given to an expert to score."""

    item = models.ForeignKey("auction.Item", models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="assignments")
    panel = models.ForeignKey(Panel, models.SET_NULL, null=True, blank=True, related_name="assignments")
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        ordering = ["assigned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "expert"], name="one_assignment_per_expert")]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.item} → {self.expert}"


class Score(models.Model):
    """One expert's marks on one item. Never shown to the item's unit or the public."""

    assignment = models.OneToOneField(Assignment, models.CASCADE, related_name="score")
    advancement = models.DecimalField(_("technical advancement"), max_digits=5, decimal_places=2)
    feasibility = models.DecimalField(_("feasibility"), max_digits=5, decimal_places=2)
    market = models.DecimalField(_("market prospects"), max_digits=5, decimal_places=2)
    legal = models.DecimalField(_("legal protection"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self):
        return f"{self.assignment}: {self.total}"

    def marks(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name in CRITERIA}
