"""The pages' forms: an institution's figures for a year (amounts typed in 万元, as the guide
writes them) and a call's eligibility pre-check (the figures its rules read)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from transformation.choices import MAX_FIGURE, YES_FIGURES, Figure
from transformation.models import InstitutionFigures
from transformation.services.figures import COUNT_FIELDS

WAN = Decimal("10000")
AMOUNT_LABELS = {"amount_by_assignment": _("Amount of assignments (万元)"),
                 "amount_by_licence": _("Amount of licences (万元)"),
                 "amount_by_equity": _("Amount of equity (万元)")}


class FiguresForm(forms.Form):
    """Checked by the service (transformation.services.figures), which names each wrong value."""

    year = forms.CharField(label=_("Year"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, figures: InstitutionFigures | None = None, **kwargs):
        if figures is not None:
            kwargs.setdefault("initial", {
                "year": figures.year, **{name: getattr(figures, name) for name in COUNT_FIELDS},
                **{name: f"{(getattr(figures, name) / WAN).normalize():f}" for name in AMOUNT_LABELS}})
        super().__init__(*args, **kwargs)
        meta = InstitutionFigures._meta
        for name in COUNT_FIELDS:
            self.fields[name] = forms.CharField(label=meta.get_field(name).verbose_name, required=False,
                                                max_length=40, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
        for name, label in AMOUNT_LABELS.items():
            self.fields[name] = forms.CharField(label=label, required=False, max_length=40,
                                                help_text=_("In 万元; 500000元 or 50万 are understood too."),
                                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class CheckForm(forms.Form):
    """The figures a call's rules read: numbers, and the facts an applicant confirms."""

    def __init__(self, *args, figures: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for code in figures:
            if code in YES_FIGURES:
                self.fields[code] = forms.BooleanField(label=Figure(code).label, required=False)
            else:
                self.fields[code] = forms.DecimalField(label=Figure(code).label, min_value=0, max_value=MAX_FIGURE,
                                                       decimal_places=2, required=False)


class PolicyFilterForm(forms.Form):
    """A policy list's year and city. An authority's organisers see their own region only: the
    city is theirs, whatever the query says."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, data=None, *, region: str | None = None):
        from transformation import policy

        super().__init__(data)
        self.region = region
        self.fields["year"].choices = [(year, year) for year in policy.years()]
        self.fields["city"].choices = [("", _("Every city")), *[(c.code, c.name) for c in policy.cities()]]
        if region is not None:
            del self.fields["city"]

    def choice(self) -> tuple[int | None, str | None]:
        """The year (the latest campaign's by default) and the city (None: every city)."""
        from transformation import policy

        valid = self.is_valid()
        year = (self.cleaned_data.get("year") if valid else None) or policy.default_year()
        if self.region is not None:
            return year, self.region
        return year, (self.cleaned_data.get("city") if valid else None) or None

    def export_query(self) -> str:
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        year, city = self.choice()
        if year:
            query["year"] = year
        if city and self.region is None:
            query["city"] = city
        query["format"] = "xlsx"
        return query.urlencode()
