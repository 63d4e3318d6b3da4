"""Who sees what: analysts see drafts; everybody else sees public cases only (published, and retracted
ones with their label). Synthetic cases stay out for everybody unless CASEBOOK_SYNTHETIC_PUBLIC is on.

Cases and their parts (defendants, charges, sources) use `scoped`: a retracted case stays visible, labelled.
Sentences read as rows (the sentence list and detail, sentence exports, statistics, facets) use
`visible_sentences`: a retracted case's sentences no longer count, so only analysts see them there."""

from django.conf import settings

from cases.choices import CurationStatus
from cases.models import PUBLIC_STATUSES


def has_analyst_rights(user) -> bool:
    """Analysts (and reviewers) see drafts; everybody else sees published records only."""
    return bool(user and user.is_authenticated and user.has_perm("cases.view_draft_case"))


def published_filter(case_path: str = "", *, retracted: bool = True) -> dict:
    """Lookups that keep only public cases, relative to `case_path`: published ones, and (unless
    `retracted` is False) retracted ones, which stay visible with their label."""
    statuses = PUBLIC_STATUSES if retracted else (CurationStatus.PUBLISHED,)
    lookups = {f"{case_path}curation_status__in": statuses}
    if not settings.CASEBOOK_SYNTHETIC_PUBLIC:
        lookups[f"{case_path}is_synthetic"] = False
    return lookups


def scoped(queryset, user, case_path: str, *, retracted: bool = True):
    """Drafts too for analysts; only rows of public cases for anybody else. Synthetic cases stay out
    for everybody (unless CASEBOOK_SYNTHETIC_PUBLIC): they never mix with the curated records.
    Statistics pass retracted=False: a retracted case's facts no longer count."""
    if not has_analyst_rights(user):
        return queryset.filter(**published_filter(case_path, retracted=retracted))
    if not retracted:
        queryset = queryset.exclude(**{f"{case_path}curation_status": CurationStatus.RETRACTED})
    if settings.CASEBOOK_SYNTHETIC_PUBLIC:
        return queryset
    return queryset.filter(**{f"{case_path}is_synthetic": False})


def visible_sentences(queryset, user, case_path: str = "defendant__case__"):
    """Sentences as rows, on every path that reads them so: drafts and retracted cases' sentences for
    analysts; for everybody else, sentences of published cases only (a retracted case's facts no longer
    count; the case itself stays visible, labelled, with its parts)."""
    return scoped(queryset, user, case_path, retracted=has_analyst_rights(user))
