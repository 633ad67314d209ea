"""Idempotent loaders for reference data, called from data migrations with historical
models (so a later migration may call them again after the data is extended)."""

from jbgs.data.campaigns import INDUSTRY_FIELDS
from jbgs.data.regions import JIANGSU, JIANGSU_CITIES, OTHER_PROVINCES


def load_regions(Region) -> None:
    jiangsu, _ = Region.objects.update_or_create(
        code=JIANGSU[0], defaults={"name": JIANGSU[1], "level": "province", "in_jiangsu": True}
    )
    for code, name, area, counties in JIANGSU_CITIES:
        city, _ = Region.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": "city",
                "parent": jiangsu,
                "in_jiangsu": True,
                "area": area,
            },
        )
        for county_code, county_name in counties:
            Region.objects.update_or_create(
                code=county_code,
                defaults={
                    "name": county_name,
                    "level": "county",
                    "parent": city,
                    "in_jiangsu": True,
                    "area": area,
                },
            )
    for code, name, delta in OTHER_PROVINCES:
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": "province", "yangtze_delta": delta}
        )


def load_industry_fields(IndustryField) -> None:
    for year, fields in INDUSTRY_FIELDS.items():
        for position, (code, name) in enumerate(fields):
            IndustryField.objects.get_or_create(
                year=year, code=code, defaults={"name": name, "position": position}
            )
