"""Create or reset the demo analyst account and print its login."""

from django.core.management.base import BaseCommand

from cases.services.accounts import demo_analyst_ensure


class Command(BaseCommand):
    help = "Create (or reset) a demo analyst account and print its user name, password and API token."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="analyst")
        parser.add_argument("--password", default=None, help="Password to set (default: a new random one).")

    def handle(self, *args, username, password, **options):
        username, password, token = demo_analyst_ensure(username=username, password=password)
        self.stdout.write(self.style.SUCCESS(f"Demo analyst login: user '{username}', password '{password}'"))
        self.stdout.write(f"Demo analyst API token: {token}")
