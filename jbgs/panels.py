"""The kernel's navigation entries and home-page panels (registered in JbgsConfig.ready)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jbgs import access, selectors
from jbgs.choices import OrganizationStatus, Role
from jbgs.services.organizations import current_acceptance
from jbgs.ui import ANYONE, HomePanel, NavItem, register_nav, register_panel


def _pending_count(request) -> int:
    return selectors.pending_organizations().count()


def _applications(request):
    pending = selectors.pending_organizations()
    return {
        "pending": pending[:8],
        "pending_count": pending.count(),
        "counts": selectors.organization_counts(),
    }


def _agreement(request):
    org = request.user.organization
    if (
        org is None
        or org.status != OrganizationStatus.ACTIVE
        or not request.user.has_role(*access.SUBMITTING_ROLES)
    ):
        return None
    return {"organization": org, "acceptance": current_acceptance(org)}


def _campaigns(request):
    today = timezone.localdate()
    return {"campaigns": selectors.running_campaigns(today), "today": today}


def _inbox(request):
    unread = request.user.notifications.unread()
    return {"notes": unread[:5], "unread_count": unread.count()}


def _account(request):
    return {"user": request.user, "organization": request.user.organization}


def _recent_audit(request):
    return {"entries": selectors.audit_entries()[:8]}


def register() -> None:
    register_nav(NavItem("home", _("Home"), "home", audience=(ANYONE,), order=0))
    register_nav(
        NavItem("campaigns", _("Campaigns"), "campaign-list", audience=(ANYONE,), order=90)
    )
    # One's unit is one's own: in the name's menu, which keeps the top bar for the campaigns.
    register_nav(NavItem("my-organization", _("My unit"), "my-organization", group="account", order=1))
    admin = (Role.ADMIN,)
    register_nav(
        NavItem(
            "review",
            _("Applications"),
            "organization-review-list",
            audience=admin,
            group="admin",
            order=10,
            badge=_pending_count,
        )
    )
    register_nav(
        NavItem(
            "organizations",
            _("Units"),
            "organization-list",
            audience=admin,
            group="admin",
            order=20,
        )
    )
    register_nav(
        NavItem("users", _("Accounts"), "user-list", audience=admin, group="admin", order=30)
    )
    register_nav(
        NavItem("audit", _("Audit log"), "audit-list", audience=admin, group="admin", order=90)
    )

    register_panel(
        HomePanel(
            "applications", "jbgs/panels/applications.html", _applications, audience=admin, order=10
        )
    )
    register_panel(HomePanel("agreement", "jbgs/panels/agreement.html", _agreement, order=20))
    register_panel(
        HomePanel("campaigns", "jbgs/panels/campaigns.html", _campaigns, order=50, width="col-lg-8")
    )
    register_panel(HomePanel("inbox", "jbgs/panels/inbox.html", _inbox, order=60, width="col-lg-4"))
    register_panel(
        HomePanel(
            "recent-audit", "jbgs/panels/recent_audit.html", _recent_audit, audience=admin, order=80
        )
    )
    register_panel(
        HomePanel("account", "jbgs/panels/account.html", _account, order=99, width="col-lg-4")
    )
