"""The organisers' and administrators' dashboards: a session's target cards and charts, the
sessions a person runs, and the province's overview of a year."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from jbgs import access as kernel_access
from jbgs.views.helpers import admin_required, require
from sessions_mgmt import access, selectors
from sessions_mgmt.choices import TargetStatus


@login_required
def session_dashboard(request, pk: int):
    session = selectors.session_page(pk)
    if session is None:
        raise Http404
    require(access.may_manage(request.user, session))
    return render(request, "sessions_mgmt/dashboard.html", {
        "session": session, "cards": selectors.target_cards(session), "history": selectors.history(session),
        "admin": kernel_access.is_admin(request.user)})


@login_required
def my_sessions(request):
    """The sessions a person runs: their unit's, or every session for an administrator."""
    require(access.is_organiser(request.user) or kernel_access.is_admin(request.user))
    return render(request, "sessions_mgmt/mine.html", {"sessions": selectors.my_sessions(request.user),
                                                       "may_apply": access.may_apply(request.user)})


def _year(request, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and len(raw) == 4:
        return int(raw)
    return years[0] if years else None


@admin_required
def province(request):
    years = selectors.years_with_sessions()
    year = _year(request, years)
    context = {"year": year, "years": years, "statuses": selectors.STATUS_ORDER,
               "status_labels": {status: str(label) for status, label in TargetStatus.choices}}
    if year is not None:
        servers, total = selectors.ranking_head(year, RANKING_ROWS)
        context.update(selectors.province(year), **_year_figures(year), servers=servers,
                       servers_more=total - len(servers))
    return render(request, "sessions_mgmt/province.html", context)


# The service ranking's head on the page (the whole ranking is in the province's Excel report):
# a page that stays the same size whatever the number of talent sessions.
RANKING_ROWS = 30


# The campaigns' funnels and the universities' results count the whole year's catalogue,
# demands and deals: the page's costliest part (bench/session_dashboard.py), and figures that
# a minute's delay does not change in meaning. The sessions' verdicts are read live.
YEAR_FIGURES_SECONDS = 60


def _year_figures(year: int) -> dict:
    key = f"sessions:province-figures:{year}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = {"funnels": selectors.funnels(year), "universities": list(selectors.university_results(year))}
        cache.set(key, figures, YEAR_FIGURES_SECONDS)
    return figures
