from contextlib import nullcontext

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from jbgs import lockout
from jbgs.exceptions import DomainError
from jbgs.forms import ApplicationForm
from jbgs.ratelimit import limit_posts_per_address
from jbgs.services.organizations import Applicant, apply_for_membership
from jbgs.views.helpers import form_error_from_domain


@require_http_methods(["GET", "POST"])
@limit_posts_per_address(
    "apply", "APPLY_LIMIT_PER_HOUR", _("Too many applications were sent from your network in the last hour.")
)
def apply(request):
    """A unit applies to join the platform; an administrator reviews the application."""
    if request.user.is_authenticated:
        return redirect("home")
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Applying again for a rejected unit signs with its applicant's password: guarded as a sign-in.
        guard = (
            lockout.password_checked(request, data["username"], field="password1")
            if form.applies_again()
            else nullcontext()
        )
        try:
            with guard:
                org = apply_for_membership(
                    organization=form.organization_data(),
                    applicant=Applicant(
                        username=data["username"],
                        password=data["password1"],
                        name=data["applicant_name"],
                        email=data["applicant_email"],
                        phone=data["applicant_phone"],
                    ),
                    document=data.get("registration_document"),
                )
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            request.session["applied_organization"] = org.name
            return redirect("apply-done")
    return render(request, "jbgs/apply.html", {"form": form})


def apply_done(request):
    return render(
        request,
        "jbgs/apply_done.html",
        {"organization_name": request.session.get("applied_organization")},
    )
