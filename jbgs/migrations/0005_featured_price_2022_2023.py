from decimal import Decimal

from django.db import migrations


def documented(apps, schema_editor):
    """The 2022 notice and the 2023 plan both give 百万级以上 (one million yuan) for the
    column of out-of-province results."""
    Campaign = apps.get_model("jbgs", "Campaign")
    Campaign.objects.filter(kind="auction", year__in=[2022, 2023], featured_price_min__isnull=True).update(
        featured_price_min=Decimal("1000000.00")
    )


class Migration(migrations.Migration):
    dependencies = [("jbgs", "0004_campaign_featured_price")]
    operations = [migrations.RunPython(documented, migrations.RunPython.noop)]
