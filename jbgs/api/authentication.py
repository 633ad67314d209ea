"""API authentication."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from jbgs.db import columns, load, width


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Authorization: Token <key>`, with the token and its user read by one
    hand-written query: every API request runs it, bidders' most of all, and the ORM spent
    twice as long compiling it as the database took to answer (see jbgs.db.columns)."""

    def authenticate_credentials(self, key):
        user_model, quote = get_user_model(), connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns(Token, 't')}, {columns(user_model, 'u')} "
                           f"FROM {quote(Token._meta.db_table)} t JOIN {quote(user_model._meta.db_table)} u "
                           f"ON u.{quote(user_model._meta.pk.column)} = t.{quote(Token._meta.get_field('user').column)} "
                           "WHERE t.key = %s", [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token, user = load(Token, row), load(user_model, row, width(Token))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token.user = user
        return user, token
