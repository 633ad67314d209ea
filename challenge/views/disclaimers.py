"""The 《免责声明》: anyone reads the current version; a demander, solver or expert accepts it
here (and comes back to where they were); administrators publish new versions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from challenge.models import Disclaimer
from challenge.services import disclaimers as disclaimer_services
from jbgs.exceptions import DomainError
from jbgs.views.helpers import admin_required, form_error_from_domain, require


class DisclaimerForm(forms.Form):
    version = forms.CharField(label=gettext_lazy("Version"), max_length=20,
                              help_text=gettext_lazy("A new name, such as the year: 2024, 2024-2."))
    text = forms.CharField(label=gettext_lazy("Text"), max_length=disclaimer_services.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 16}))


def _next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None


@require_http_methods(["GET", "POST"])
def disclaimer(request):
    if request.method == "POST":
        return _accept(request)
    current = disclaimer_services.current()
    return render(request, "challenge/disclaimers/page.html", {
        "disclaimer": current, "acceptance": disclaimer_services.acceptance_of(request.user, current),
        "may_accept": disclaimer_services.may_accept(request.user), "next": _next(request) or ""})


@login_required
def _accept(request):
    require(disclaimer_services.may_accept(request.user))
    try:
        disclaimer_services.accept(actor=request.user, version=request.POST.get("version", ""))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("challenge:disclaimer")
    messages.success(request, _("You accepted the disclaimer. Your name and the time are recorded."))
    return redirect(_next(request) or "challenge:disclaimer")


@admin_required
@require_http_methods(["GET", "POST"])
def disclaimers_manage(request):
    form = DisclaimerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            published = disclaimer_services.publish(actor=request.user, **form.cleaned_data)
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Version %(version)s is published: everyone accepts it again.") % {
                "version": published.version})
            return redirect("challenge:disclaimers-manage")
    versions = Disclaimer.objects.annotate(accepted=Count("acceptances")).order_by("-published_at", "-pk")
    current = disclaimer_services.current()
    if not form.is_bound and current is not None:
        form.initial["text"] = current.text
    return render(request, "challenge/disclaimers/manage.html", {
        "form": form, "versions": versions, "current": current})
