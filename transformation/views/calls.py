"""The project calls (public): each call's window and eligibility rules, and the pre-check of a
call against figures typed in, or, for a signed-in institution, its own figures' averages; for
one who speaks for a unit that may apply while the window is open, the way to apply (or to the
unit's application when it has one)."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jbgs.access import is_admin
from transformation import access, application_access, application_selectors, eligibility, selectors
from transformation.choices import Figure
from transformation.forms import CheckForm


def call_list(request):
    years = selectors.call_years()
    return render(request, "transformation/calls.html", {
        "calls": selectors.calls(), "years": years, "today": timezone.localdate(),
        "may_manage": is_admin(request.user)})


def _figures_read(call) -> list[str]:
    codes = []
    for rule in call.rules.all():
        for condition in rule.conditions:
            if condition["figure"] not in codes:
                codes.append(condition["figure"])
    return codes


@require_http_methods(["GET", "POST"])
def call_detail(request, pk: int):
    call = get_object_or_404(selectors.calls(), pk=pk)
    codes = _figures_read(call)
    organization = request.user.organization if request.user.is_authenticated else None
    averages = (selectors.call_figures(organization, call.year)
                if access.is_institution(organization) and access.may_see_figures(request.user, organization)
                else None)
    if request.method == "POST":
        form = CheckForm(request.POST, figures=codes)
    else:
        initial = {code: value for code, value in (averages.figures if averages else {}).items() if code in codes}
        form = CheckForm(initial=initial, figures=codes)
    verdict = None
    if form.is_bound and form.is_valid():
        verdict = eligibility.check(call, form.cleaned_data)
    elif not form.is_bound and averages is not None:
        verdict = eligibility.check(call, averages.figures)
    today = timezone.localdate()
    # The way to apply: the unit's application when it has one, else the apply page while it may apply.
    speaks = application_access.may_apply_for(request.user, organization)
    own = application_selectors.current_application(organization, call) if speaks else None
    return render(request, "transformation/call.html", {
        "call": call, "form": form, "verdict": verdict, "averages": averages, "organization": organization,
        "figure_labels": dict(Figure.choices), "today": today, "own_application": own,
        "may_apply": own is None and application_access.may_apply_to(request.user, call, today),
        "may_manage": is_admin(request.user)})
