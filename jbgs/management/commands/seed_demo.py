from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from jbgs import demo
from jbgs.models import Organization


class Command(BaseCommand):
    help = (
        "Create (or refresh) the demo province: units, one account per role, this year's campaigns."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="only when the database has no unit yet"
        )
        parser.add_argument(
            "--print-accounts", action="store_true", help="only print the demo accounts"
        )

    def handle(self, *args, if_empty=False, print_accounts=False, **options):
        try:
            demo.refuse_in_production()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if print_accounts:
            self._print(demo.printed_accounts())
            return
        if if_empty and Organization.objects.exists():
            self.stdout.write("demo data already loaded; kept as it is")
            return
        accounts = demo.seed()
        self.stdout.write(
            self.style.SUCCESS(f"demo data loaded: {Organization.objects.count()} units")
        )
        if not if_empty:  # the run command prints the accounts itself, once
            self._print(accounts)

    def _print(self, accounts):
        self.stdout.write("Demo accounts (user name / password):")
        for username, password, name, where in accounts:
            self.stdout.write(f"  {username:<11} {password}   {name}  {where}")
