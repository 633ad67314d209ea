"""API authentication."""

import functools

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from jbgs.choices import OrganizationStatus
from jbgs.db import columns, load, width
from jbgs.services.users import token_lifetime


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Authorization: Token <key>`, with the token and its user read by one
    hand-written query: every API request runs it, bidders' most of all, and the ORM spent
    twice as long compiling it as the database took to answer (see jbgs.db.columns)."""

    def authenticate_credentials(self, key):
        select, tables = token_query()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {select} FROM {tables} WHERE {TOKEN_KEY} = %s", [key])
            row = cursor.fetchone()
        return credentials(row)


TOKEN_KEY = 't."key"'  # the token's key in token_query()


def token_query() -> tuple[str, str]:
    """The select list and the tables of the token's query: the token `t`, its user `u` and
    the user's unit's status. A query may read what a request needs along with its caller,
    joined to `u`, in one round trip (the bid's fast path does); credentials() reads the row."""
    return _token_query(get_user_model())


@functools.cache
def _token_query(user_model) -> tuple[str, str]:
    token_model, quote = _token_model(), connection.ops.quote_name
    token_meta = token_model._meta
    return (f"{columns(token_model, 't')}, {columns(user_model, 'u')}, o.status",
            f"{quote(token_meta.db_table)} t JOIN {quote(user_model._meta.db_table)} u "
            f"ON u.{quote(user_model._meta.pk.column)} = t.{quote(token_meta.get_field('user').column)} "
            "LEFT JOIN jbgs_organization o ON o.id = u.organization_id")


def _token_model():
    from rest_framework.authtoken.models import Token

    return Token


def credentials(row, start: int = 0):
    """(user, token) from a row whose columns at `start` are token_query()'s (None: no such
    token), or AuthenticationFailed as the API answers it."""
    token_model, user_model = _token_model(), get_user_model()
    if row is None or row[start] is None:
        raise exceptions.AuthenticationFailed(_("Invalid token."))
    token, user = load(token_model, row, start), load(user_model, row, start + width(token_model))
    if not user.is_active:
        raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
    if row[start + width(token_model) + width(user_model)] == OrganizationStatus.SUSPENDED:
        raise exceptions.AuthenticationFailed(_("Your unit is suspended on the platform; contact the administrator."))
    if token.created + token_lifetime() <= timezone.now():
        raise exceptions.AuthenticationFailed(_("The token has expired: ask for a new one."))
    token.user = user
    return user, token


def token_width() -> int:
    """How many columns token_query() selects."""
    return width(_token_model()) + width(get_user_model()) + 1
