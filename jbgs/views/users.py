from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jbgs import access, lockout, selectors
from jbgs.exceptions import DomainError
from jbgs.forms import UserFilterForm, UserForm
from jbgs.models import Organization, User
from jbgs.services import users as user_services
from jbgs.views.helpers import (
    admin_required,
    form_error_from_domain,
    page_of,
    querystring_without_page,
    render_partial,
)


@admin_required
def user_list(request):
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.filter_users(access.visible_users(request.user), **filters)
    context = {
        "form": form,
        "page": page_of(request, qs),
        "querystring": querystring_without_page(request),
    }
    return render_partial(
        request, "jbgs/users/list.html", "jbgs/users/fragments/_table.html", context
    )


@admin_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    initial = {}
    if request.GET.get("organization"):
        initial["organization"] = get_object_or_404(Organization, pk=request.GET["organization"])
    form = UserForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_services.create_user(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                organization=data["organization"],
                roles=data["roles"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                expert_kind=data["expert_kind"],
            )
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(
                request, _("The account %(username)s was created.") % {"username": user.username}
            )
            return redirect("organization-detail", pk=user.organization_id)
    return render(request, "jbgs/users/form.html", {"form": form})


@admin_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=User.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        changes = {
            f: form.cleaned_data[f] for f in form.changed_data if f in user_services.EDITABLE_FIELDS
        }
        try:
            user_services.update_user(actor=request.user, user=user, changes=changes)
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The account was saved."))
            return redirect("user-list")
    return render(
        request,
        "jbgs/users/form.html",
        {"form": form, "edited": user, "trail": selectors.audit_trail(user)[:20],
         "locked_until": lockout.account_locked_until(user.username)},
    )


@admin_required
@require_http_methods(["POST"])
def user_unlock(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    user_services.unlock_sign_in(actor=request.user, user=user)
    messages.success(request, _("%(username)s can sign in again.") % {"username": user.username})
    return redirect("user-edit", pk=user.pk)
