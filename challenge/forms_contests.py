"""The contests' forms (竞榜): an administrator's contest, an expert's marks, an institution's
note. They parse what people type; the services check the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from challenge.services.contest_reviews import MAX_COMMENT, MAX_NOTE
from jbgs.forms import LooseDateField
from jbgs.models import IndustryField


class ContestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    session_label = forms.CharField(label=_("Industry session"), max_length=200, required=False,
                                    help_text=_("The session the contest belongs to, as it is called (新能源产业专场)."))
    field = forms.ModelChoiceField(label=_("Industry field"), queryset=IndustryField.objects.none(), required=False,
                                   empty_label=_("Every field"))
    held_on = LooseDateField(label=_("Date"))
    venue = forms.CharField(label=_("Venue"), max_length=200)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = IndustryField.objects.filter(year=campaign.year)


class ScoreForm(forms.Form):
    """A mark (0–100) for every one of the year's contest criteria, and a comment."""

    comment = forms.CharField(label=_("Comment and advice for the pair"), max_length=MAX_COMMENT, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion['code']}"] = forms.DecimalField(
                label=criterion["label"], min_value=0, max_value=100, decimal_places=2,
                error_messages={"required": _("Mark every criterion.")},
                widget=forms.NumberInput(attrs={"data-weight": criterion["weight"] / 100, "step": "0.5"}))
        self.order_fields([*(f"score_{c['code']}" for c in criteria), "comment"])

    def marks(self) -> dict:
        return {c["code"]: self.cleaned_data[f"score_{c['code']}"] for c in self.criteria}

    def marked(self):
        """The criteria's fields, each with its criterion, for the template."""
        return [(criterion, self[f"score_{criterion['code']}"]) for criterion in self.criteria]


class InterestForm(forms.Form):
    note = forms.CharField(label=_("What your institution has in mind"), max_length=MAX_NOTE, required=False,
                           help_text=_("A loan, an investment, a guarantee… No commitment: the disclaimer says so."))
