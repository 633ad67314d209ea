"""Sessions the province creates itself: those it leads (the open-licence and instrument
sessions: 由省科技资源统筹服务中心牵头) or hosts chosen outside the application round. A
session made from a selected application is created by the selection."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jbgs import access as jbgs_access
from jbgs.choices import OrganizationKind, OrganizationStatus
from jbgs.exceptions import DomainError
from jbgs.forms import LooseDateField
from jbgs.models import IndustryField, Organization
from jbgs.views.helpers import form_error_from_domain, require
from sessions_mgmt.choices import SessionType
from sessions_mgmt.models import SessionYear
from sessions_mgmt.services import sessions as session_services

HOST_KINDS = [OrganizationKind.LOCAL_AUTHORITY, OrganizationKind.PLATFORM_OPERATOR, OrganizationKind.MARKET_BRANCH,
              OrganizationKind.SCIENCE_PARK]


class SessionForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    session_type = forms.ChoiceField(label=gettext_lazy("Session type"), choices=SessionType.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    field = forms.ModelChoiceField(label=gettext_lazy("Industry field"), queryset=IndustryField.objects.none(),
                                   required=False)
    torch = forms.BooleanField(label=gettext_lazy("火炬科技成果直通车（江苏站）"), required=False)
    main_host = forms.ModelChoiceField(label=gettext_lazy("Main host"), queryset=Organization.objects.none())
    co_hosts = forms.ModelMultipleChoiceField(label=gettext_lazy("Co-hosts"), queryset=Organization.objects.none(),
                                              required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    starts_on = LooseDateField(label=gettext_lazy("Starts on"), required=False,
                               help_text=gettext_lazy("Empty: the year's session period."))
    ends_on = LooseDateField(label=gettext_lazy("Ends on"), required=False)
    summary = forms.CharField(label=gettext_lazy("Introduction"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = list(SessionYear.objects.values_list("year", flat=True))
        self.fields["year"].choices = [(year, year) for year in years]
        self.fields["field"].queryset = IndustryField.objects.filter(year__in=years).order_by("-year", "position")
        self.fields["field"].label_from_instance = lambda field: f"{field.year} {field.name}"
        active = Organization.objects.filter(status=OrganizationStatus.ACTIVE).select_related("region")
        self.fields["main_host"].queryset = active.filter(kind__in=HOST_KINDS)
        self.fields["co_hosts"].queryset = active.exclude(kind__in=[OrganizationKind.ENTERPRISE,
                                                                    OrganizationKind.STATE_OWNED_ENTERPRISE,
                                                                    OrganizationKind.FINANCIAL_INSTITUTION])

    def clean(self):
        data = super().clean()
        field = data.get("field")
        if field is not None and data.get("year") and field.year != data["year"]:
            self.add_error("field", _("Choose one of the year's industry fields."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def new_session(request):
    require(jbgs_access.is_admin(request.user))
    form = SessionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            session = session_services.create_session(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Session created with the year's targets of its type."))
            return redirect("sessions:dashboard", pk=session.pk)
    return render(request, "sessions_mgmt/session_form.html", {"form": form})
