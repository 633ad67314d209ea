"""The vocabulary of the permission table: the roles, the answers, a row, and the helpers
that keep rows short while every role's answer is spelled out once resolved.

A row names one request (method, route and the world's objects it is about, a body) and
what each role gets back. `answers()` is the one way a row states that: a default for the
roles it does not name, so `admin_only()` reads as it says, and `expected` always holds
all the roles.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

# Who asks: nobody signed in, then one person per kind of access the portal knows. The
# liaison is the seller unit's (it owns the world's lists, items and lots); the bidder is
# registered for the world's lot with the deposit held and its unit bought the world's deal.
ROLES = (
    "anonymous",
    "admin",
    "liaison",
    "other_liaison",
    "enterprise",
    "expert",
    "organizer",
    "bidder",
    "other_bidder",
    "manager",
)
SIGNED_IN = ROLES[1:]

# The answers, as a person (or an API client) notices them.
OK = "OK"  # 200
CREATED = "CREATED"  # 201
ACCEPTED = "ACCEPTED"  # 202 (an API job queued)
NO_CONTENT = "NO_CONTENT"  # 204
DONE = "DONE"  # 302 after a POST that did what it asked, with no error message
REDIRECT = "REDIRECT"  # 302 of a GET to another page (not the sign-in page)
LOGIN = "LOGIN"  # 302 to the sign-in page
REFUSED = "REFUSED"  # a reason in words: 400/409, a form shown again with errors, an error message
AUTH = "AUTH"  # 401: the API asks for credentials
DENIED = "DENIED"  # 403
HIDDEN = "HIDDEN"  # 404: an object the role may not know exists
NOT_ALLOWED = "NOT_ALLOWED"  # 405: the method is not one the route answers


@dataclass(frozen=True)
class Row:
    """One request and every role's answer to it.

    `url` is the route's name and its arguments: the world's objects by name (`"@lot"`, its
    primary key is used) or literal values, `("auction:lot", "@lot")`. `query` is the query
    string, `data` the body; either may be a function of the world (uploads are read once,
    so a body with a file is one). `api` rows authenticate with the role's token."""

    name: str
    method: str
    url: tuple
    expected: Mapping[str, str]
    data: Any = None
    query: str | Callable = ""
    api: bool = False
    format: str | None = None  # the API body's format; json unless "multipart"

    @property
    def route(self) -> str:
        return self.url[0]

    def path(self, world) -> str:
        route, *args = self.url
        query = self.query(world) if callable(self.query) else self.query
        return reverse(route, args=[_argument(world, a) for a in args]) + (f"?{query}" if query else "")

    def body(self, world):
        return self.data(world) if callable(self.data) else self.data


def _argument(world, name):
    if not isinstance(name, str) or not name.startswith("@"):
        return name
    value = getattr(world, name[1:])
    return getattr(value, "pk", value)


def answers(default: str | None = None, *, signed_in: str | None = None, **by_role: str) -> dict[str, str]:
    """Every role's answer: the roles named, then `signed_in` for the other signed-in roles,
    then `default` for whoever is left (anonymous, unless `signed_in` is not given)."""
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    resolved = {}
    for role in ROLES:
        if role in by_role:
            resolved[role] = by_role[role]
        elif signed_in is not None and role != "anonymous":
            resolved[role] = signed_in
        elif default is not None:
            resolved[role] = default
        else:
            raise ValueError(f"no answer for {role}")
    return resolved


def row(name: str, method: str, url, expected: dict, data=None, **options) -> Row:
    return Row(name=name, method=method, url=url, expected=expected, data=data, **options)


# The usual shapes. Each takes the answer of those allowed (OK by default) and overrides.


def public(ok: str = OK, **by_role) -> dict:
    """Everyone, signed in or not."""
    return answers(ok, **by_role)


def signed_in(ok: str = OK, **by_role) -> dict:
    """Any signed-in person; a visitor is sent to sign in."""
    return answers(LOGIN, signed_in=ok, **by_role)


def admin_only(ok: str = OK, *, others: str = DENIED, anonymous: str = LOGIN, **by_role) -> dict:
    """Platform administrators only: others are refused, visitors sent to sign in."""
    return answers(anonymous, signed_in=others, **{"admin": ok, **by_role})


def owner_and_admin(ok: str = OK, *, others: str = HIDDEN, anonymous: str = LOGIN, **by_role) -> dict:
    """The seller unit's liaison and the administrators; an object the others may not know of."""
    return answers(anonymous, signed_in=others, **{"admin": ok, "liaison": ok, **by_role})


def api_signed_in(ok: str = OK, **by_role) -> dict:
    return answers(AUTH, signed_in=ok, **by_role)


def api_admin_only(ok: str = OK, *, others: str = DENIED, **by_role) -> dict:
    return answers(AUTH, signed_in=others, **{"admin": ok, **by_role})


def api_owner_and_admin(ok: str = OK, *, others: str = HIDDEN, **by_role) -> dict:
    return answers(AUTH, signed_in=others, **{"admin": ok, "liaison": ok, **by_role})


@dataclass
class World:
    """The objects rows refer to by name (`"@lot"`), built once per test by the registered
    builders (tests.permissions.registry.BUILDERS); `users` maps each role to its person."""

    users: dict = field(default_factory=dict)

    def user(self, role: str):
        return self.users.get(role)


def api_row(name: str, method: str, url, expected: dict, data=None, **options) -> Row:
    """A request to the API, authenticated as the role by its token."""
    return Row(name=name, method=method, url=url, expected=expected, data=data, api=True, **options)
