"""Hosting applications (申办表): a local authority asks to host a session of a year, with its
co-hosts, plan and supporting policies; the province selects the hosts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.files import private_upload_to
from sessions_mgmt.choices import ApplicationStatus, CoHostRole, SessionType


class HostingApplication(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    session_type = models.CharField(_("session type"), max_length=30, choices=SessionType.choices)
    field = models.ForeignKey("jbgs.IndustryField", models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("industry field"))
    applicant = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="hosting_applications",
                                  verbose_name=_("main host"))
    title = models.CharField(_("session title"), max_length=200)
    torch = models.BooleanField(_("hosts the 火炬科技成果直通车（江苏站）"), default=False)
    plan = models.TextField(_("work plan"))
    policies = models.TextField(_("supporting policies"), blank=True)
    groundwork = models.TextField(_("groundwork and organisation"), blank=True)
    liaison_name = models.CharField(_("liaison"), max_length=100)
    liaison_phone = models.CharField(_("liaison's phone"), max_length=30)
    liaison_email = models.EmailField(_("liaison's e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decision_comment = models.TextField(_("decision comment"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["year", "applicant"], name="hosting_app_year_applicant")]
        verbose_name = _("hosting application")
        verbose_name_plural = _("hosting applications")

    def __str__(self):
        return self.title


class CoHost(models.Model):
    """A unit hosting with the applicant (联合承办/协办): its role is read from its kind."""

    application = models.ForeignKey(HostingApplication, models.CASCADE, related_name="co_hosts")
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="+",
                                     verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=20, choices=CoHostRole.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["application", "organization"], name="co_host_once")]
        verbose_name = _("co-host")
        verbose_name_plural = _("co-hosts")

    def __str__(self):
        return str(self.organization)


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(HostingApplication, models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=private_upload_to("sessions"))
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("application attachment")
        verbose_name_plural = _("application attachments")

    def __str__(self):
        return self.original_name
