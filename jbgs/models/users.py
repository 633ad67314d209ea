from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.choices import ExpertKind, Role


class UserManager(BaseUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("roles", [Role.ADMIN])
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person, in exactly one organisation, holding one or more roles.

    The roles are the source of truth: the Django flags is_staff and is_superuser follow
    the `admin` role and are never set on their own.
    """

    first_name = None
    last_name = None
    name = models.CharField(_("full name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organization = models.ForeignKey(
        "jbgs.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices),
        verbose_name=_("roles"),
        default=list,
        blank=True,
    )

    expert_kind = models.CharField(_("kind of expert"), max_length=20, choices=ExpertKind.choices, blank=True,
                                   help_text=_("For accounts with the expert role: what the expert brings to a panel."))

    objects = UserManager()
    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["organization"], name="user_org_idx")]

    def __str__(self):
        return self.name or self.username

    def save(self, *args, **kwargs):
        self.roles = sorted(set(self.roles), key=list(Role.values).index)
        self.is_staff = self.is_superuser = Role.ADMIN in self.roles
        if kwargs.get("update_fields") is not None and "roles" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff", "is_superuser"}
        new_password = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if new_password:
            # Every way a password changes (the person's own form, a reset by e-mail, an
            # administrator) comes through here: the API tokens given for the old one end.
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user=self).delete()

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and Role.ADMIN in self.roles

    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]
