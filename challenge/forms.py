"""The demand side's forms: the year's rules on the campaign page, the enterprise's demand,
an expert's diagnosis. They parse what people type (jbgs.parsing); the services check the rest."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from challenge.choices import (
    HIDDEN_BY_DEFAULT,
    CooperationMode,
    HideableField,
    Verdict,
)
from challenge.models import CHALLENGE_RULE_FIELDS, ChallengeRules, Demand
from jbgs.forms import LooseDateField
from jbgs.models import IndustryField, Region
from jbgs.parsing import TYPED_UNIT, parse_amount


class CriteriaField(forms.CharField):
    """Diagnosis criteria as lines of `code label weight` (completeness 完整性 25)."""

    widget = forms.Textarea(attrs={"rows": 5, "class": "font-monospace"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{c['code']} {c['label']} {c['weight']}" for c in value)
        return value

    def to_python(self, value):
        criteria = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 3 or not parts[-1].isdigit():
                raise ValidationError(_("Line %(n)s: write the code, the label and a whole weight."), params={"n": number})
            criteria.append({"code": parts[0], "label": " ".join(parts[1:-1]), "weight": int(parts[-1])})
        return criteria


class AwardCategoriesField(forms.CharField):
    """Award categories as lines of `code name` (project 年度优秀技术转移合作项目)."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "font-monospace"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{c['code']} {c['label']}" for c in value)
        return value

    def to_python(self, value):
        categories = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            parts = line.split(maxsplit=1)
            if not parts:
                continue
            if len(parts) < 2:
                raise ValidationError(_("Line %(n)s: write the code, then the name."), params={"n": number})
            categories.append({"code": parts[0], "label": parts[1].strip()})
        return categories


class ChallengeRulesForm(forms.ModelForm):
    """The demand side's rules of a year, on the campaign's edit page (a jbgs.rules section)."""

    diagnosis_criteria = CriteriaField(label=_("Diagnosis criteria"), help_text=_(
        "One per line: code, label, weight; the weights add up to 100."))
    contest_criteria = CriteriaField(label=_("Contest criteria"), help_text=_(
        "How the experts mark each pair at a contest. One per line: code, label, weight; the weights add up to 100."))
    award_categories = AwardCategoriesField(label=_("Award categories"), help_text=_(
        "The year's special awards (奖榜). One per line: code, name."))

    class Meta:
        model = ChallengeRules
        fields = list(CHALLENGE_RULE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False  # left empty, a rule keeps the year's value (the defaults, for a new year)

    def clean(self):
        cleaned = super().clean()
        for name in CHALLENGE_RULE_FIELDS:
            if cleaned.get(name) in (None, "", []):
                cleaned[name] = getattr(self.instance, name)
        return cleaned


class DemandForm(forms.ModelForm):
    """An enterprise's demand, with its technical targets as rows (targets-N-indicator…)."""

    amount = forms.CharField(label=_("Intended investment (10,000 yuan)"), required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                             help_text=_("As 50, 50万 or 500000元; a number alone is in 10,000 yuan."))
    cooperation_modes = forms.MultipleChoiceField(
        label=_("Cooperation modes"), choices=CooperationMode.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one cooperation mode.")})
    valid_until = LooseDateField(label=_("Valid until"), error_messages={
        "required": _("Give the date until which the demand is valid.")})
    hidden_fields = forms.MultipleChoiceField(
        label=_("Hide on publication"), choices=HideableField.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text=_("What the public must not see; the market and the solvers you allow still do."))

    class Meta:
        model = Demand
        fields = ["title", "field", "sub_field", "description", "expected_outcome", "amount", "cooperation_modes",
                  "valid_until", "region", "contact_name", "contact_phone", "contact_email",
                  "hidden_fields"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}),
                   "expected_outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = IndustryField.objects.filter(year=campaign.year)
        self.fields["region"].queryset = Region.objects.filter(in_jiangsu=True).order_by("code")
        # "Hide the contact phone", not "Contact phone" twice on the page (the field and its box).
        self.fields["hidden_fields"].choices = [(code, _("Hide: %(field)s") % {"field": label})
                                                for code, label in HideableField.choices]
        if not self.instance.pk:
            self.initial.setdefault("hidden_fields", list(HIDDEN_BY_DEFAULT))
        if self.instance.pk and self.instance.amount is not None:
            self.initial["amount"] = f"{(self.instance.amount / 10000).normalize():f}"

    def clean_amount(self):
        amount = parse_amount(self.cleaned_data.get("amount"), unit=TYPED_UNIT)
        if amount is None:
            raise ValidationError(_("Give the intended investment: every demand states it."))
        return amount

    def targets(self) -> list[dict]:
        """The target rows as typed (targets-0-indicator, -value, -unit, -hidden)."""
        rows, data = [], self.data
        for index in range(20 + 1):
            prefix = f"targets-{index}-"
            if not any(f"{prefix}{name}" in data for name in ("indicator", "value", "unit")):
                continue
            rows.append({"indicator": data.get(f"{prefix}indicator", ""), "value": data.get(f"{prefix}value", ""),
                         "unit": data.get(f"{prefix}unit", ""), "hidden": bool(data.get(f"{prefix}hidden"))})
        return rows


class DemandSearchForm(forms.Form):
    """The public search's words and field, checked like any form (a NUL or a 10,000-character
    query is dropped, not sent to the database)."""

    q = forms.CharField(required=False, max_length=100)
    field = forms.SlugField(required=False, max_length=40)

    def terms(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["q"], self.cleaned_data["field"]


class DiagnosisForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment for the enterprise"), widget=forms.Textarea(attrs={"rows": 4}),
                              required=False, max_length=2000)

    def __init__(self, *args, criteria: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion['code']}"] = forms.DecimalField(
                label=criterion["label"], min_value=0, max_value=100, decimal_places=2, required=False,
                widget=forms.NumberInput(attrs={"data-weight": criterion["weight"] / 100, "step": "0.5"}))

    def scores(self) -> dict:
        marks = {c["code"]: self.cleaned_data.get(f"score_{c['code']}") for c in self.criteria}
        return {} if all(mark is None for mark in marks.values()) else marks
