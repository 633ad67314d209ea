"""A session's dashboard (its organisers and the administrators): each target's value against
its goal and its verdict, as the compliance job last computed them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from jbgs.views.helpers import require
from sessions_mgmt import access, selectors


@login_required
def session_dashboard(request, pk: int):
    session = get_object_or_404(selectors.sessions(), pk=pk)
    require(access.may_manage(request.user, session))
    return render(request, "sessions_mgmt/dashboard.html", {
        "session": session, "targets": selectors.target_cards(session)})
