"""The administrators' form of a project call: its fields, its rules and its performance targets
as the editor's text (one line per rule or target). It checks nothing the service does not (transformation.services.calls
names every wrong field and line); the fields fixed by the call's applications are shown
disabled."""

from django import forms
from django.utils.translation import gettext_lazy as _

from transformation.choices import Direction
from transformation.models import Call
from transformation.services import calls as services


def _text(name: str, max_length: int = 200, **options) -> forms.CharField:
    return forms.CharField(label=Call._meta.get_field(name).verbose_name, required=False, max_length=max_length,
                           **options)


class CallForm(forms.Form):
    code = _text("code", help_text=_("Stable: the API and the applications name the call by it."))
    year = _text("year", 10, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    direction = forms.ChoiceField(label=_("Direction"), choices=[("", "—"), *Direction.choices], required=False)
    title = _text("title", 400)
    opens_on = _text("opens_on", 40, widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = _text("closes_on", 40, widget=forms.DateInput(attrs={"type": "date"}))
    city_cap = _text("city_cap", 10, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                     help_text=_("Empty when the call sets no cap."))
    guide = _text("guide", 10000, widget=forms.Textarea(attrs={"rows": 3}))
    rules = forms.CharField(
        label=_("Eligibility rules"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace", "spellcheck": "false", "wrap": "off"}),
        help_text=_("One rule a line: code | label | conditions. A rule is met when any of its conditions holds, "
                    "joined by “or”: grants_avg > 150 or invention_grants_avg > 50. Lines starting with # are "
                    "skipped."))
    targets = forms.CharField(
        label=_("Performance targets of the funded projects"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace", "spellcheck": "false", "wrap": "off"}),
        help_text=_("One target a line, written as the rules, reading a funded project's measures of a year: "
                    "taken_up_patents >= 100 or taken_up_amount > 1000."))

    def __init__(self, *args, call: Call | None = None, fixed: tuple[str, ...] = (), **kwargs):
        if call is not None:
            values = services.values_of(call)
            kwargs.setdefault("initial", {**values, "city_cap": "" if call.city_cap is None else call.city_cap,
                                          "opens_on": values["opens_on"].isoformat(),
                                          "closes_on": values["closes_on"].isoformat(),
                                          "rules": services.rules_text(call),
                                          "targets": services.rules_text(call, services.TARGETS)})
        super().__init__(*args, **kwargs)
        for name in fixed:
            self.fields[name].disabled = True

    def call_data(self) -> dict:
        """What the service reads: the fields as typed (a disabled one is left out: it stays)."""
        return {name: self.cleaned_data[name] for name in services.FIELDS if not self.fields[name].disabled}
