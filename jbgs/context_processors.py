from jbgs import ui


def portal(request):
    """The navigation for the reader's roles and their unread count, on every page."""
    return {"portal": ui.PortalContext(request)}
