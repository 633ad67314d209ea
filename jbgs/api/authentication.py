"""API authentication."""

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
        token_model, user_model, quote = self.get_model(), get_user_model(), connection.ops.quote_name
        token_meta = token_model._meta
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns(token_model, 't')}, {columns(user_model, 'u')}, o.status "
                           f"FROM {quote(token_meta.db_table)} t JOIN {quote(user_model._meta.db_table)} u "
                           f"ON u.{quote(user_model._meta.pk.column)} = t.{quote(token_meta.get_field('user').column)} "
                           "LEFT JOIN jbgs_organization o ON o.id = u.organization_id "
                           f"WHERE t.{quote(token_meta.get_field('key').column)} = %s", [key])
            row = cursor.fetchone()
        if row is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token, user = load(token_model, row), load(user_model, row, width(token_model))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if row[-1] == OrganizationStatus.SUSPENDED:
            raise exceptions.AuthenticationFailed(_("Your unit is suspended on the platform; contact the administrator."))
        if token.created + token_lifetime() <= timezone.now():
            raise exceptions.AuthenticationFailed(_("The token has expired: ask for a new one."))
        token.user = user
        return user, token
