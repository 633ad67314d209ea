"""A demand's and a solution's files: upload by the side that wrote them, download by whoever
challenge.services.attachments lets read them; anyone else gets 404, as for the records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from challenge import access
from challenge.models import Demand, DemandAttachment, Solution, SolutionAttachment
from challenge.services import attachments as attachment_services
from jbgs.exceptions import DomainError
from jbgs.views.helpers import add_upload, download, error_text


@login_required
@require_POST
def demand_file_add(request, pk: int):
    demand = get_object_or_404(Demand, pk=pk)
    if not access.sees_whole(request.user, demand):
        raise Http404
    add_upload(request, lambda upload: attachment_services.add_demand_file(actor=request.user, demand=demand,
                                                                          upload=upload))
    return redirect("challenge:demand-mine-detail", pk=demand.pk)


@login_required
@require_POST
def demand_file_remove(request, pk: int):
    attachment = get_object_or_404(DemandAttachment.objects.select_related("demand"), pk=pk)
    if not access.sees_whole(request.user, attachment.demand):
        raise Http404
    try:
        attachment_services.remove_demand_file(actor=request.user, attachment=attachment)
    except DomainError as error:
        messages.error(request, error_text(error))
    return redirect("challenge:demand-mine-detail", pk=attachment.demand_id)


def demand_file(request, pk: int):
    attachment = get_object_or_404(DemandAttachment.objects.select_related("demand"), pk=pk)
    if not attachment_services.may_read_demand_file(request.user, attachment.demand):
        raise Http404
    return download(attachment.file, attachment.original_name)


@login_required
@require_POST
def solution_file_add(request, pk: int):
    solution = get_object_or_404(Solution.objects.select_related("demand"), pk=pk)
    if not attachment_services.may_read_solution_file(request.user, solution):
        raise Http404
    add_upload(request, lambda upload: attachment_services.add_solution_file(actor=request.user, solution=solution,
                                                                            upload=upload))
    return redirect("challenge:solution", pk=solution.pk)


@login_required
def solution_file(request, pk: int):
    attachment = get_object_or_404(SolutionAttachment.objects.select_related("solution__demand"), pk=pk)
    if not attachment_services.may_read_solution_file(request.user, attachment.solution):
        raise Http404
    return download(attachment.file, attachment.original_name)
