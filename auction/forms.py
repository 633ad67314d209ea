"""Forms of the supply side. They parse what people type; the rules themselves run in the
services (Item.clean through save_item), so the form, the importer and the API agree."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from auction.choices import Column, ItemKind, Maturity, TradeMode
from auction.identifiers import split_numbers
from auction.models import (
    AUCTION_RULE_FIELDS,
    FIELDS_BY_KIND,
    ITEM_FIELDS,
    AuctionRules,
    Item,
    ListExpert,
    Panel,
    ScoringScheme,
    SubmissionList,
)
from jbgs.choices import Weekday
from jbgs.files import DOCUMENTS, validate_upload
from jbgs.forms import LooseDateField
from jbgs.models import IndustryField, Region, User
from jbgs.parsing import TYPED_UNIT, parse_amount
from jbgs.selectors import industry_fields
from jbgs.validators import validate_phone


class AmountField(forms.CharField):
    """An amount typed as 50, 50万, 50万元 or 500000元: a bare number is in TYPED_UNIT (万元),
    as the field's label says. 面议 or empty means negotiable."""

    def __init__(self, *, unit: str = TYPED_UNIT, **kwargs):
        kwargs.setdefault("required", False)
        self.unit = unit
        super().__init__(**kwargs)
        # A phone opens its number pad, with the decimal point (50, 12.5): 万 and 元 may still be typed.
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        return parse_amount(super().to_python(value), unit=self.unit)

    def prepare_value(self, value):
        if value in (None, ""):
            return ""
        if self.unit != TYPED_UNIT:
            return value
        try:
            return f"{(value / 10000).normalize():f}"
        except (TypeError, AttributeError):
            return value


class PatentListField(forms.CharField):
    """Patent numbers separated by commas, semicolons or lines."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        return split_numbers(super().to_python(value))

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class ItemForm(forms.ModelForm):
    asking_price = AmountField(label=_("Asking price (10,000 yuan)"),
                               help_text=_("For example 50, 50万 or 500000元; leave empty for negotiable (面议)."))
    trade_modes = forms.MultipleChoiceField(label=_("Trade modes"), choices=TradeMode.choices,
                                            widget=forms.CheckboxSelectMultiple)
    linked_patents = PatentListField(label=_("Linked patents"), required=False,
                                     help_text=_("Patent numbers, one per line or separated by commas."))

    class Meta:
        model = Item
        fields = list(ITEM_FIELDS)
        field_classes = {"application_date": LooseDateField, "grant_date": LooseDateField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "prospects": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind: str, year: int, trade_modes=(), **kwargs):
        super().__init__(*args, **kwargs)
        wanted = FIELDS_BY_KIND[kind]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        self.fields["field"].queryset = industry_fields(year)
        if trade_modes:  # the year's (股权转让 from 2023)
            self.fields["trade_modes"].choices = [(m, TradeMode(m).label) for m in trade_modes]
        self.fields["field"].required = True
        if "application_number" in self.fields:
            self.fields["application_number"].required = True
            self.fields["application_number"].help_text = _("For example ZL201710601862.3 or 201710601862.3.")
            self.fields["patent_type"].help_text = _("Leave empty: it is read from the application number.")
        if "result_year" in self.fields:
            self.fields["result_year"].required = True

    def _post_clean(self):
        # Only copy the input onto the instance: the rules run once, in save_item.
        forms.models.construct_instance(self, self.instance, self._meta.fields)

    def item_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class AuctionRulesForm(forms.ModelForm):
    """The auction's rules of a year, on the campaign's edit page (a jbgs.rules section)."""

    bidding_weekdays = forms.TypedMultipleChoiceField(
        label=_("Bidding weekdays"), choices=Weekday.choices, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple)
    trade_modes = forms.MultipleChoiceField(label=_("Trade modes"), choices=TradeMode.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("The trade modes items may offer this year; none chosen: any."))
    columns = forms.MultipleChoiceField(label=_("Special columns"), choices=Column.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple,
                                        help_text=_("The catalogue's columns this year, as its notice names them."))

    # The bidding hours, the anti-sniping rule and the payment terms have defaults: left
    # empty, they keep the year's current value.
    KEEP_WHEN_EMPTY = ("bidding_opens_at", "bidding_closes_at", "snipe_window_minutes", "snipe_extension_minutes",
                       "snipe_cap_minutes", "deposit_lead_hours", "payment_days")

    class Meta:
        model = AuctionRules
        fields = list(AUCTION_RULE_FIELDS)
        field_classes = {"patent_grant_cutoff": LooseDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.KEEP_WHEN_EMPTY:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.KEEP_WHEN_EMPTY:
            if cleaned.get(name) is None:
                cleaned[name] = getattr(self.instance, name)
        return cleaned


class ContactsForm(forms.ModelForm):
    class Meta:
        model = SubmissionList
        fields = ["liaison_name", "liaison_department", "liaison_phone", "liaison_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("liaison_name", "liaison_phone", "liaison_email"):
            self.fields[name].required = True

    def clean_liaison_phone(self):
        phone = self.cleaned_data["liaison_phone"].strip()
        validate_phone(phone)
        return phone


ExpertFormSet = forms.modelformset_factory(
    ListExpert, fields=["name", "title", "speciality", "phone", "email"], extra=2, can_delete=True
)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    public = forms.BooleanField(label=_("Show it with the published item"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, DOCUMENTS)
        return upload


class DeadlineForm(forms.Form):
    until = LooseDateField(label=_("Extend this unit's deadline to"), required=False,
                           help_text=_("Empty withdraws the extension."))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ColumnForm(forms.Form):
    """An administrator places a published item in one of the year's special columns."""

    column = forms.ChoiceField(label=_("Place in the column"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [(c, Column(c).label) for c in AuctionRules.of(item.campaign).columns
                                         if c not in item.columns]


class ReviewListForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return for revision"))])
    comment = forms.CharField(label=_("Comment to the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ExceptionForm(forms.Form):
    max_items = forms.IntegerField(label=_("Maximum for this unit"), min_value=1, max_value=500, required=False,
                                   help_text=_("Empty withdraws the exception."))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("max_items") and not cleaned.get("reason", "").strip():
            raise ValidationError({"reason": _("Give the reason for the exception.")})
        return cleaned


class SchemeForm(forms.ModelForm):
    class Meta:
        model = ScoringScheme
        fields = ["scale_max", "weight_advancement", "weight_feasibility", "weight_market", "weight_legal",
                  "aggregation", "experts_per_item"]


class PanelForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = ["field", "name", "experts"]
        widgets = {"experts": forms.CheckboxSelectMultiple}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = IndustryField.objects.filter(year=campaign.year)
        self.fields["experts"].queryset = User.objects.filter(roles__contains=["expert"], is_active=True).select_related(
            "organization")
        self.fields["experts"].label_from_instance = lambda u: f"{u.name}（{u.organization or '—'}）"


class ScoreForm(forms.Form):
    advancement = forms.DecimalField(label=_("Technical advancement"), min_value=0, decimal_places=1)
    feasibility = forms.DecimalField(label=_("Feasibility"), min_value=0, decimal_places=1)
    market = forms.DecimalField(label=_("Market prospects"), min_value=0, decimal_places=1)
    legal = forms.DecimalField(label=_("Legal protection"), min_value=0, decimal_places=1)
    comment = forms.CharField(label=pgettext_lazy("expert score", "Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, scale_max: int, weights: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("advancement", "feasibility", "market", "legal"):
            self.fields[name].max_value = scale_max
            weight = (weights or {}).get(name)
            # The weight beside each criterion, and on the input for the running total (portal.js).
            self.fields[name].widget.attrs.update({"max": scale_max, "step": "0.5", "inputmode": "decimal",
                                                   **({"data-weight": str(weight)} if weight is not None else {})})
            self.fields[name].help_text = (
                _("0 to %(max)s · weight %(weight)s%%") % {"max": scale_max, "weight": f"{weight * 100:.0f}"}
                if weight is not None else _("0 to %(max)s") % {"max": scale_max})


class SelectForm(forms.Form):
    threshold = forms.DecimalField(label=_("Score at least"), required=False, min_value=0, max_value=100)
    top_n = forms.IntegerField(label=_("At most this many, best first"), required=False, min_value=1)



class PublishForm(forms.Form):
    title = forms.CharField(label=_("Title of the batch"), max_length=200)


class CatalogueForm(forms.Form):
    """The catalogue's search box and filters; every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    field = forms.ChoiceField(label=_("Industry field"), required=False)
    column = forms.ChoiceField(label=_("Column"), required=False,
                               choices=[("", _("All columns")), *Column.choices])
    trade_mode = forms.ChoiceField(label=_("Trade mode"), required=False,
                                   choices=[("", _("Any trade mode")), *TradeMode.choices])
    maturity = forms.ChoiceField(label=_("Maturity"), required=False, choices=[("", _("Any maturity")), *Maturity.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Patents and results")), *ItemKind.choices])
    price_min = forms.DecimalField(label=_("Price from (10,000 yuan)"), required=False, min_value=0, max_digits=10)
    price_max = forms.DecimalField(label=_("to"), required=False, min_value=0, max_digits=10)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False)
    programme = forms.BooleanField(label=_("Tied to a science programme"), required=False)
    open_license = forms.BooleanField(label=_("Open licence"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[
        ("", _("Relevance, then newest")), ("newest", _("Newest")), ("price", _("Price, low to high")),
        ("-price", _("Price, high to low"))])

    def __init__(self, *args, year: int | None = None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, _("%(year)s catalogue") % {"year": y}) for y in years]
        self.fields["year"].initial = year
        fields = IndustryField.objects.filter(year=year) if year else IndustryField.objects.none()
        self.fields["field"].choices = [("", _("All fields")), *((f.code, f.name) for f in fields)]
        regions = Region.objects.filter(level__in=["city", "province"]).exclude(code="320000").order_by("code")
        self.fields["region"].choices = [("", _("All regions")), *((r.code, r.name) for r in regions)]
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)
