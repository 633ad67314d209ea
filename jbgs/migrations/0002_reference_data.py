from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from jbgs.data import loaders

AUDIT_APPEND_ONLY = """
CREATE FUNCTION jbgs_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER jbgs_auditentry_append_only BEFORE UPDATE OR DELETE ON jbgs_auditentry
    FOR EACH ROW EXECUTE FUNCTION jbgs_audit_append_only();
"""
AUDIT_APPEND_ONLY_REVERSE = """
DROP TRIGGER IF EXISTS jbgs_auditentry_append_only ON jbgs_auditentry;
DROP FUNCTION IF EXISTS jbgs_audit_append_only();
"""


def load(apps, schema_editor):
    loaders.load_regions(apps.get_model("jbgs", "Region"))
    loaders.load_campaigns(
        apps.get_model("jbgs", "Campaign"), apps.get_model("jbgs", "CampaignStage")
    )
    loaders.load_industry_fields(apps.get_model("jbgs", "IndustryField"))


class Migration(migrations.Migration):
    dependencies = [("jbgs", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(AUDIT_APPEND_ONLY, AUDIT_APPEND_ONLY_REVERSE),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
