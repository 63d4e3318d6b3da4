"""Issue (or rotate) the API token of an account, for operators setting up a program's account.

Tokens are never shown or minted through the admin or the API for another user: only this command, run by
someone with shell access to the server, and the account's own password at /api/v1/auth/token/ do it."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print the API token of USERNAME, creating it if needed (--rotate replaces an existing one)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Revoke the current token and issue a new one.")

    @transaction.atomic
    def handle(self, *args, username, rotate, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named '{username}'.")
        if not user.is_active:
            raise CommandError(f"The account '{username}' is inactive.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
        if options["verbosity"] >= 2:
            self.stderr.write("Issued a new token." if created else "The existing token is unchanged.")
