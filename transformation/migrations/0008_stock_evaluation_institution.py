# The patent's institution kept beside each evaluation, filled in from the patents, and an index
# of (institution, kind): an institution's evaluations by way counted without its stock.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jbgs', '0011_financial_institutions'),
        ('transformation', '0007_stock_feed_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='stockevaluation',
            name='institution',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+',
                                    to='jbgs.organization', verbose_name='institution'),
        ),
        migrations.RunSQL(
            "UPDATE transformation_stockevaluation AS e SET institution_id = p.organization_id"
            " FROM transformation_stockpatent AS p WHERE p.id = e.patent_id",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='stockevaluation',
            name='institution',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+',
                                    to='jbgs.organization', verbose_name='institution'),
        ),
        migrations.AddIndex(
            model_name='stockevaluation',
            index=models.Index(fields=['institution', 'kind'], name='stock_eval_institution'),
        ),
    ]
