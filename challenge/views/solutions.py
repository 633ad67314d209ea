"""Solutions (揭榜): the solver's form and list, the solution's page with its thread, and the
enterprise's decisions. A solution is a secret between the two sides and the administrators:
anyone else gets 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from challenge import access as challenge_access
from challenge import selectors
from challenge.choices import SOLUTION_TRANSITIONS, SolutionStatus
from challenge.models import Solution
from challenge.public import public_demand
from challenge.services import attachments as attachment_services
from challenge.services import cooperations as cooperation_services
from challenge.services import solutions as solution_services
from challenge.views.consents import consent_panel
from jbgs.choices import Role
from jbgs.exceptions import DomainError
from jbgs.parsing import TYPED_UNIT, parse_amount
from jbgs.views.helpers import form_error_from_domain, require


class SolutionForm(forms.Form):
    leader = forms.CharField(label=gettext_lazy("Team leader"), max_length=50)
    members = forms.CharField(label=gettext_lazy("Team members"), max_length=500, required=False)
    approach = forms.CharField(label=gettext_lazy("Technical approach"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 6}))
    timeline = forms.CharField(label=gettext_lazy("Timeline"), max_length=500)
    budget = forms.CharField(label=gettext_lazy("Budget (10,000 yuan)"), required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def clean_budget(self):
        return parse_amount(self.cleaned_data.get("budget"), unit=TYPED_UNIT)

    def promises(self) -> list[dict]:
        rows, data = [], self.data
        for index in range(20):
            prefix = f"promises-{index}-"
            if f"{prefix}indicator" in data or f"{prefix}value" in data:
                rows.append({"indicator": data.get(f"{prefix}indicator", ""), "value": data.get(f"{prefix}value", ""),
                             "unit": data.get(f"{prefix}unit", "")})
        return rows


@login_required
@require_http_methods(["GET", "POST"])
def solve(request, pk: int):
    demand = get_object_or_404(selectors.public_demands(), pk=pk)
    require(request.user.has_role(Role.SOLVER))
    form = SolutionForm(request.POST or None)
    items = selectors.solver_items(request.user.organization) if request.user.organization_id else []
    if request.method == "POST" and form.is_valid():
        chosen = [item for item in items if str(item.pk) in request.POST.getlist("items")]
        try:
            solution = solution_services.submit_solution(
                actor=request.user, demand=demand, promises=form.promises(), items=chosen,
                **{name: form.cleaned_data[name] for name in ("leader", "members", "approach", "timeline", "budget")})
        except (ValidationError, DomainError) as error:
            form_error_from_domain(form, error)
        else:
            messages.success(request, _("Your solution was sent to the enterprise."))
            return redirect("challenge:solution", pk=solution.pk)
    targets = [] if demand.hides("targets") else [t for t in demand.targets.all() if not t.hidden]
    return render(request, "challenge/solutions/form.html", {
        "demand": public_demand(demand), "form": form, "items": items, "targets": targets})


def _visible_solution(request, pk: int) -> Solution:
    solution = get_object_or_404(Solution.objects.select_related("demand__organization", "organization", "solver"),
                                 pk=pk)
    if not solution_services.may_see(request.user, solution):
        raise Http404
    return solution


@login_required
@require_http_methods(["GET", "POST"])
def solution_detail(request, pk: int):
    solution = _visible_solution(request, pk)
    if request.method == "POST":
        try:
            solution_services.post_message(actor=request.user, solution=solution, body=request.POST.get("body", ""))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("challenge:solution", pk=solution.pk)
    deciding = challenge_access.is_member(request.user, solution.demand)
    cooperation = selectors.solution_cooperation(solution) if solution.status == SolutionStatus.INTENTION else None
    return render(request, "challenge/solutions/detail.html", {
        "solution": solution, "deciding": deciding, "next": SOLUTION_TRANSITIONS[solution.status],
        "cooperation": cooperation, "records_contract": cooperation is not None
        and cooperation_services.may_record_contract(request.user, cooperation),
        "own": request.user.pk == solution.solver_id, "items": solution.items.all(),
        "adds_files": request.user.pk == solution.solver_id and solution.status in attachment_services.SOLUTION_OPEN,
        "thread": solution.messages.select_related("author"), "consent": consent_panel(request.user, solution)})


ACTIONS = {"shortlist": solution_services.shortlist, "decline": solution_services.decline,
           "intention": solution_services.record_intention, "withdraw": solution_services.withdraw_solution}


@login_required
@require_POST
def solution_action(request, pk: int, action: str):
    solution = _visible_solution(request, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](actor=request.user, solution=solution)
        messages.success(request, _("Done."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("challenge:solution", pk=solution.pk)


@login_required
def my_solutions(request):
    require(request.user.has_role(Role.SOLVER))
    return render(request, "challenge/solutions/mine.html", {"solutions": selectors.solver_solutions(request.user)})
