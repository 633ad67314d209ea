"""The portal's frame: navigation entries and home-page panels.

The kernel imports no app, so each app registers its own entries and panels from its
AppConfig.ready(); the layout shows each reader those that match their roles.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse

ANYONE = "anyone"  # also anonymous visitors
SIGNED_IN = "signed_in"  # any signed-in person, whatever their roles


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    audience: tuple[str, ...] = (SIGNED_IN,)
    # "main" in the top bar, "admin" under the administration menu, "account" under the
    # signed-in person's own menu (their name)
    group: str = "main"
    order: int = 100
    badge: Callable | None = None  # request -> int | None
    # In the top bar, the entries of one `menu` (its label) fold into one dropdown, where the
    # first of them would stand: a role with many entries keeps a bar that fits.
    menu: str = ""
    # user -> bool: narrows the audience further (a kind of unit, a city's authority), so that
    # nobody is offered an entry whose page would only answer "not found".
    shown: Callable | None = None


@dataclass(frozen=True)
class HomePanel:
    """A card on a signed-in person's home page. `context(request)` returns the template
    context, or None when the panel has nothing to show this person."""

    key: str
    template: str
    context: Callable
    audience: tuple[str, ...] = (SIGNED_IN,)
    order: int = 100
    width: str = "col-lg-6"


_nav: dict[str, NavItem] = {}
_panels: dict[str, HomePanel] = {}


def register_nav(item: NavItem) -> None:
    _nav[item.key] = item


def register_panel(panel: HomePanel) -> None:
    _panels[panel.key] = panel


def reaches(user, audience: tuple[str, ...]) -> bool:
    if ANYONE in audience:
        return True
    if not user.is_authenticated:
        return False
    return SIGNED_IN in audience or user.has_role(*audience)


@dataclass
class RenderedNav:
    item: NavItem
    url: str
    active: bool
    badge: int | None = field(default=None)

    @property
    def label(self):
        return self.item.label


@dataclass
class RenderedMenu:
    label: str
    children: list[RenderedNav]

    @property
    def active(self) -> bool:
        return any(child.active for child in self.children)

    @property
    def badge(self) -> int | None:
        return sum(child.badge or 0 for child in self.children) or None


def _folded(items: list[RenderedNav]) -> list[RenderedNav | RenderedMenu]:
    """The entries with a menu folded into one dropdown per menu; a menu of one entry stays
    an entry."""
    menus: dict[str, RenderedMenu] = {}
    folded: list[RenderedNav | RenderedMenu] = []
    for entry in items:
        if not entry.item.menu:
            folded.append(entry)
            continue
        key = str(entry.item.menu)
        if key not in menus:
            menus[key] = RenderedMenu(entry.item.menu, [])
            folded.append(menus[key])
        menus[key].children.append(entry)
    return [entry.children[0] if isinstance(entry, RenderedMenu) and len(entry.children) == 1 else entry
            for entry in folded]


class PortalContext:
    """Lazily computed per request: pages that do not show a part never pay for it."""

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def _items(self, group: str) -> list[RenderedNav]:
        path = self.request.path
        rendered = []
        for item in sorted(_nav.values(), key=lambda i: i.order):
            if item.group != group or not reaches(self.user, item.audience):
                continue
            if item.shown is not None and not item.shown(self.user):
                continue
            url = reverse(item.url_name)
            active = path == url if url == "/" else path.startswith(url)
            badge = item.badge(self.request) if item.badge else None
            rendered.append(RenderedNav(item, url, active, badge))
        return rendered

    @cached_property
    def nav(self) -> list[RenderedNav | RenderedMenu]:
        return _folded(self._items("main"))

    @cached_property
    def admin_nav(self) -> list[RenderedNav]:
        return self._items("admin")

    @cached_property
    def account_nav(self) -> list[RenderedNav]:
        return self._items("account")

    @cached_property
    def admin_badge(self) -> int:
        return sum(item.badge or 0 for item in self.admin_nav)

    @cached_property
    def account_badge(self) -> int:
        return sum(item.badge or 0 for item in self.account_nav)

    @cached_property
    def unread_count(self) -> int:
        if not self.user.is_authenticated:
            return 0
        return self.user.notifications.unread().count()


def home_panels(request) -> list[tuple[HomePanel, dict]]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        if not reaches(request.user, panel.audience):
            continue
        context = panel.context(request)
        if context is not None:
            shown.append((panel, context))
    return shown
