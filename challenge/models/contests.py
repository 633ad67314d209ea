"""The roadshow contest (竞榜) of an industry session: the two sides' consent that their pair is
shown in public, the contest with its pairs, the external experts who mark them and the
financial institutions invited to evaluate them (现场邀请外部专家进行点评和指导，同期邀请部分金融机构
对优秀技术转移项目进行考察评估)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenge.choices import ConsentSide, ContestStatus


class ContestConsent(models.Model):
    """One side's consent that its pair (a cooperation) is shown in a public contest (进行公开
    赛事须征得需求方和技术供给方同意): who gave it and when; withdrawn (who, when) until a
    contest with the pair is published. A side consents again with a new row."""

    cooperation = models.ForeignKey("challenge.Cooperation", models.CASCADE, related_name="consents")
    side = models.CharField(_("side"), max_length=20, choices=ConsentSide.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("given by"))
    given_at = models.DateTimeField(_("given at"))
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("withdrawn by"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["cooperation", "side", "-given_at"]
        constraints = [models.UniqueConstraint(fields=["cooperation", "side"],
                                               condition=models.Q(withdrawn_at__isnull=True),
                                               name="one_live_consent_per_side")]
        verbose_name = _("consent to a public contest")
        verbose_name_plural = _("consents to a public contest")

    def __str__(self):
        return f"{self.cooperation_id} · {self.get_side_display()}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class Contest(models.Model):
    """A contest of an industry session: a date and a venue, the pairs shown, the experts and
    the financial institutions invited. Draft, then published (the public sees it), then held
    (the public sees each pair's aggregate score). The session is a label: the sessions app
    sits above the demand side and links its sessions to contests itself."""

    campaign = models.ForeignKey("jbgs.Campaign", models.PROTECT, related_name="contests",
                                 limit_choices_to={"kind": "challenge"}, verbose_name=_("campaign"))
    title = models.CharField(_("title"), max_length=200)
    field = models.ForeignKey("jbgs.IndustryField", models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("industry field"))
    session_label = models.CharField(_("industry session"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=ContestStatus.choices,
                              default=ContestStatus.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    held_at = models.DateTimeField(_("marked held at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def __str__(self):
        return self.title


class ContestPair(models.Model):
    """A cooperation shown at a contest, added while the contest is a draft with both sides'
    consent and their disclaimers."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="pairs")
    cooperation = models.ForeignKey("challenge.Cooperation", models.PROTECT, related_name="contest_pairs")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        ordering = ["contest", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "cooperation"], name="pair_once_per_contest")]
        verbose_name = _("contest pair")
        verbose_name_plural = _("contest pairs")

    def __str__(self):
        return f"{self.contest} · {self.cooperation_id}"


class ContestExpert(models.Model):
    """An external expert invited to mark the contest's pairs."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="experts")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="contest_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited at"))

    class Meta:
        ordering = ["contest", "invited_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "expert"], name="expert_once_per_contest")]


class ContestInstitution(models.Model):
    """A financial institution invited to evaluate the contest's pairs."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="institutions")
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="contest_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited at"))

    class Meta:
        ordering = ["contest", "invited_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "organization"],
                                               name="institution_once_per_contest")]


class ContestScore(models.Model):
    """An expert's marks on the year's contest criteria and comment on one pair. Seen by the
    expert and the administrators only: the public sees a pair's aggregate once the contest
    is held, never one expert's marks."""

    pair = models.ForeignKey(ContestPair, models.CASCADE, related_name="scores")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    marks = models.JSONField(_("marks"))
    total = models.DecimalField(_("weighted total"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        ordering = ["pair", "expert"]
        constraints = [models.UniqueConstraint(fields=["pair", "expert"], name="one_score_per_expert")]
        verbose_name = _("contest score")
        verbose_name_plural = _("contest scores")


class ContestInterest(models.Model):
    """An invited financial institution's interest in a pair: who recorded it, when, and what
    it has in mind (考察评估, 嫁接金融资源). No commitment, as the disclaimer says."""

    pair = models.ForeignKey(ContestPair, models.CASCADE, related_name="interests")
    organization = models.ForeignKey("jbgs.Organization", models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["pair", "recorded_at"]
        constraints = [models.UniqueConstraint(fields=["pair", "organization"], name="interest_once_per_institution")]
        verbose_name = _("financial institution's interest")
        verbose_name_plural = _("financial institutions' interest")
