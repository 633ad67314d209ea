"""The auction's per-year rules move out of the kernel's Campaign into AuctionRules, one row
per auction campaign, with every value carried over. The kernel drops its columns in jbgs
0007, which this migration runs before."""

import datetime

import django.contrib.postgres.fields
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

RULE_FIELDS = (
    "patent_grant_cutoff", "invention_only", "max_items_per_unit", "min_items_per_unit", "min_items_scope",
    "programme_related_min", "roadshow_picks", "featured_price_min", "bidding_weekdays", "bidding_opens_at",
    "bidding_closes_at", "snipe_window_minutes", "snipe_extension_minutes", "snipe_cap_minutes",
)


def carry_over(apps, schema_editor):
    Campaign = apps.get_model("jbgs", "Campaign")
    AuctionRules = apps.get_model("auction", "AuctionRules")
    AuctionRules.objects.bulk_create([
        AuctionRules(campaign=campaign, **{name: getattr(campaign, name) for name in RULE_FIELDS})
        for campaign in Campaign.objects.filter(kind="auction")
    ])


def carry_back(apps, schema_editor):
    Campaign = apps.get_model("jbgs", "Campaign")
    for rules in apps.get_model("auction", "AuctionRules").objects.all():
        Campaign.objects.filter(pk=rules.campaign_id).update(**{name: getattr(rules, name) for name in RULE_FIELDS})


class Migration(migrations.Migration):

    dependencies = [
        ('auction', '0005_lot_has_proxies'),
        ('jbgs', '0006_campaign_bidding_hours'),
    ]
    run_before = [('jbgs', '0007_auction_rules_moved_out')]

    operations = [
        migrations.CreateModel(
            name='AuctionRules',
            fields=[
                ('campaign', models.OneToOneField(limit_choices_to={'kind': 'auction'}, on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='auction_rules', serialize=False, to='jbgs.campaign')),
                ('patent_grant_cutoff', models.DateField(blank=True, help_text='A patent granted before this date is not accepted.', null=True, verbose_name='patents granted on or after')),
                ('invention_only', models.BooleanField(default=False, help_text='When set, utility models and designs are refused.', verbose_name='invention patents only')),
                ('max_items_per_unit', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='maximum items per unit')),
                ('min_items_per_unit', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='minimum items per unit')),
                ('min_items_scope', models.CharField(choices=[('none', 'No minimum'), ('undergraduate', 'Every undergraduate university'), ('ministry_provincial', 'Ministry- or province-affiliated undergraduate universities')], default='none', max_length=30, verbose_name='minimum applies to')),
                ('programme_related_min', models.PositiveSmallIntegerField(default=0, help_text='Items tied to national or provincial science programmes, for units the minimum applies to.', verbose_name='minimum programme-related items')),
                ('roadshow_picks', models.PositiveSmallIntegerField(default=0, help_text='Items each unit the minimum applies to picks for roadshows.', verbose_name='roadshow picks')),
                ('featured_price_min', models.DecimalField(blank=True, decimal_places=2, help_text='Published items of units outside Jiangsu at this price or more go to their own column (百万级以上).', max_digits=14, null=True, verbose_name='out-of-province column threshold (yuan)')),
                ('bidding_weekdays', django.contrib.postgres.fields.ArrayField(base_field=models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')]), blank=True, default=list, size=None, verbose_name='bidding weekdays')),
                ('bidding_opens_at', models.TimeField(default=datetime.time(9, 30), verbose_name='bidding opens at')),
                ('bidding_closes_at', models.TimeField(default=datetime.time(16, 0), verbose_name='bidding closes at')),
                ('snipe_window_minutes', models.PositiveSmallIntegerField(default=5, help_text='A bid in the last minutes of a lot moves its end.', verbose_name='anti-sniping window (minutes)')),
                ('snipe_extension_minutes', models.PositiveSmallIntegerField(default=5, help_text='The end moves to this many minutes after such a bid.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='extension (minutes)')),
                ('snipe_cap_minutes', models.PositiveSmallIntegerField(default=30, help_text='Extensions never move the end more than this beyond the scheduled end.', verbose_name='extension cap (minutes)')),
            ],
            options={
                'verbose_name': 'auction rules',
                'verbose_name_plural': 'auction rules',
            },
        ),
        migrations.RunPython(carry_over, carry_back),
    ]
