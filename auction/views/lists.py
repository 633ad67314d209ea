"""The liaison's pages: the unit's lists, items, contacts, sealed copy and submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auction import access, selectors
from auction.choices import ItemKind
from auction.forms import ContactsForm, ExpertFormSet, ItemForm, UploadForm
from auction.models import AuctionRules, Item, ItemAttachment, SubmissionList
from auction.rules import deadline_refusal, list_compliance
from auction.services import items as item_services
from auction.services import lists as list_services
from jbgs.exceptions import DomainError
from jbgs.forms import errors_text
from jbgs.services.organizations import has_accepted_agreement
from jbgs.views.helpers import error_text, form_error_from_domain, render_partial, require


def list_for(request, pk: int, *, edit: bool = False) -> SubmissionList:
    """The one access helper for list pages: administrators and the unit's liaison."""
    submission_list = get_object_or_404(SubmissionList.objects.select_related("organization", "campaign__auction_rules"),
                                        pk=pk)
    require(access.can_view_list(request.user, submission_list))
    if edit and not access.can_edit_list(request.user, submission_list):
        raise PermissionDenied
    return submission_list


def item_for(request, pk: int, *, edit: bool = False) -> Item:
    """The one access helper for item pages: whoever may see the item, and to change it (or
    its attachments) the liaison of a list still open to changes."""
    item = get_object_or_404(
        Item.objects.select_related("submission_list__organization", "submission_list__campaign", "field"), pk=pk
    )
    require(access.visible_items(request.user).filter(pk=pk).exists())
    if edit and not access.can_edit_list(request.user, item.submission_list):
        raise PermissionDenied
    return item


@login_required
def my_lists(request):
    """A liaison's lists, one per campaign year, and the way to open this year's."""
    require(request.user.has_role("liaison") and request.user.organization_id)
    campaign = selectors.current_auction_campaign(timezone.localdate())
    lists = selectors.unit_lists(request.user.organization)
    if request.method == "POST" and campaign:
        try:
            submission_list = list_services.open_list(organization=request.user.organization, campaign=campaign,
                                                      actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("auction:list-detail", pk=submission_list.pk)
    has_current = campaign is not None and any(lst.campaign_id == campaign.pk for lst in lists)
    return render(request, "auction/lists/mine.html", {"lists": lists, "campaign": campaign, "has_current": has_current})


def _list_context(request, submission_list: SubmissionList) -> dict:
    counts = selectors.list_counts(submission_list)
    return {
        "list": submission_list,
        "counts": counts,
        "compliance": list_compliance(submission_list, counts),
        "problems": list_services.readiness_problems(submission_list, counts) if submission_list.is_editable else [],
        "agreement_ok": has_accepted_agreement(submission_list.organization),
        "can_edit": access.can_edit_list(request.user, submission_list),
        "closed": deadline_refusal(submission_list),
    }


def _items_context(request, submission_list: SubmissionList) -> dict:
    kind = request.GET.get("kind") if request.GET.get("kind") in ItemKind.values else ""
    items = selectors.list_items(submission_list)
    if kind:
        items = items.filter(kind=kind)
    return {**_list_context(request, submission_list), "items": items, "kind": kind}


@login_required
def list_detail(request, pk: int):
    submission_list = list_for(request, pk)
    return render_partial(request, "auction/lists/detail.html", "auction/lists/fragments/_items.html",
                          _items_context(request, submission_list))


@login_required
@require_POST
def item_roadshow(request, pk: int):
    """Pick an item for the roadshow, or unpick it, from the list's table; the table comes
    back and the compliance panel is told to refresh (htmx)."""
    item = item_for(request, pk, edit=True)
    try:
        item_services.save_item(actor=request.user, submission_list=item.submission_list, item=item,
                                data={"roadshow_pick": request.POST.get("roadshow_pick") == "on"})
    except (ValidationError, DomainError) as error:
        messages.error(request, error_text(error))
    if not request.htmx:
        return redirect("auction:list-detail", pk=item.submission_list_id)
    response = render(request, "auction/lists/fragments/_items.html",
                      {**_items_context(request, item.submission_list), "flash": True})
    response["HX-Trigger"] = "itemsChanged"
    return response


@login_required
def compliance(request, pk: int):
    """The live compliance panel, refreshed by htmx after each change."""
    submission_list = list_for(request, pk)
    return render(request, "auction/lists/fragments/_compliance.html", _list_context(request, submission_list))


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int | None = None, list_pk: int | None = None, kind: str = ItemKind.PATENT):
    """Add an item to the list, or change one, in the browser."""
    if pk:
        item = item_for(request, pk, edit=True)
        return item_form_page(request, item.submission_list, item.kind, item=item)
    if kind not in ItemKind.values:
        raise Http404
    return item_form_page(request, list_for(request, list_pk, edit=True), kind)


def item_form_page(request, submission_list, kind: str, *, item=None, initial=None, after_save=None, extra=None):
    """The item form: parse, save through the rules, and show what they refuse beside its field."""
    form = ItemForm(request.POST or None, instance=item or Item(kind=kind), initial=initial, kind=kind,
                    year=submission_list.campaign.year,
                    trade_modes=AuctionRules.of(submission_list.campaign).trade_modes)
    if request.method == "POST" and form.is_valid():
        try:
            saved = item_services.save_item(actor=request.user, submission_list=submission_list, item=item,
                                            data={**form.item_data(), "kind": kind})
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("“%(title)s” was saved.") % {"title": saved.title})
            if after_save:
                return after_save(saved)
            if "add_another" in request.POST:
                return redirect("auction:item-create", list_pk=submission_list.pk, kind=kind)
            return redirect("auction:list-detail", pk=submission_list.pk)
    return render(request, "auction/items/form.html", {"form": form, "list": submission_list, "item": item,
                                                       "kind": kind, **(extra or {})})


@login_required
def item_detail(request, pk: int):
    item = item_for(request, pk)
    return render(request, "auction/items/detail.html", {
        "item": item, "attachments": item.attachments.all(), "upload_form": UploadForm(),
        "can_edit": access.can_edit_list(request.user, item.submission_list),
    })


@login_required
@require_POST
def item_delete(request, pk: int):
    item = item_for(request, pk, edit=True)
    try:
        item_services.delete_item(actor=request.user, item=item)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("auction:item-detail", pk=pk)
    messages.success(request, _("“%(title)s” was removed from the list.") % {"title": item.title})
    return redirect("auction:list-detail", pk=item.submission_list_id)


@login_required
@require_POST
def attachment_add(request, pk: int):
    item = item_for(request, pk, edit=True)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            item_services.add_attachment(actor=request.user, item=item, upload=form.cleaned_data["file"],
                                         public=form.cleaned_data["public"])
        except (ValidationError, DomainError) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, errors_text(form))
    return redirect("auction:item-detail", pk=pk)


@login_required
def attachment_file(request, pk: int):
    attachment = get_object_or_404(ItemAttachment, pk=pk)
    item_for(request, attachment.item_id)
    return FileResponse(attachment.file.open("rb"), filename=attachment.original_name)


@login_required
@require_POST
def attachment_visibility(request, pk: int):
    attachment = get_object_or_404(ItemAttachment.objects.select_related("item__submission_list"), pk=pk)
    item_for(request, attachment.item_id, edit=True)
    try:
        item_services.set_attachment_public(actor=request.user, attachment=attachment,
                                            public=request.POST.get("public") == "1")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("auction:item-detail", pk=attachment.item_id)


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(ItemAttachment.objects.select_related("item__submission_list"), pk=pk)
    item_for(request, attachment.item_id, edit=True)
    try:
        item_services.remove_attachment(actor=request.user, attachment=attachment)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("auction:item-detail", pk=attachment.item_id)


@login_required
@require_http_methods(["GET", "POST"])
def contacts(request, pk: int):
    """The 活动联络员（及技术专家）信息表 of the list."""
    submission_list = list_for(request, pk, edit=True)
    form = ContactsForm(request.POST or None, instance=SubmissionList.objects.get(pk=pk))
    experts = ExpertFormSet(request.POST or None, queryset=submission_list.experts.all(), prefix="experts")
    if request.method == "POST" and form.is_valid() and experts.is_valid():
        rows = [
            {k: v for k, v in f.cleaned_data.items() if k not in ("id", "DELETE")}
            for f in experts.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")
        ]
        try:
            list_services.update_contacts(actor=request.user, submission_list=submission_list,
                                          contacts=form.cleaned_data, experts=rows)
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("The liaison and experts were saved."))
            return redirect("auction:list-detail", pk=pk)
    return render(request, "auction/lists/contacts.html", {"form": form, "experts": experts, "list": submission_list})


@login_required
@require_POST
def sealed_copy(request, pk: int):
    submission_list = list_for(request, pk, edit=True)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        list_services.attach_sealed_copy(actor=request.user, submission_list=submission_list,
                                         upload=form.cleaned_data["file"])
        messages.success(request, _("The sealed copy was uploaded."))
    else:
        messages.error(request, errors_text(form))
    return redirect("auction:list-detail", pk=pk)


@login_required
def sealed_copy_file(request, pk: int):
    submission_list = list_for(request, pk)
    if not submission_list.sealed_copy:
        raise Http404
    return FileResponse(submission_list.sealed_copy.open("rb"),
                        filename=f"{submission_list.organization.name}-{submission_list.campaign.year}"
                                 f"{submission_list.sealed_copy.name[-4:]}")


@login_required
@require_POST
def submit(request, pk: int):
    submission_list = list_for(request, pk, edit=True)
    try:
        list_services.submit_list(actor=request.user, submission_list=submission_list)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The list was submitted. The platform will review it."))
    return redirect("auction:list-detail", pk=pk)
