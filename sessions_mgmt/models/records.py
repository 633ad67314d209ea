"""What a session records, by its organisers (in the browser or by Excel upload) and by itself
from the platform: its activities and the enterprises they served, its roadshows with their
projects, units and media reports, its typical cases, the projects it recommends to the annual
exhibition, the intentions and deals it brought about (those reached offline with their
evidence: 各地通过线下方式促成的意向合作和技术交易情况均需通过线上平台进行数据汇交), its
summary report, and the catalogue items and demands it collected.

Every record carries the day it happened: the compliance job counts a figure as of a day from
the records dated on or before it, so computing a past day again gives the same figure."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jbgs.files import private_upload_to
from jbgs.validators import validate_credit_code
from sessions_mgmt.choices import ActivityKind, ProjectKind, ServerKind

MONEY = {"max_digits": 14, "decimal_places": 2}


class _Record(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-id"]


class Server(_Record):
    """A person who serves enterprises for the session (三团一员): a technology manager, a
    member of a 科技镇长团, of a university expert team, or a liaison. The talent sessions rank
    them by their results (服务大比拼)."""

    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="servers")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("serves as"), max_length=20, choices=ServerKind.choices)
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("firm or unit"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta(_Record.Meta):
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["session", "name", "kind"], name="server_once_per_session")]
        verbose_name = _("service person")
        verbose_name_plural = _("service people")

    def __str__(self):
        return self.name


class Activity(_Record):
    """A service activity (走访、沙龙、研讨、论坛): the enterprises it served are counted once
    each by credit code across all of the session's activities, not per visit."""

    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    servers = models.ManyToManyField(Server, blank=True, related_name="activities", verbose_name=_("served by"))

    class Meta(_Record.Meta):
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["session", "held_on"], name="activity_session_day")]
        verbose_name = _("service activity")
        verbose_name_plural = _("service activities")

    def __str__(self):
        return self.title


class ServedEnterprise(models.Model):
    """An enterprise an activity served, by its unified social credit code; `division` is the
    administrative division the code carries (its 3rd to 8th characters), which says whether
    the enterprise lies outside the host's city."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="enterprises")
    credit_code = models.CharField(_("unified social credit code"), max_length=18,
                                   validators=[validate_credit_code])
    name = models.CharField(_("enterprise"), max_length=200)
    division = models.CharField(_("division code"), max_length=6)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["activity", "credit_code"], name="served_once_per_activity")]
        indexes = [models.Index(fields=["credit_code"], name="served_credit_code")]
        verbose_name = _("enterprise served")
        verbose_name_plural = _("enterprises served")

    def __str__(self):
        return self.name


class Roadshow(_Record):
    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="roadshows")
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.PositiveIntegerField(_("attendees"))

    class Meta(_Record.Meta):
        ordering = ["-held_on", "-id"]
        verbose_name = _("roadshow")
        verbose_name_plural = _("roadshows")

    def __str__(self):
        return self.title


class RoadshowProject(models.Model):
    roadshow = models.ForeignKey(Roadshow, models.CASCADE, related_name="projects")
    title = models.CharField(_("project"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    presenter = models.CharField(_("presented by"), max_length=200)
    major_result = models.BooleanField(_("a major result of a key university or institute"), default=False)
    item = models.ForeignKey("auction.Item", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("catalogue item"))
    demand = models.ForeignKey("challenge.Demand", models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("demand"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("roadshow project")
        verbose_name_plural = _("roadshow projects")

    def __str__(self):
        return self.title


class RoadshowUnit(models.Model):
    """A unit attending a roadshow, and the host that invited it."""

    roadshow = models.ForeignKey(Roadshow, models.CASCADE, related_name="units")
    name = models.CharField(_("unit"), max_length=200)
    invited_by = models.ForeignKey("jbgs.Organization", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("invited by"))

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["roadshow", "name"], name="roadshow_unit_once")]
        verbose_name = _("attending unit")
        verbose_name_plural = _("attending units")

    def __str__(self):
        return self.name


class MediaReport(_Record):
    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="media_reports")
    roadshow = models.ForeignKey(Roadshow, models.SET_NULL, null=True, blank=True, related_name="media_reports")
    outlet = models.CharField(_("outlet"), max_length=100)
    title = models.CharField(_("headline"), max_length=300)
    url = models.URLField(_("link"), max_length=500)
    published_on = models.DateField(_("published on"))

    class Meta(_Record.Meta):
        ordering = ["-published_on", "-id"]
        verbose_name = _("media report")
        verbose_name_plural = _("media reports")

    def __str__(self):
        return self.title


class TypicalCase(_Record):
    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="cases")
    title = models.CharField(_("title"), max_length=200)
    parties = models.CharField(_("parties"), max_length=300)
    summary = models.TextField(_("summary"))
    recorded_on = models.DateField(_("recorded on"))
    public = models.BooleanField(_("shown on the public page"), default=True)

    class Meta(_Record.Meta):
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")

    def __str__(self):
        return self.title


class RecommendedProject(_Record):
    """A project recommended to the year's annual exhibition (成效展)."""

    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="recommended")
    title = models.CharField(_("project"), max_length=200)
    unit = models.CharField(_("unit"), max_length=200)
    summary = models.TextField(_("summary"))
    recommended_on = models.DateField(_("recommended on"))
    item = models.ForeignKey("auction.Item", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("catalogue item"))

    class Meta(_Record.Meta):
        verbose_name = _("recommended project")
        verbose_name_plural = _("recommended projects")

    def __str__(self):
        return self.title


class Intention(_Record):
    """An intention to cooperate (意向对接) the session brought about, reached offline or
    online; one the platform recorded as a cooperation points to it and is counted once."""

    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="intentions")
    subject = models.CharField(_("subject"), max_length=200)
    supply_party = models.CharField(_("supply side"), max_length=200)
    demand_party = models.CharField(_("demand side"), max_length=200)
    reached_on = models.DateField(_("reached on"))
    offline = models.BooleanField(_("reached offline"), default=True)
    evidence = models.FileField(_("evidence"), upload_to=private_upload_to("sessions"), blank=True)
    cooperation = models.ForeignKey("challenge.Cooperation", models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("cooperation on the platform"))
    server = models.ForeignKey(Server, models.SET_NULL, null=True, blank=True, related_name="intentions",
                               verbose_name=_("brought about by"))

    class Meta(_Record.Meta):
        ordering = ["-reached_on", "-id"]
        verbose_name = _("intention")
        verbose_name_plural = _("intentions")

    def __str__(self):
        return self.subject


class DealRecord(_Record):
    """A technology deal the session brought about, reported by its organiser: reached offline
    with its contract as evidence, or one the platform also registered (`deal`, found by its
    contract or registration number), which is then counted once."""

    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="deal_records")
    subject = models.CharField(_("subject"), max_length=200)
    seller = models.CharField(_("seller"), max_length=200)
    buyer = models.CharField(_("buyer"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    signed_on = models.DateField(_("signed on"))
    contract_number = models.CharField(_("contract or registration number"), max_length=60, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=private_upload_to("sessions"), blank=True)
    deal = models.ForeignKey("auction.Deal", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("deal on the platform"))
    server = models.ForeignKey(Server, models.SET_NULL, null=True, blank=True, related_name="deals",
                               verbose_name=_("brought about by"))

    class Meta(_Record.Meta):
        ordering = ["-signed_on", "-id"]
        verbose_name = _("reported deal")
        verbose_name_plural = _("reported deals")

    def __str__(self):
        return self.subject


class SummaryReport(models.Model):
    session = models.OneToOneField("sessions_mgmt.Session", models.CASCADE, related_name="report")
    file = models.FileField(_("file"), upload_to=private_upload_to("sessions"))
    original_name = models.CharField(_("file name"), max_length=255)
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("summary report")
        verbose_name_plural = _("summary reports")

    def __str__(self):
        return self.original_name


class SessionItem(models.Model):
    """A catalogue item in the session's collection: one the session collected and the
    catalogue published. An item published in an earlier year cannot be counted again."""

    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="collected_items")
    item = models.ForeignKey("auction.Item", models.CASCADE, related_name="+")
    collected_at = models.DateTimeField(_("collected at"), auto_now_add=True)
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["session", "item"], name="session_item_once")]
        indexes = [models.Index(fields=["item"], name="session_item_item")]
        verbose_name = _("collected item")
        verbose_name_plural = _("collected items")


class SessionDemand(models.Model):
    """A demand in the session's collection."""

    session = models.ForeignKey("sessions_mgmt.Session", models.CASCADE, related_name="collected_demands")
    demand = models.ForeignKey("challenge.Demand", models.CASCADE, related_name="+")
    collected_at = models.DateTimeField(_("collected at"), auto_now_add=True)
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["session", "demand"], name="session_demand_once")]
        indexes = [models.Index(fields=["demand"], name="session_demand_demand")]
        verbose_name = _("collected demand")
        verbose_name_plural = _("collected demands")


class SpecialAward(_Record):
    """A special award of the year's annual exhibition (成效展), given to a session, a case or a
    recommended project."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("award"), max_length=200)
    recipient = models.CharField(_("awarded to"), max_length=200)
    session = models.ForeignKey("sessions_mgmt.Session", models.SET_NULL, null=True, blank=True, related_name="awards")
    case = models.ForeignKey(TypicalCase, models.SET_NULL, null=True, blank=True, related_name="awards")
    project = models.ForeignKey(RecommendedProject, models.SET_NULL, null=True, blank=True, related_name="awards")
    citation = models.TextField(_("citation"), blank=True)

    class Meta(_Record.Meta):
        ordering = ["-year", "id"]
        verbose_name = _("special award")
        verbose_name_plural = _("special awards")

    def __str__(self):
        return self.title
