"""The application form: the text every call asks, and by direction the facts a park declares
or the deal a seller applies with. Checked by the service, which names each wrong value."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jbgs.money import wan
from transformation.application_content import eligible_deals
from transformation.choices import Direction, Figure
from transformation.models import ProjectApplication


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    plan = forms.CharField(label=_("Implementation plan"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    targets = forms.CharField(label=_("Targets promised"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    liaison_name = forms.CharField(label=_("Liaison"), required=False, max_length=50)
    liaison_phone = forms.CharField(label=_("Liaison's phone"), required=False, max_length=30)

    def __init__(self, *args, call, organization, application: ProjectApplication | None = None, **kwargs):
        if application is not None:
            kwargs.setdefault("initial", {
                "title": application.title, "plan": application.plan, "targets": application.targets,
                "liaison_name": application.liaison_name, "liaison_phone": application.liaison_phone,
                "deal": application.deal_id, **application.declared})
        super().__init__(*args, **kwargs)
        if call.direction == Direction.INDUSTRY:
            self.fields[Figure.CHAIN_LOCATION] = forms.BooleanField(label=Figure.CHAIN_LOCATION.label, required=False)
            self.fields[Figure.CHAIN_ENTERPRISES] = forms.IntegerField(
                label=Figure.CHAIN_ENTERPRISES.label, min_value=0, max_value=1_000_000, required=False)
            self.fields[Figure.IP_BODY] = forms.BooleanField(label=Figure.IP_BODY.label, required=False)
        elif call.direction == Direction.CAMPAIGN_DEAL:
            deals = eligible_deals(organization, call.year)
            self.fields["deal"] = forms.ChoiceField(
                label=_("Deal"), required=False,
                choices=[("", "—")] + [(deal.pk, f"{deal.number} {deal.title}（{wan(deal.contract_amount)}万元）")
                                       for deal in deals],
                help_text=_("Your unit's registered contracts of the call's year."))

    def data_for_service(self) -> dict:
        return dict(self.cleaned_data)


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    digest = forms.CharField(label=_("Digest printed on the application form"), max_length=100)


class TraineesForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    count = forms.IntegerField(label=_("People trained"), min_value=0, max_value=1_000_000)


class ListFilterForm(forms.Form):
    call = forms.IntegerField(required=False)
    status = forms.CharField(required=False)
    city = forms.CharField(required=False, max_length=6)
