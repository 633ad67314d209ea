from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jbgs import access, selectors
from jbgs.exceptions import DomainError
from jbgs.forms import OrganizationFilterForm, OrganizationForm, ReviewForm
from jbgs.models import Organization
from jbgs.parsing import plain_text
from jbgs.services import organizations as org_services
from jbgs.views.helpers import (
    admin_required,
    form_error_from_domain,
    page_of,
    querystring_without_page,
    render_partial,
    require,
)


def _organization_for(request, pk: int) -> Organization:
    """The one access helper for organisation pages: administrators and the unit's members."""
    org = get_object_or_404(Organization.objects.select_related("region__parent__parent"), pk=pk)
    require(access.can_view_organization(request.user, org))
    return org


@admin_required
def organization_list(request):
    form = OrganizationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.filter_organizations(access.visible_organizations(request.user), **filters)
    context = {
        "form": form,
        "page": page_of(request, qs),
        "querystring": querystring_without_page(request),
        "counts": selectors.organization_counts(),
    }
    return render_partial(
        request, "jbgs/organizations/list.html", "jbgs/organizations/fragments/_table.html", context
    )


@login_required
def my_organization(request):
    if not request.user.organization_id:
        raise Http404
    return redirect("organization-detail", pk=request.user.organization_id)


@login_required
def organization_detail(request, pk: int):
    org = _organization_for(request, pk)
    context = {
        "organization": org,
        "members": org.members.order_by("name"),
        "acceptance": org_services.current_acceptance(org),
        "can_accept": access.can_accept_agreement(request.user, org),
        "is_admin": access.is_admin(request.user),
        "trail": selectors.audit_trail(org)[:20] if access.can_read_audit(request.user) else None,
    }
    return render(request, "jbgs/organizations/detail.html", context)


@login_required
def organization_document(request, pk: int):
    """The registration certificate, for administrators and the unit's own members only."""
    org = _organization_for(request, pk)
    if not org.registration_document:
        raise Http404
    return FileResponse(
        org.registration_document.open("rb"),
        as_attachment=False,
        filename=f"{org.name}{org.registration_document.name[-4:]}",
    )


@admin_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk: int):
    org = _organization_for(request, pk)
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            org_services.update_organization(
                organization=org,
                actor=request.user,
                changes={f: form.cleaned_data[f] for f in form.changed_data},
            )
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The unit's details were saved."))
            return redirect("organization-detail", pk=org.pk)
    return render(request, "jbgs/organizations/edit.html", {"form": form, "organization": org})


@admin_required
@require_POST
def organization_suspend(request, pk: int):
    suspend = request.POST.get("suspend") == "1"
    try:
        org_services.set_organization_suspended(
            organization_id=pk,
            actor=request.user,
            suspended=suspend,
            reason=plain_text(request.POST.get("reason")),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The unit was suspended.") if suspend else _("The unit was reactivated.")
        )
    return redirect("organization-detail", pk=pk)


@admin_required
def review_list(request):
    return render(
        request,
        "jbgs/organizations/review_list.html",
        {"pending": selectors.pending_organizations()},
    )


@admin_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    org = _organization_for(request, pk)
    applicant = org.members.order_by("date_joined").first()
    form = ReviewForm(request.POST or None, initial={"roles": applicant.roles if applicant else []})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                org_services.approve_organization(
                    organization_id=org.pk,
                    actor=request.user,
                    roles=data["roles"],
                    comment=data["comment"],
                )
                messages.success(
                    request, _("%(name)s was approved and its account opened.") % {"name": org.name}
                )
            else:
                org_services.reject_organization(
                    organization_id=org.pk, actor=request.user, reason=data["comment"]
                )
                messages.info(
                    request,
                    _("%(name)s was rejected; the applicant was told why.") % {"name": org.name},
                )
        except DomainError as error:
            form_error_from_domain(form, error)
        else:
            return redirect("organization-review-list")
    context = {
        "organization": org,
        "applicant": applicant,
        "form": form,
        "similar": Organization.objects.filter(name__icontains=org.name[:4]).exclude(pk=org.pk)[:5],
    }
    return render(request, "jbgs/organizations/review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request, pk: int):
    """The 委托服务协议: read it, and accept it for the unit (once)."""
    org = _organization_for(request, pk)
    acceptance = org_services.current_acceptance(org)
    if request.method == "POST":
        try:
            org_services.accept_agreement(organization=org, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The service agreement is accepted for %(name)s.") % {"name": org.name}
            )
        return redirect("organization-agreement", pk=org.pk)
    context = {
        "organization": org,
        "acceptance": acceptance,
        "version": org_services.AGREEMENT_VERSION,
        "can_accept": access.can_accept_agreement(request.user, org),
    }
    return render(request, "jbgs/organizations/agreement.html", context)
