"""Compile the committed .po catalogues into .mo files with polib, so installing needs no
GNU gettext. Only catalogues newer than their .mo are compiled."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo (no gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, quiet=False, force=False, **options):
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if (
                    not force
                    and mo_path.exists()
                    and mo_path.stat().st_mtime >= po_path.stat().st_mtime
                ):
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                if not quiet:
                    self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
