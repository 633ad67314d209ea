"""智能匹配和定向推送: what the matching reads (how rare each word is, what solvers declare),
what it finds (a demand's ranked solvers, each with its explanation) and the personal
digests that bring the best of it to people, at most once a day."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A word of the published catalogue or of the public demands, and in how many of each it
    occurs: a word few share says more about a match than a word everybody uses."""

    word = models.CharField(max_length=100, primary_key=True)
    items = models.PositiveIntegerField(default=0)
    demands = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word


class TermCount(models.Model):
    """How many published items and public demands the words were counted over, and when."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    items = models.PositiveIntegerField(default=0)
    demands = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField()


class SolverProfile(models.Model):
    """What a solver declares of itself beyond its catalogue: its research directions and
    keywords and the industry fields it works in. A unit's profile (kept by its liaisons and
    solvers) or an expert's own."""

    organization = models.OneToOneField("jbgs.Organization", models.CASCADE, null=True, blank=True,
                                        related_name="solver_profile")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True,
                                related_name="solver_profile")
    directions = models.TextField(_("research directions"), max_length=2000, blank=True,
                                  help_text=_("What the unit or the expert researches, in a few sentences."))
    keywords = models.CharField(_("keywords"), max_length=500, blank=True,
                                help_text=_("Separated by commas or spaces, e.g. 锂电池、健康状态估计、储能."))
    field_codes = ArrayField(models.CharField(max_length=40), verbose_name=_("industry fields"), default=list,
                             blank=True)
    search_words = models.TextField(default="", editable=False)
    search_vector = models.GeneratedField(expression=SearchVector("search_words", config="simple"),
                                          output_field=SearchVectorField(), db_persist=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=Q(organization__isnull=True, user__isnull=False) | Q(organization__isnull=False,
                                                                          user__isnull=True),
            name="solver_profile_of_a_unit_or_a_person")]
        indexes = [GinIndex(fields=["search_vector"], name="solver_profile_search_idx")]
        verbose_name = _("solver profile")
        verbose_name_plural = _("solver profiles")

    def __str__(self):
        return str(self.organization or self.user)


class Match(models.Model):
    """One candidate solver (a unit, or an expert by their own profile) of one published
    demand, with the score's parts and what they rest on, so that the match can be explained
    on screen. Recomputed as the catalogue grows; `created_at` stays the day it was first
    found, which is what a digest reports as new."""

    demand = models.ForeignKey("challenge.Demand", models.CASCADE, related_name="matches")
    solver_key = models.CharField(max_length=20)  # "o<organization id>" or "u<user id>"
    organization = models.ForeignKey("jbgs.Organization", models.CASCADE, null=True, blank=True,
                                     related_name="demand_matches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True,
                             related_name="demand_matches")
    score = models.PositiveSmallIntegerField(_("score"))
    parts = models.JSONField(default=dict)  # part code → points
    terms = ArrayField(models.CharField(max_length=100), default=list)  # shared words, the rarest first
    items = ArrayField(models.BigIntegerField(), default=list)  # the solver's items that share them
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["demand", "solver_key"], name="one_match_per_solver")]
        indexes = [models.Index(fields=["organization", "score"], name="match_organization_idx"),
                   models.Index(fields=["user", "score"], name="match_user_idx"),
                   models.Index(fields=["created_at"], name="match_created_idx")]
        verbose_name = _("match")
        verbose_name_plural = _("matches")

    def __str__(self):
        return f"{self.demand_id} ~ {self.solver_key}: {self.score}"


class DigestChannel(models.TextChoices):
    ALL = "all", _("In my inbox and by e-mail")
    INBOX = "inbox", _("In my inbox only")
    OFF = "off", _("Not at all")


class DigestPreference(models.Model):
    """How a person wants their daily digest of matches; without a row, in the inbox and by
    e-mail. The e-mail's unsubscribe link sets it to the inbox only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True,
                                related_name="digest_preference")
    channel = models.CharField(_("daily digest of matching demands"), max_length=10, choices=DigestChannel.choices,
                               default=DigestChannel.ALL)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")


class Digest(models.Model):
    """One person's digest of one day: never two (the constraint holds it even against two
    jobs at once)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="digests")
    day = models.DateField()
    demands = ArrayField(models.BigIntegerField(), default=list)
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]
        indexes = [models.Index(fields=["user", "-created_at"], name="digest_user_latest")]
