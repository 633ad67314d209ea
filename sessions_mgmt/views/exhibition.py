"""The annual exhibition (成效展): the public page of a year's recommended projects, public
typical cases and special awards; the administrators' page where awards are recorded and
the cases shown are picked."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jbgs.exceptions import DomainError
from jbgs.views.helpers import admin_required, error_text, form_error_from_domain
from sessions_mgmt import reports
from sessions_mgmt.models import RecommendedProject, Session, SessionYear, SpecialAward, TypicalCase
from sessions_mgmt.services import awards as award_services


def exhibition(request, year: int):
    """Public, for a phone as well: titles, units and summaries only, never a figure of a deal."""
    get_object_or_404(SessionYear, year=year)
    return render(request, "sessions_mgmt/exhibition.html", {
        "year": year, "projects": reports.recommended_of_year(year), "cases": reports.public_cases_of_year(year),
        "awards": list(reports.awards_of_year(year))})


class AwardForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Award"), max_length=award_services.TITLE_MAX)
    recipient = forms.CharField(label=gettext_lazy("Awarded to"), max_length=award_services.RECIPIENT_MAX)
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), queryset=Session.objects.none(), required=False)
    case = forms.ModelChoiceField(label=gettext_lazy("Typical case"), queryset=TypicalCase.objects.none(),
                                  required=False)
    project = forms.ModelChoiceField(label=gettext_lazy("Recommended project"),
                                     queryset=RecommendedProject.objects.none(), required=False)
    citation = forms.CharField(label=gettext_lazy("Citation"), widget=forms.Textarea(attrs={"rows": 3}),
                               required=False)

    def __init__(self, year: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(year=year).order_by("title")
        self.fields["case"].queryset = TypicalCase.objects.filter(session__year=year).order_by("title")
        self.fields["project"].queryset = RecommendedProject.objects.filter(session__year=year).order_by("title")


def _year(request) -> int:
    years = list(SessionYear.objects.order_by("-year").values_list("year", flat=True))
    asked = request.GET.get("year") or request.POST.get("year") or ""
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    if asked or not years:
        raise Http404
    return years[0]


@admin_required
@require_http_methods(["GET", "POST"])
def awards(request):
    year = _year(request)
    form = AwardForm(year, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award_services.record_award(request.user, year, citation=form.cleaned_data["citation"],
                                        **{name: form.cleaned_data[name]
                                           for name in ("title", "recipient", "session", "case", "project")})
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The award is recorded."))
            return redirect(f"{reverse('sessions:awards')}?year={year}")
    return render(request, "sessions_mgmt/awards.html", {
        "year": year, "years": SessionYear.objects.order_by("-year").values_list("year", flat=True), "form": form,
        "awards": list(reports.awards_of_year(year)),
        "cases": TypicalCase.objects.filter(session__year=year).select_related("session").order_by("session_id", "id"),
    }, status=400 if form.errors else 200)


@admin_required
@require_POST
def award_remove(request, pk: int):
    award = get_object_or_404(SpecialAward, pk=pk)
    award_services.remove_award(request.user, award)
    messages.success(request, _("The award is removed."))
    return redirect(f"{reverse('sessions:awards')}?year={award.year}")


@admin_required
@require_POST
def case_pick(request, pk: int):
    case = get_object_or_404(TypicalCase.objects.select_related("session"), pk=pk)
    try:
        award_services.show_case(request.user, case, request.POST.get("public") == "1")
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The exhibition shows the case.") if request.POST.get("public") == "1"
                         else _("The exhibition no longer shows the case."))
    return redirect(f"{reverse('sessions:awards')}?year={case.session.year}")
