from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Acceptance(models.Model):
    """Someone's acceptance of a version of a legal text: who accepted, when, and from which
    address. A unit's 委托服务协议 (AgreementAcceptance) and a person's 《免责声明》 of the
    demand side keep their acceptances alike, each saying what was accepted."""

    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("accepted by")
    )
    accepted_at = models.DateTimeField(_("accepted at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        abstract = True
