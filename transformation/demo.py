"""The demo province's patent transformation (jbgs.demo runs it after the sessions'): the
figures of five universities for the years 2019–2025, written as their liaison or the
administrator would, so that the 2022 calls' pre-check reads three years of each and tells
different stories: 南京工业大学 (the demo liaison's) meets every condition, 河海大学 grants
exactly 150 a year (not more than 150) but more than 50 inventions, 江苏大学 transforms exactly
15 patents a year for less than 1,500万 and is not eligible, 扬州大学 misses a year."""

from decimal import Decimal

from django.db import transaction

# name: {year: (staff, full-time, grants, inventions, assigned, licensed, equity, amount in 万元)}
FIGURES = {
    "南京工业大学": {2019: (9, 3, 1180, 610, 28, 9, 2, 2300), 2020: (10, 3, 1260, 650, 31, 12, 1, 2650),
                 2021: (11, 4, 1340, 700, 35, 14, 2, 3100), 2022: (12, 4, 1410, 760, 42, 16, 3, 3900),
                 2023: (12, 5, 1480, 800, 50, 19, 2, 4800), 2024: (13, 5, 1520, 830, 61, 22, 4, 5900),
                 2025: (14, 6, 1560, 860, 73, 27, 4, 7100)},
    "河海大学": {2019: (6, 2, 150, 88, 14, 4, 0, 1300), 2020: (6, 2, 150, 92, 15, 3, 0, 1400),
             2021: (7, 2, 150, 95, 16, 4, 1, 1550), 2022: (7, 2, 160, 99, 18, 5, 1, 1700)},
    "江苏大学": {2019: (5, 2, 320, 120, 10, 5, 0, 800), 2020: (5, 2, 340, 130, 11, 4, 0, 900),
             2021: (6, 2, 360, 140, 9, 6, 0, 1000), 2022: (6, 3, 380, 150, 12, 6, 1, 1200)},
    "扬州大学": {2019: (8, 3, 900, 420, 30, 8, 1, 2100), 2021: (9, 3, 980, 470, 34, 9, 2, 2500),
             2022: (9, 4, 1020, 500, 38, 11, 2, 2900), 2023: (10, 4, 1060, 520, 45, 14, 2, 3500)},
    "苏州大学": {2022: (12, 5, 1900, 1100, 55, 20, 3, 5200), 2023: (13, 5, 2000, 1180, 66, 24, 4, 6400),
             2024: (14, 6, 2100, 1250, 80, 28, 5, 7700)},
}
FIELDS = ("ip_staff", "ip_staff_full_time", "patents_granted", "invention_patents_granted",
          "transformed_by_assignment", "transformed_by_licence", "transformed_by_equity")


def seed(admin) -> None:
    from jbgs.models import Organization, User
    from jbgs.parsing import TYPED_UNIT
    from transformation.models import InstitutionFigures
    from transformation.services.figures import save_figures

    liaison = User.objects.filter(username="liaison").first()
    units = {org.name: org for org in Organization.objects.filter(name__in=FIGURES)}
    with transaction.atomic():
        for name, years in FIGURES.items():
            organization = units.get(name)
            if organization is None:
                continue
            actor = liaison if liaison and liaison.organization_id == organization.pk else admin
            kept = set(InstitutionFigures.objects.filter(organization=organization).values_list("year", flat=True))
            for year, values in years.items():
                if year in kept:  # the demo refreshed: what is there stays as people left it
                    continue
                *counts, amount = values
                data = dict(zip(FIELDS, counts, strict=True))
                # the amount split as the institutions report it: most by assignment
                data |= {"amount_by_assignment": Decimal(amount) * Decimal("0.7"),
                         "amount_by_licence": Decimal(amount) * Decimal("0.25"),
                         "amount_by_equity": Decimal(amount) * Decimal("0.05") if data["transformed_by_equity"] else 0}
                save_figures(actor=actor, organization=organization, year=year, data=data, unit=TYPED_UNIT)
