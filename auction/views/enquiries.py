"""Enquiries (咨询) after they are sent: the asker's list, the inbox of the seller unit's
liaisons and of the administrators, and one enquiry's page, where it is answered or closed.
An enquiry is known only to those three: anyone else is told it does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from auction import access, selectors
from auction.choices import EnquiryStatus
from auction.forms_enquiries import AnswerForm
from auction.models import Enquiry
from auction.services import enquiries
from jbgs import access as kernel_access
from jbgs.exceptions import DomainError
from jbgs.views.helpers import form_error_from_domain, page_of, querystring_without_page, require


def enquiry_for(request, pk: int) -> Enquiry:
    """The one access helper of enquiry pages."""
    enquiry = get_object_or_404(selectors.enquiries(), pk=pk)
    if not access.can_view_enquiry(request.user, enquiry):
        raise Http404
    return enquiry


@login_required
def mine(request):
    """The enquiries this person sent, newest first, with their answers."""
    return render(request, "auction/enquiries/mine.html",
                  {"page": page_of(request, selectors.asked_enquiries(request.user))})


@login_required
def inbox(request):
    """Enquiries about the unit's items for its liaisons, every one for the administrators."""
    require(access.may_read_inbox(request.user))
    qs = access.received_enquiries(request.user)
    status = request.GET.get("status", "")
    if status in EnquiryStatus.values:
        qs = qs.filter(status=status)
    return render(request, "auction/enquiries/inbox.html", {
        "page": page_of(request, qs), "status": status, "statuses": EnquiryStatus.choices,
        "querystring": querystring_without_page(request), "is_admin": kernel_access.is_admin(request.user)})


@login_required
def detail(request, pk: int):
    enquiry = enquiry_for(request, pk)
    return _page(request, enquiry, AnswerForm())


def _page(request, enquiry: Enquiry, form: AnswerForm):
    can_answer = access.can_answer_enquiry(request.user, enquiry)
    return render(request, "auction/enquiries/detail.html", {
        "enquiry": enquiry, "can_answer": can_answer,  # who answered: for the seller's side only
        "form": form if can_answer and enquiry.status == EnquiryStatus.OPEN else None,
        "can_close": enquiry.status != EnquiryStatus.CLOSED and access.can_close_enquiry(request.user, enquiry),
        "published": enquiry.item.published_at is not None})


@login_required
@require_POST
def answer(request, pk: int):
    enquiry = enquiry_for(request, pk)
    require(access.can_answer_enquiry(request.user, enquiry))  # the asker sees it, but does not answer
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            enquiries.answer(actor=request.user, enquiry=enquiry, text=form.cleaned_data["answer"])
        except DomainError as error:
            if error.field is None:  # refused as a whole (answered meanwhile): not the text's fault
                messages.error(request, error.message)
                return redirect("auction:enquiry", pk=enquiry.pk)
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Your answer was sent to the asker."))
            return redirect("auction:enquiry", pk=enquiry.pk)
    return _page(request, enquiry, form)


@login_required
@require_POST
def close(request, pk: int):
    enquiry = enquiry_for(request, pk)
    try:
        enquiries.close(actor=request.user, enquiry=enquiry)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The enquiry is closed."))
    return redirect("auction:enquiry", pk=enquiry.pk)
