"""The sessions' public face (anyone, on a phone or in the WeChat in-app browser): the list of
sessions and each session's page with its supply and demand, trading dynamics, events, cases
and targets' progress. Public fields only: no amount, no party of a deal, nothing unpublished."""

from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from sessions_mgmt import selectors


def _share(request, title: str, description: str) -> dict:
    """What a share in WeChat or elsewhere shows: a title, a line, an image, the address."""
    return {"share_title": title, "share_description": description,
            "share_image": request.build_absolute_uri(static("img/share.png")),
            "share_url": request.build_absolute_uri()}


def public_list(request):
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else None
    return render(request, "sessions_mgmt/public_list.html", {
        "sessions": selectors.public_sessions(year)[:200], "year": year, "years": selectors.years_with_sessions(),
        **_share(request, _("Special sessions"), _("Supply, demand, deals and events of the special sessions."))})


def public_session(request, pk: int):
    session = selectors.session_page(pk)
    if session is None:
        raise Http404
    return render(request, "sessions_mgmt/public_session.html", {
        **_share(request, session.title, session.summary or " · ".join(
            [session.get_session_type_display(), *(host.organization.name for host in session.hosts.all())])),
        "session": session, "cards": selectors.target_cards(session, links=False),
        **selectors.public_supply(session), **selectors.public_trading(session), **selectors.public_events(session)})
