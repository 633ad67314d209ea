"""The diagnosis criteria of the two years' documents: the 2022 notice (完整性、技术参数的先进性、
合理性以及经济合理性、产业带动性) and the 2023 plan (完整性、技术参数的先进性、经济合理性、需求可行性).
Neither weighs them: equal weights, which an administrator changes on the year's page."""

from django.db import migrations

CRITERIA = {
    2022: [("completeness", "完整性", 20), ("advancement", "技术参数的先进性", 20),
           ("rationality", "技术参数的合理性", 20), ("economic_rationality", "经济合理性", 20),
           ("industry_driving", "产业带动性", 20)],
    2023: [("completeness", "完整性", 25), ("advancement", "技术参数的先进性", 25),
           ("economic_rationality", "经济合理性", 25), ("feasibility", "需求可行性", 25)],
}


def forward(apps, schema_editor):
    Campaign = apps.get_model("jbgs", "Campaign")
    ChallengeRules = apps.get_model("challenge", "ChallengeRules")
    for year, criteria in CRITERIA.items():
        campaign = Campaign.objects.filter(year=year, kind="challenge").first()
        if campaign is not None:
            ChallengeRules.objects.update_or_create(campaign=campaign, defaults={"diagnosis_criteria": [
                {"code": code, "label": label, "weight": weight} for code, label, weight in criteria]})


def backward(apps, schema_editor):
    apps.get_model("challenge", "ChallengeRules").objects.filter(campaign__year__in=CRITERIA).delete()


class Migration(migrations.Migration):
    dependencies = [("challenge", "0001_demands"), ("jbgs", "0002_reference_data")]
    operations = [migrations.RunPython(forward, backward)]
