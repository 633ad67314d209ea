"""The stock-patent inventory's forms: they parse what a person typed; the services check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from transformation.choices import EvaluatorKind, StockPool

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
