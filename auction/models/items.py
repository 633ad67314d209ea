from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from auction.choices import (
    ItemKind,
    ItemReview,
    LegalStatus,
    Maturity,
    PatentType,
    ProgrammeLevel,
    ResultCategory,
    TradeMode,
)
from jbgs.files import private_upload_to

# What a unit fills in for each kind of item, in the order of the official 《专利征集表》
# and 《成果征集表》. The browser form, the importer's columns and the API take their fields
# from here; the rest of an item (review, selection, publication) is the platform's.
FIELDS_BY_KIND = {
    ItemKind.PATENT: (
        "title", "application_number", "patent_type", "application_date", "grant_date", "legal_status", "patentees",
        "inventors", "ipc", "field", "summary", "prospects", "maturity", "trade_modes", "asking_price",
        "programme_related", "programme_level", "programme_name", "carbon_related", "roadshow_pick",
        "open_license_fee", "open_license_payment", "open_license_term",
    ),
    ItemKind.RESULT: (
        "title", "result_year", "result_category", "linked_patents", "field", "summary", "prospects", "maturity",
        "trade_modes", "asking_price", "programme_related", "programme_level", "programme_name", "carbon_related",
        "roadshow_pick", "open_license_fee", "open_license_payment", "open_license_term",
    ),
}
ITEM_FIELDS = tuple(dict.fromkeys(FIELDS_BY_KIND[ItemKind.PATENT] + FIELDS_BY_KIND[ItemKind.RESULT]))


class Item(models.Model):
    """A patent or a research result in a unit's list: what the 专利征集表 and 成果征集表 ask,
    its review state, whether the experts selected it, and when it was published."""

    submission_list = models.ForeignKey("auction.SubmissionList", models.CASCADE, related_name="items")
    # Copied from the list so that a patent can be unique per year and the catalogue can
    # filter without joins.
    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="+")
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="auction_items")
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    # Indexed by item_field_published_idx, whose first column it is.
    field = models.ForeignKey(
        "jbgs.IndustryField", models.PROTECT, null=True, blank=True, verbose_name=_("industry field"),
        db_index=False,
    )
    summary = models.TextField(_("summary"))
    prospects = models.TextField(_("application prospects"), blank=True)
    maturity = models.CharField(_("maturity"), max_length=20, choices=Maturity.choices)
    trade_modes = ArrayField(
        models.CharField(max_length=30, choices=TradeMode.choices), verbose_name=_("trade modes"), default=list
    )
    asking_price = models.DecimalField(
        _("asking price (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty means negotiable (面议)."),
    )
    programme_related = models.BooleanField(_("tied to a science programme"), default=False)
    programme_level = models.CharField(_("programme level"), max_length=20, choices=ProgrammeLevel.choices, blank=True)
    programme_name = models.CharField(_("programme name"), max_length=300, blank=True)
    carbon_related = models.BooleanField(_("carbon peak and neutrality related"), default=False)
    open_license_fee = models.CharField(_("open licence fee standard"), max_length=300, blank=True)
    open_license_payment = models.CharField(_("open licence payment method"), max_length=300, blank=True)
    open_license_term = models.CharField(_("open licence term"), max_length=100, blank=True)
    roadshow_pick = models.BooleanField(_("picked for the roadshow"), default=False)

    # Patents.
    application_number = models.CharField(_("application number"), max_length=20, blank=True)
    patent_type = models.CharField(_("patent type"), max_length=20, choices=PatentType.choices, blank=True)
    application_date = models.DateField(_("application date"), null=True, blank=True)
    grant_date = models.DateField(_("grant date"), null=True, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices, blank=True)
    patentees = models.CharField(_("patentees"), max_length=500, blank=True)
    inventors = models.CharField(_("inventors"), max_length=500, blank=True)
    ipc = models.CharField(_("IPC"), max_length=200, blank=True)

    # Research results.
    result_year = models.PositiveSmallIntegerField(_("year completed"), null=True, blank=True)
    result_category = models.CharField(_("category"), max_length=20, choices=ResultCategory.choices, blank=True)
    linked_patents = ArrayField(
        models.CharField(max_length=20), verbose_name=_("linked patents"), default=list, blank=True
    )

    # Review, selection, publication.
    review_state = models.CharField(
        _("review"), max_length=20, choices=ItemReview.choices, default=ItemReview.PENDING
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    previously_published = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published in an earlier year as"),
        db_index=False,  # never searched by: only published items are referred to, never deleted
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    score_count = models.PositiveSmallIntegerField(_("scores"), default=0)
    selected = models.BooleanField(_("selected as high-value"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    batch = models.ForeignKey(
        "auction.PublicationBatch", models.PROTECT, null=True, blank=True, related_name="items", db_index=False
    )
    columns = ArrayField(models.CharField(max_length=30), verbose_name=_("special columns"), default=list, blank=True)

    # Chinese full text: words segmented by jieba in Python, indexed by PostgreSQL.
    search_title = models.TextField(default="", editable=False)
    search_body = models.TextField(default="", editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_title", weight="A", config="simple")
        + SearchVector("search_body", weight="B", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "application_number"],
                condition=Q(kind=ItemKind.PATENT),
                name="patent_once_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["submission_list", "title"], condition=Q(kind=ItemKind.RESULT), name="result_once_per_list"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="item_search_idx"),
            GinIndex(fields=["trade_modes"], name="item_trade_modes_idx"),
            GinIndex(fields=["application_number"], name="item_number_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["title"], name="item_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["field", "published_at"], name="item_field_published_idx"),
            # The province's funnel of a campaign (auction.selectors.item_funnel) from the index alone.
            models.Index(fields=["campaign", "submission_list", "published_at"], include=["id"],
                         name="item_campaign_funnel_idx"),
            # The partner feeds (selectors.feed_items) resume on (updated_at, id): a keyset, never an offset.
            models.Index(fields=["updated_at", "id"], name="item_feed_idx"),
        ]
        verbose_name = _("patent or result")
        verbose_name_plural = _("patents and results")

    def __str__(self):
        return self.title

    def clean(self, context=None):
        from auction.rules import item_errors, normalize

        normalize(self)
        errors = item_errors(self, context)
        if errors:
            raise ValidationError(errors)

    @property
    def key_field(self) -> str:
        """What identifies the item in its list: a patent's number, a result's title."""
        return "application_number" if self.kind == ItemKind.PATENT else "title"

    @property
    def is_patent(self) -> bool:
        return self.kind == ItemKind.PATENT

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def patent_number(self) -> str:
        return f"ZL{self.application_number}" if self.application_number else ""

    def trade_mode_labels(self) -> list[str]:
        return [TradeMode(mode).label for mode in self.trade_modes if mode in TradeMode.values]

    @property
    def is_open_license(self) -> bool:
        return TradeMode.LICENSE_OPEN in self.trade_modes


class ItemAttachment(models.Model):
    """Evidence for a result (test reports, certificates…): up to ten per item."""

    item = models.ForeignKey(Item, models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=private_upload_to("evidence"))
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    public = models.BooleanField(
        _("shown to the public"), default=False,
        help_text=_("Shown with the published item and its lot; evidence stays with the experts otherwise."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
