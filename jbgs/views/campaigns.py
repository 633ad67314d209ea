from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jbgs import access, selectors
from jbgs.choices import CampaignKind
from jbgs.exceptions import DomainError
from jbgs.forms import (
    CampaignForm,
    CopyCampaignForm,
    IndustryFieldForm,
    StageFormSet,
    stage_initial,
)
from jbgs.models import Campaign, IndustryField
from jbgs.rules import rules_sections
from jbgs.services import campaigns as campaign_services
from jbgs.views.helpers import admin_required, form_error_from_domain


def campaign_list(request):
    campaigns = selectors.campaigns_with_stages().order_by("-year", "kind")
    return render(
        request,
        "jbgs/campaigns/list.html",
        {
            "campaigns": campaigns,
            "today": timezone.localdate(),
            "can_edit": access.can_edit_campaigns(request.user),
        },
    )


def campaign_detail(request, pk: int):
    campaign = get_object_or_404(selectors.campaigns_with_stages(), pk=pk)
    sections = [
        {"template": section.detail_template, "rules": section.of(campaign)}
        for section in rules_sections(campaign.kind)
    ]
    return render(
        request,
        "jbgs/campaigns/detail.html",
        {
            "campaign": campaign,
            "rule_sections": sections,
            "today": timezone.localdate(),
            "fields": selectors.industry_fields(campaign.year),
            "can_edit": access.can_edit_campaigns(request.user),
            "trail": selectors.audit_trail(campaign)[:20]
            if access.can_read_audit(request.user)
            else None,
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int | None = None):
    """Create a campaign year or edit its rules and stage dates, on one page."""
    campaign = get_object_or_404(Campaign, pk=pk) if pk else Campaign()
    kind = (
        campaign.kind or request.POST.get("kind") or request.GET.get("kind") or CampaignKind.AUCTION
    )
    if kind not in CampaignKind.values:
        raise Http404
    form = CampaignForm(request.POST or None, instance=campaign, initial={"kind": kind})
    stages = StageFormSet(
        request.POST or None, initial=stage_initial(campaign, kind), prefix="stages"
    )
    # Each app's rules for this kind, as its own form on the same page (jbgs.rules).
    rule_forms = [
        section.form_class(request.POST or None, instance=section.of(campaign))
        for section in rules_sections(kind)
    ]
    forms = [form, *rule_forms]
    if request.method == "POST" and all([f.is_valid() for f in forms]) and stages.is_valid():
        rows = [s.cleaned_data for s in stages.forms if s.cleaned_data]
        try:
            campaign = campaign_services.save_campaign(
                actor=request.user,
                campaign=form.save(commit=False),
                stages=rows,
                rules=[f.save(commit=False) for f in rule_forms],
            )
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error, *rule_forms)
        else:
            messages.success(request, _("%(title)s was saved.") % {"title": campaign.title})
            return redirect("campaign-detail", pk=campaign.pk)
    sections = [
        {"template": section.form_template, "form": rule_form}
        for section, rule_form in zip(rules_sections(kind), rule_forms, strict=True)
    ]
    return render(
        request,
        "jbgs/campaigns/form.html",
        {
            "form": form,
            "stages": stages,
            "campaign": campaign,
            "kind": kind,
            "rule_sections": sections,
            "has_errors": any(f.errors for f in forms) or stages.total_error_count(),
        },
    )


@admin_required
@require_http_methods(["GET", "POST"])
def campaign_copy(request, pk: int):
    """Start next year's campaign from this one."""
    source = get_object_or_404(Campaign, pk=pk)
    next_year = source.year + 1
    initial = {"year": next_year, "title": source.title.replace(str(source.year), str(next_year))}
    form = CopyCampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_services.copy_campaign(
                actor=request.user, source=source, **form.cleaned_data
            )
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(
                request,
                _("%(title)s was created from %(source)s; check its dates and rules.")
                % {"title": campaign.title, "source": source.title},
            )
            return redirect("campaign-edit", pk=campaign.pk)
    return render(request, "jbgs/campaigns/copy.html", {"form": form, "source": source})


@admin_required
@require_http_methods(["GET", "POST"])
def industry_fields(request, year: int):
    """A year's industry fields: the list, and a form to add one or rename one."""
    field = (
        get_object_or_404(IndustryField, pk=request.GET["edit"], year=year)
        if request.GET.get("edit")
        else None
    )
    form = IndustryFieldForm(request.POST or None, instance=field, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            campaign_services.save_industry_field(actor=request.user, field=form.save(commit=False))
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The industry field was saved."))
            return redirect("industry-fields", year=year)
    return render(
        request,
        "jbgs/campaigns/fields.html",
        {
            "year": year,
            "fields": selectors.industry_fields(year),
            "form": form,
            "editing": field,
        },
    )
