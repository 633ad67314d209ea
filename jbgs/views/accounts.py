from contextlib import nullcontext

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jbgs import lockout, ratelimit
from jbgs.exceptions import DomainError
from jbgs.forms import AccountForm, PasswordResetForm
from jbgs.services import users as user_services
from jbgs.views.helpers import form_error_from_domain


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """A person's own details; their unit and roles are shown, and changed by an administrator.
    The current password a new e-mail address takes is under the sign-in lockout."""
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "current_password"}
        password = form.cleaned_data["current_password"]
        guard = (
            lockout.password_checked(request, request.user.username, field="current_password")
            if password and "email" in changes
            else nullcontext()
        )
        try:
            with guard:
                user_services.update_profile(user=request.user, changes=changes, password=password)
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Your details were saved."))
            return redirect("account")
    return render(request, "jbgs/account.html", {"form": form})


@method_decorator(
    ratelimit.limit_posts_per_address(
        "password-reset",
        "PASSWORD_RESET_LIMIT_PER_HOUR",
        gettext_lazy("Too many password resets were asked for from your network in the last hour."),
    ),
    name="dispatch",
)
class PasswordResetView(auth_views.PasswordResetView):
    """Django's, limited per client address and per e-mail address asked for (whether or not
    an account has it, so the answer tells nothing), the e-mail sent by a task."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        wait = ratelimit.hit("password-reset-email", email, limit=settings.PASSWORD_RESET_EMAILS_PER_HOUR)
        if wait:
            message = _("Reset e-mails were already sent to this address several times in the last hour: "
                        "look for them in the inbox and the spam folder.")
            return ratelimit.too_many(self.request, message, wait)
        return super().form_valid(form)
