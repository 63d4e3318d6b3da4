"""Accounts: the demo analyst that the local set-up creates."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from rest_framework.authtoken.models import Token

from cases.roles import ANALYST


@transaction.atomic
def demo_analyst_ensure(*, username: str = "analyst", password: str | None = None) -> tuple[str, str, str]:
    """Create (or reset) a staff user in the Analyst group; return its user name, password and API token."""
    password = password or secrets.token_urlsafe(12)
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=ANALYST))
    token, _ = Token.objects.get_or_create(user=user)
    return username, password, token.key
