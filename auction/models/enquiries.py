"""Enquiries (咨询): a signed-in visitor's question to the seller of a catalogue entry, and the
answer of the seller unit's liaison or of the platform."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from auction.choices import EnquiryStatus
from jbgs.validators import validate_phone

MESSAGE_MAX = 1000
ANSWER_MAX = 2000


class Enquiry(models.Model):
    item = models.ForeignKey("auction.Item", models.PROTECT, related_name="enquiries", verbose_name=_("item"))
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="enquiries",
                              verbose_name=_("asked by"), db_index=False)  # enquiry_asker_idx leads with it
    # The asker's unit when they asked: people move, the enquiry stays with the unit it came from.
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("unit"))
    contact_name = models.CharField(_("contact name"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=30, validators=[validate_phone])
    message = models.CharField(_("question"), max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(_("asked at"))
    status = models.CharField(_("status"), max_length=20, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN)
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=EnquiryStatus.ANSWERED) | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="enquiry_answered_has_answer"),
        ]
        indexes = [
            models.Index(fields=["asker", "-created_at"], name="enquiry_asker_idx"),
            models.Index(fields=["status", "-created_at"], name="enquiry_status_idx"),
        ]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")

    def __str__(self):
        return f"{self.item.title} · {self.contact_name}"
