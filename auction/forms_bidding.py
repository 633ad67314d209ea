"""Forms of the bidding pages. Amounts are typed in 万元 as the documents write them (50, 50万,
500000元 are all understood); the services receive yuan."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auction.choices import LotStatus, TradeMode
from auction.forms import AmountField
from auction.models import BiddingDay, Item, LotItem
from auction.services.lots import Terms
from jbgs.forms import LooseDateField
from jbgs.models import Organization


class RegisterForm(forms.Form):
    rules_accepted = forms.BooleanField(label=_("I have read and accept the bidding rules"))
    disclaimer_accepted = forms.BooleanField(label=_("I have read and accept the disclaimer (免责声明)"))


class BidForm(forms.Form):
    amount = AmountField(label=_("Your bid (10,000 yuan)"), required=True)


class ProxyForm(forms.Form):
    ceiling = AmountField(label=_("Bid for me up to (10,000 yuan)"), required=True)


class LotForm(forms.Form):
    """A lot's items (published items of one unit, not in another live lot) and its terms."""

    items = forms.ModelMultipleChoiceField(label=_("Items"), queryset=Item.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=_("Lot title"), max_length=300)
    trade_mode = forms.ChoiceField(label=_("Trade mode"), choices=TradeMode.choices)
    start_price = AmountField(label=_("Start price (10,000 yuan)"), required=True)
    reserve_price = AmountField(label=_("Reserve price (10,000 yuan)"),
                                help_text=_("Hidden from bidders; empty means the start price."))
    increment = AmountField(label=_("Increment (10,000 yuan)"), required=True)
    deposit = AmountField(label=_("Deposit (10,000 yuan)"), help_text=_("Empty or 0: no deposit."))
    snipe_window_minutes = forms.IntegerField(label=_("Anti-sniping window (minutes)"), min_value=0, required=False)
    snipe_extension_minutes = forms.IntegerField(label=_("Extension (minutes)"), min_value=1, required=False)
    snipe_cap_minutes = forms.IntegerField(label=_("Extension cap (minutes)"), min_value=0, required=False)

    def __init__(self, *args, seller: Organization, lot=None, **kwargs):
        super().__init__(*args, **kwargs)
        busy = LotItem.objects.exclude(lot__status__in=[LotStatus.UNSOLD, LotStatus.WITHDRAWN])
        if lot is not None:
            busy = busy.exclude(lot=lot)
        self.fields["items"].queryset = (Item.objects.filter(organization=seller, published_at__isnull=False)
                                         .exclude(pk__in=busy.values("item")).order_by("-published_at", "id"))

    def terms(self) -> Terms:
        data = self.cleaned_data
        return Terms(title=data["title"], trade_mode=data["trade_mode"], start_price=data["start_price"],
                     reserve_price=data["reserve_price"], increment=data["increment"], deposit=data["deposit"] or 0,
                     snipe_window_minutes=data["snipe_window_minutes"],
                     snipe_extension_minutes=data["snipe_extension_minutes"],
                     snipe_cap_minutes=data["snipe_cap_minutes"])


class ScheduleForm(forms.Form):
    day = forms.ModelChoiceField(label=_("Bidding day"), queryset=BiddingDay.objects.none())
    starts_at = forms.TimeField(label=_("Opens at"), required=False, help_text=_("Empty: the day's hours."))
    ends_at = forms.TimeField(label=_("Ends at"), required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].queryset = BiddingDay.objects.filter(
            campaign=campaign, status="scheduled", date__gte=timezone.localdate()).order_by("date")
        self.fields["day"].label_from_instance = lambda day: (
            f"{day.date:%Y-%m-%d} {_weekday(day.date)} {timezone.localtime(day.opens_at):%H:%M}–"
            f"{timezone.localtime(day.closes_at):%H:%M}")

    def times(self):
        from auction.services.days import at

        day, starts, ends = self.cleaned_data["day"], self.cleaned_data["starts_at"], self.cleaned_data["ends_at"]
        return day, (at(day.date, starts) if starts else None), (at(day.date, ends) if ends else None)


def _weekday(date) -> str:
    from jbgs.choices import Weekday

    return str(Weekday(date.weekday()).label)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DayForm(forms.Form):
    date = LooseDateField(label=_("Date"))
    opens_at = forms.TimeField(label=_("Opens at"), required=False)
    closes_at = forms.TimeField(label=_("Closes at"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DepositForm(forms.Form):
    """The deposit's arrival as the bank statement shows it; the amount in yuan, as banks print it."""

    reference = forms.CharField(label=_("Payment reference"), max_length=100)
    amount = AmountField(label=_("Amount received (yuan)"), unit="元", required=True)
    received_on = LooseDateField(label=_("Received on"))


class RefundForm(forms.Form):
    refunded_on = LooseDateField(label=_("Refunded on"))
    reference = forms.CharField(label=_("Refund reference"), max_length=100)


class ContractForm(forms.Form):
    contract_number = forms.CharField(label=_("Contract number"), max_length=60)
    contract_amount = AmountField(label=_("Contract amount (10,000 yuan)"), required=True)
    signed_on = LooseDateField(label=_("Signed on"))
    trade_form = forms.ChoiceField(label=_("Trade form in the contract"), choices=TradeMode.choices)


class ContractRegistrationForm(forms.Form):
    registration_number = forms.CharField(label=_("Technology contract registration number"), max_length=60)
    registered_on = LooseDateField(label=_("Registered on"))
    scan = forms.FileField(label=_("Contract scan (PDF or image)"), required=False)


class TransferForm(forms.Form):
    transferred_on = LooseDateField(label=_("Ownership recorded on"),
                                    help_text=_("The day the patent office recorded the change."))


class NegotiatedDealForm(forms.Form):
    buyer = forms.ModelChoiceField(label=_("Buyer"), queryset=Organization.objects.none())
    price = AmountField(label=_("Deal price (10,000 yuan)"), required=True)
    trade_mode = forms.ChoiceField(label=_("Trade mode"), choices=TradeMode.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, lot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = Organization.objects.filter(status="active").exclude(pk=lot.seller_id)
        self.fields["trade_mode"].initial = lot.trade_mode
