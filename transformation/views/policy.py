"""The policy lists' pages (transformation.policy): for the administrators, every city's rows;
for a local authority's organisers, their own region's. Filtered by year and city, paginated,
with the totals and the list's summaries; `format=xlsx` downloads the whole list."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jbgs.choices import Role
from jbgs.views.helpers import page_of
from transformation import access, policy
from transformation.forms import PolicyFilterForm
from transformation.policy_exports import policy_workbook

SUMMARY_TITLES = {"buyer": _("By buyer"), "seller": _("By seller"), "city": _("By city")}


def _viewer(request):
    if not access.may_see_policy_lists(request.user):
        raise PermissionDenied
    return access.policy_region(request.user)


@login_required
def policy_lists(request):
    """The lists; an organiser of another kind of unit (a park, a sub-centre) reached it from
    the menu it shares with the authorities' organisers: told whose the lists are, not refused."""
    if not access.may_see_policy_lists(request.user):
        if not request.user.has_role(Role.ORGANIZER):
            raise PermissionDenied
        return render(request, "transformation/policy_lists.html", {"lists": [], "authorities_only": True})
    return render(request, "transformation/policy_lists.html", {"lists": policy.LISTS.values()})


@login_required
def policy_list(request, code: str):
    region = _viewer(request)
    chosen = policy.LISTS.get(code)
    if chosen is None:
        raise Http404
    form = PolicyFilterForm(request.GET, region=region)
    year, city = form.choice()
    found = policy.deals(chosen, year=year or 0, city=city)
    summaries = [(SUMMARY_TITLES[by], by, policy.summary(chosen, found, by)) for by in chosen.groups]
    if request.GET.get("format") == "xlsx":
        return policy_workbook(chosen, found, summaries, year=year, city=city)
    return render(request, "transformation/policy_list.html", {
        "policy": chosen, "form": form, "year": year, "city": city, "totals": policy.totals(found),
        "summaries": summaries, "page": page_of(request, found, per_page=50),
        "export_query": form.export_query()})
