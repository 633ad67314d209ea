from django.shortcuts import render
from django.utils import timezone

from jbgs import selectors, ui


def home(request):
    """Visitors see the campaigns; a signed-in person sees the panels for their roles."""
    if not request.user.is_authenticated:
        campaigns = selectors.running_campaigns(timezone.localdate())
        return render(
            request, "jbgs/landing.html", {"campaigns": campaigns, "today": timezone.localdate()}
        )
    return render(request, "jbgs/home.html", {"panels": ui.home_panels(request)})
