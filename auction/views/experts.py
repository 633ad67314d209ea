"""An expert's pending reviews and the scoring of one item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from auction.forms import ScoreForm
from auction.models import Assignment
from auction.services import selection
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.views.helpers import form_error_from_domain, require


@login_required
def reviews(request):
    require(request.user.has_role(Role.EXPERT))
    assignments = list(selection.pending_for(request.user))
    pending = [a for a in assignments if not hasattr(a, "score")]
    done = [a for a in assignments if hasattr(a, "score")]
    return render(request, "auction/experts/reviews.html", {"pending": pending, "done": done})


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.select_related("item__field", "item__campaign", "item__organization"), pk=pk)
    require(assignment.expert_id == request.user.pk and request.user.has_role(Role.EXPERT))
    scheme = selection.scheme_for(assignment.item.campaign)
    current = getattr(assignment, "score", None)
    initial = {**current.marks(), "comment": current.comment} if current else None
    form = ScoreForm(request.POST or None, initial=initial, scale_max=scheme.scale_max, weights=scheme.weights())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            selection.score(expert=request.user, assignment=assignment, marks=data, comment=data["comment"])
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Your scores were saved."))
            following = selection.pending_for(request.user).filter(score__isnull=True).first()
            return redirect("auction:expert-review", pk=following.pk) if following else redirect(
                "auction:expert-reviews")
    return render(request, "auction/experts/review.html", {
        "assignment": assignment, "item": assignment.item, "form": form, "scheme": scheme,
        "attachments": assignment.item.attachments.all(),
    })
