from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jbgs.forms import AccountForm
from jbgs.services.audit import audit, changed_fields, snapshot


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """A person's own details; their unit and roles are shown, and changed by an administrator."""
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            before = snapshot(
                request.user.__class__.objects.get(pk=request.user.pk), form.changed_data
            )
            user = form.save()
            diff = changed_fields(user, before, form.changed_data)
            if diff:
                audit(user, "user.profile_updated", actor=user, data={"changes": diff})
        messages.success(request, _("Your details were saved."))
        return redirect("account")
    return render(request, "jbgs/account.html", {"form": form})
