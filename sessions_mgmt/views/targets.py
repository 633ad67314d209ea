"""A session's own targets, changed by the administrators: a template's target given another
goal or date for this session, one added, one removed. The next computation judges them."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from jbgs import access as jbgs_access
from jbgs.exceptions import DomainError
from jbgs.forms import LooseDateField
from jbgs.views.helpers import error_text, form_error_from_domain, require
from sessions_mgmt import selectors
from sessions_mgmt.choices import Metric, TargetKind
from sessions_mgmt.models import SessionTarget
from sessions_mgmt.services import sessions as session_services


class TargetForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=40,
                           help_text=gettext_lazy("A target of the same code is changed; a new code adds one."))
    label = forms.CharField(label=gettext_lazy("Label"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=TargetKind.choices)
    metric = forms.ChoiceField(label=gettext_lazy("Measured by"), choices=Metric.choices)
    goal = forms.CharField(label=gettext_lazy("Goal"), required=False, max_length=20,
                           help_text=gettext_lazy("A count; for a share a fraction (0.30 for 30 %); empty for 'done'."))
    deadline = LooseDateField(label=gettext_lazy("Deadline"), required=False)

    def clean_goal(self):
        text = self.cleaned_data["goal"].strip()
        if not text:
            return None
        try:
            goal = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Write the goal as a number.")) from None
        if not goal.is_finite() or abs(goal) >= Decimal("1000000"):
            raise forms.ValidationError(_("Write a goal below 1,000,000."))
        return goal


@login_required
@require_http_methods(["GET", "POST"])
def targets(request, pk: int):
    require(jbgs_access.is_admin(request.user))
    session = get_object_or_404(selectors.sessions(), pk=pk)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session_services.set_target(actor=request.user, session=session, **form.cleaned_data)
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Target %(code)s saved; it is judged at the next computation.") % {
                "code": form.cleaned_data["code"]})
            return redirect("sessions:targets", pk=session.pk)
    return render(request, "sessions_mgmt/targets.html", {
        "session": session, "targets": session.targets.all(), "form": form})


@login_required
@require_POST
def remove_target(request, pk: int, target_pk: int):
    require(jbgs_access.is_admin(request.user))
    target = get_object_or_404(SessionTarget, pk=target_pk, session_id=pk)
    try:
        session_services.remove_target(actor=request.user, target=target)
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Target %(code)s removed.") % {"code": target.code})
    return redirect("sessions:targets", pk=pk)
