from django.core.management import call_command

from jbgs.choices import Role
from jbgs.models import Campaign, Organization, User


def test_seed_demo_builds_a_believable_province_and_is_idempotent(db):
    call_command("seed_demo")
    counts = (Organization.objects.count(), User.objects.count(), Campaign.objects.count())
    call_command("seed_demo")
    assert (Organization.objects.count(), User.objects.count(), Campaign.objects.count()) == counts
    for org in Organization.objects.all():
        org.full_clean()  # every credit code and region is valid
    for role in Role.values:
        assert User.objects.filter(roles__contains=[role], is_active=True).exists(), role
    assert Organization.objects.filter(status="pending").count() == 2
    cities = set(
        Organization.objects.filter(region__in_jiangsu=True).values_list(
            "region__parent__name", flat=True
        )
    )
    assert len(cities - {None, "江苏省"}) >= 6
    assert Organization.objects.filter(region__in_jiangsu=False).exists()


def test_seed_demo_if_empty_leaves_existing_data_alone(db, university):
    call_command("seed_demo", "--if-empty")
    assert list(Organization.objects.values_list("name", flat=True)) == [university.name]


def test_demo_data_is_never_loaded_in_production(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.MODE = "production"
    for command in ("seed_demo", "demo_bidding_day"):
        with pytest.raises(CommandError, match="never loaded in production"):
            call_command(command)
    assert not User.objects.filter(username="admin").exists()


def test_make_run_prints_every_account_the_readme_lists(db):
    """The README's table of demo accounts is what `make run` prints (bidder2 was missing)."""
    import io
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme.split("Demo accounts")[1].split("\n\n")[1]
    listed = re.findall(r"^\| `([a-z0-9_]+)` \|", table, re.MULTILINE)
    assert "bidder2" in listed and len(listed) >= 9
    call_command("seed_demo")
    out = io.StringIO()
    call_command("seed_demo", "--print-accounts", stdout=out)
    printed = re.findall(r"^  (\S+) ", out.getvalue(), re.MULTILINE)
    assert printed == listed
