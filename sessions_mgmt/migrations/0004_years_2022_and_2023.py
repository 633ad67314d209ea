"""The application windows and session periods of 2022 and 2023. The 2023 plan: applications
(申办表) February–April, hosts chosen in early May, activities May–October (roadshows by
10-30), the summary after; the 2022 notice was issued later in the year, its roadshows due by
09-30 and 10-30."""

import datetime

from django.db import migrations

YEARS = {
    2022: (datetime.date(2022, 3, 1), datetime.date(2022, 4, 30), datetime.date(2022, 5, 15),
           datetime.date(2022, 11, 30)),
    2023: (datetime.date(2023, 2, 1), datetime.date(2023, 4, 30), datetime.date(2023, 5, 15),
           datetime.date(2023, 11, 30)),
}


def load(apps, schema_editor):
    SessionYear = apps.get_model("sessions_mgmt", "SessionYear")
    for year, (opens, closes, start, end) in YEARS.items():
        # 2022: an auction session has a university co-host, a challenge session a science park.
        SessionYear.objects.create(year=year, applications_open=opens, applications_close=closes,
                                   sessions_start=start, sessions_end=end, city_cap=2, county_cap=1,
                                   regional_authorities=2, auction_needs_university=year == 2022,
                                   challenge_needs_science_park=year == 2022)


def unload(apps, schema_editor):
    apps.get_model("sessions_mgmt", "SessionYear").objects.filter(year__in=YEARS).delete()


class Migration(migrations.Migration):
    dependencies = [("sessions_mgmt", "0003_sessions_and_records")]
    operations = [migrations.RunPython(load, unload)]
