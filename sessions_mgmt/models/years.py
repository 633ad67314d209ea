"""A year of special sessions: when local authorities may apply to host, and the period the
year's sessions run by default (the documents: 申办 February–April, selection in early May,
activities May–October, the summary at the year's end)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    applications_open = models.DateField(_("applications open on"))
    applications_close = models.DateField(_("applications close on"))
    sessions_start = models.DateField(_("sessions start on"))
    sessions_end = models.DateField(_("sessions end on"),
                                    help_text=_("The day the year's targets are finally judged."))
    # The year's hosting rules (申办要求), as data.
    city_cap = models.PositiveSmallIntegerField(_("sessions a city may host as main host"), default=2)
    county_cap = models.PositiveSmallIntegerField(_("sessions a county may host as main host"), default=1)
    regional_authorities = models.PositiveSmallIntegerField(
        _("local authorities a regional session needs, at least"), default=2)
    auction_needs_university = models.BooleanField(
        _("an auction-season session needs a university co-host"), default=False)
    challenge_needs_science_park = models.BooleanField(
        _("a challenge-season session needs a science-park co-host"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(applications_open__lte=models.F("applications_close")),
                                   name="application_window_in_order"),
            models.CheckConstraint(condition=models.Q(sessions_start__lt=models.F("sessions_end")),
                                   name="session_period_in_order"),
        ]
        verbose_name = _("session year")
        verbose_name_plural = _("session years")

    def __str__(self):
        return str(self.year)

    def clean(self):
        if self.applications_open and self.applications_close and self.applications_open > self.applications_close:
            raise ValidationError({"applications_close": _("The window must close after it opens.")})
        if self.sessions_start and self.sessions_end and self.sessions_start >= self.sessions_end:
            raise ValidationError({"sessions_end": _("The sessions must end after they start.")})

    def accepts_applications(self, day) -> bool:
        return self.applications_open <= day <= self.applications_close
