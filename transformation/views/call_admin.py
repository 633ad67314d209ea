"""The province's administrators keep the project calls: a new call, and a call's fields and
eligibility rules and performance targets changed, on one form (transformation.services.calls says what may change
under a call's applications). Others are refused (403), as the administrators' other pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jbgs.exceptions import DomainError
from jbgs.views.helpers import admin_required, form_error_from_domain
from transformation import selectors
from transformation.call_forms import CallForm
from transformation.choices import YES_FIGURES, Figure, Measure
from transformation.services import calls as services


def _reference() -> list[tuple[str, str, bool]]:
    """The figures a condition may read, for the editor's reader: code, label, yes/no."""
    return [(code, label, code in YES_FIGURES) for code, label in Figure.choices]


def _page(request, form, call=None, under=(0, 0)):
    return render(request, "transformation/call_form.html", {
        "form": form, "call": call, "figures": _reference(), "measures": Measure.choices,
        "applied": under[0], "submitted": under[1]})


@admin_required
@require_http_methods(["GET", "POST"])
def call_new(request):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(actor=request.user, data=form.call_data(), rules=form.cleaned_data["rules"],
                                        targets=form.cleaned_data["targets"])
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The call “%(title)s” is created.") % {"title": call.title})
            return redirect("transformation:call", call.pk)
    return _page(request, form)


@admin_required
@require_http_methods(["GET", "POST"])
def call_edit(request, pk: int):
    call = get_object_or_404(selectors.calls(), pk=pk)
    under = services.applications_under(call)
    fixed = services.FIXED_ONCE_APPLIED if under[0] else ()
    form = CallForm(request.POST or None, call=call, fixed=fixed)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.change_call(actor=request.user, call=call, data=form.call_data(),
                                        rules=form.cleaned_data["rules"], targets=form.cleaned_data["targets"])
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The call “%(title)s” is saved.") % {"title": call.title})
            return redirect("transformation:call", call.pk)
    return _page(request, form, call, under)
