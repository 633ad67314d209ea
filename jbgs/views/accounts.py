from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jbgs.forms import AccountForm
from jbgs.services import users as user_services
from jbgs.views.helpers import form_error_from_domain


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """A person's own details; their unit and roles are shown, and changed by an administrator."""
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            user_services.update_profile(user=request.user, changes=changes)
        except ValidationError as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Your details were saved."))
            return redirect("account")
    return render(request, "jbgs/account.html", {"form": form})
