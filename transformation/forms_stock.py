"""The stock-patent inventory's forms: they parse what a person typed; the services check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from transformation.choices import EvaluatorKind, StockPool, StockStage
from transformation.stock_filters import StockFilter

SCORES = [(str(n), str(n)) for n in range(1, 6)]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class EvaluationForm(forms.Form):
    kind = forms.ChoiceField(label=_("evaluator"), choices=EvaluatorKind.choices, widget=forms.HiddenInput)
    maturity = forms.ChoiceField(label=_("technology maturity"), choices=SCORES)
    market = forms.ChoiceField(label=_("market potential"), choices=SCORES)
    value = forms.ChoiceField(label=_("economic value"), choices=SCORES)
    recommended = forms.ChoiceField(label=_("recommended for transformation"), choices=YES_NO)
    evaluator_name = forms.CharField(label=_("evaluated by"), max_length=100, required=False)
    comment = forms.CharField(label=_("comment"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kind: str, evaluation=None, **kwargs):
        initial = {"kind": kind}
        if evaluation is not None:
            initial.update({name: str(getattr(evaluation, name)) for name in ("maturity", "market", "value")})
            initial.update(recommended="yes" if evaluation.recommended else "no", comment=evaluation.comment,
                           evaluator_name=evaluation.evaluator_name)
        super().__init__(*args, initial=initial, prefix=kind, **kwargs)
        self.kind, self.title = kind, EvaluatorKind(kind).label


class ScreenForm(forms.Form):
    selected = forms.ChoiceField(label=_("high market potential and value"), choices=YES_NO)
    note = forms.CharField(label=_("screening note"), max_length=500, required=False)


class RegisterForm(forms.Form):
    pool = forms.ChoiceField(label=_("resource pool"), choices=StockPool.choices)
    open_licence_fee = forms.CharField(label=_("open licence fee standard"), max_length=300, required=False)
    open_licence_payment = forms.CharField(label=_("open licence payment method"), max_length=300, required=False)


class ReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("reviewer"), queryset=None, required=False,
                                      empty_label=_("(none)"))

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class MatchForm(forms.Form):
    organizations = forms.TypedMultipleChoiceField(label=_("enterprises"), coerce=int, choices=(),
                                                   widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("reason"), max_length=300)

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].choices = [(unit.pk, unit.name) for unit in suggestions]


class PatentIdsField(forms.Field):
    """The ticked patents of the dashboard's list: their ids (checkboxes named `patents`)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, (list, tuple)) else ([value] if value else [])
        if any(not (str(v).isascii() and str(v).isdigit()) or int(v) >= 2**63 for v in values):
            raise forms.ValidationError(_("Tick patents of the list."), code="invalid")
        return [int(v) for v in values]


class ReviewerManyForm(forms.Form):
    """Give many patents to one reviewer: the ticked ones, or every one matching the filter."""

    TICKED, MATCHING = "ticked", "matching"
    reviewer = forms.ModelChoiceField(label=_("reviewer"), queryset=None)
    which = forms.ChoiceField(choices=[(TICKED, _("the ticked patents")), (MATCHING, _("every patent matching"))],
                              initial=TICKED, widget=forms.HiddenInput)
    patents = PatentIdsField(required=False)
    field = forms.ModelChoiceField(label=_("industry field"), queryset=None, required=False, empty_label=_("any"))
    sub_field = forms.CharField(label=_("sub-field"), max_length=50, required=False)
    stage = forms.ChoiceField(label=_("stage"), required=False)
    without_review = forms.BooleanField(label=_("not yet evaluated by a reviewer"), required=False)
    without_reviewer = forms.BooleanField(label=_("not yet given to a reviewer"), required=False)

    def __init__(self, *args, reviewers, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["field"].queryset = fields
        self.fields["stage"].choices = [("", _("any")), *[(value, label) for value, label in StockStage.choices
                                                          if value != StockStage.MATCHED]]
        for name in ("reviewer", "field", "stage"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["sub_field"].widget.attrs["class"] = "form-control form-control-sm"
        for name in ("without_review", "without_reviewer"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def chosen(self) -> dict:
        """The service's arguments: the ticked ids, or the filter."""
        data = self.cleaned_data
        if data["which"] == self.TICKED:
            return {"patent_ids": data["patents"]}
        return {"matching": StockFilter(field=data["field"].pk if data["field"] else None,
                                        sub_field=data["sub_field"].strip(), stage=data["stage"],
                                        without_review=data["without_review"],
                                        without_reviewer=data["without_reviewer"])}
