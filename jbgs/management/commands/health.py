import json

from django.core.management.base import BaseCommand, CommandError

from jbgs.health import run_checks


class Command(BaseCommand):
    help = "Run the /healthz checks from the command line (container health checks use it)."

    def add_arguments(self, parser):
        parser.add_argument("parts", nargs="*", help="only these parts: database, redis, celery")

    def handle(self, *args, parts=(), **options):
        checks = {k: v for k, v in run_checks().items() if not parts or k in parts}
        self.stdout.write(json.dumps(checks, ensure_ascii=False))
        if any(value != "ok" for value in checks.values()):
            raise CommandError("unhealthy")
