"""Forms of the enquiry pages: the question on a catalogue entry, the seller's answer. The
rules are the model's (lengths, the phone number), checked again by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from auction.models import Enquiry
from auction.models.enquiries import ANSWER_MAX, MESSAGE_MAX


class EnquiryForm(forms.ModelForm):
    class Meta:
        model = Enquiry
        fields = ["contact_name", "contact_phone", "message"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        help_texts = {"message": _("At most 1,000 characters. The seller sees your name, unit and phone.")}


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=ANSWER_MAX,
                             widget=forms.Textarea(attrs={"rows": 5, "maxlength": ANSWER_MAX}))
