from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jbgs.models import Notification
from jbgs.services.notifications import mark_read
from jbgs.views.helpers import page_of


@login_required
def inbox(request):
    notes = request.user.notifications.all()
    if request.GET.get("unread"):
        notes = notes.unread()
    return render(
        request,
        "jbgs/notifications/inbox.html",
        {"page": page_of(request, notes, 30), "unread_only": bool(request.GET.get("unread"))},
    )


@login_required
@require_POST
def read(request, pk: int):
    """Mark one as read; htmx swaps in the row, a plain form goes to the link or back."""
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(request.user, [note.pk])
    note.refresh_from_db()
    if request.htmx:
        return render(request, "jbgs/notifications/fragments/_item.html", {"note": note})
    return redirect(note.url or "notifications")


@login_required
@require_POST
def read_all(request):
    mark_read(request.user)
    return redirect("notifications")
