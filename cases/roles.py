"""The user groups of Casebook and what each may do (the migrations create them: 0002 the groups,
0007 the review steps; 0008 takes credentials and districts out of every group).

Analyst: enters and curates cases, sees drafts. Reviewer: an analyst who may also publish.
Viewer: no admin rights; reads published records through the API only.
"""

ANALYST = "Analyst"
REVIEWER = "Reviewer"
VIEWER = "Viewer"

# Models analysts add, change and view.
CURATED_MODELS = [
    "case",
    "caseagency",
    "defendant",
    "employment",
    "charge",
    "sentence",
    "source",
    "person",
    "organization",
    "agency",
    "statute",
    "statutorypenalty",
]
# Reference data every group reads and no group edits (the loader keeps it).
READ_ONLY_MODELS = ["district"]
# Parts of a case an analyst may delete while editing it. Cases themselves are retracted, never deleted;
# people, organizations, agencies and statutes are merged or corrected rather than deleted.
DELETABLE_MODELS = ["caseagency", "defendant", "employment", "charge", "sentence", "source"]


def analyst_permissions() -> list[tuple[str, str]]:
    """(app_label, codename) pairs of the Analyst group."""
    perms = [("cases", f"{action}_{model}") for model in CURATED_MODELS for action in ("add", "change", "view")]
    perms += [("cases", f"delete_{model}") for model in DELETABLE_MODELS]
    perms += [("cases", f"view_{model}") for model in READ_ONLY_MODELS]
    perms += [("cases", "view_draft_case"), ("cases", "view_reviewevent")]
    # No API-token permission for any group: a token is its owner's credential. Users fetch and revoke
    # their own at /api/v1/auth/token/; operators issue tokens for program accounts with
    # `manage.py issue_token`.
    return perms


def reviewer_permissions() -> list[tuple[str, str]]:
    return [*analyst_permissions(), ("cases", "publish_case")]


GROUP_PERMISSIONS = {
    ANALYST: analyst_permissions,
    REVIEWER: reviewer_permissions,
    VIEWER: list,
}


def ensure_groups() -> None:
    """Create or update the groups with exactly these permissions (the migrations do it on install; this
    restores them where a database was emptied, as live-server tests do)."""
    from django.contrib.auth.models import Group, Permission

    for name, permissions in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in permissions()]
        )
