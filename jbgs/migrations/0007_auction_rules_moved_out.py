"""The auction's rules are no longer the kernel's: auction migration 0006 (which runs before
this one) carried their values to auction.AuctionRules."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('jbgs', '0006_campaign_bidding_hours'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='campaign',
            name='bidding_closes_at',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='bidding_opens_at',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='bidding_weekdays',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='featured_price_min',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='invention_only',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='max_items_per_unit',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='min_items_per_unit',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='min_items_scope',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='patent_grant_cutoff',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='programme_related_min',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='roadshow_picks',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='snipe_cap_minutes',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='snipe_extension_minutes',
        ),
        migrations.RemoveField(
            model_name='campaign',
            name='snipe_window_minutes',
        ),
    ]
