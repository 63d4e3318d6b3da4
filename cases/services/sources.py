"""Sources as read: a hash of the text and the date it was read, so that a later change of the page
(DOJ has edited and removed its own releases) can be noticed."""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.utils import timezone

from cases.models import Source

USER_AGENT = "Casebook source check (+https://github.com/)"
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def page_text(raw: str) -> str:
    """The visible text of a page, whitespace folded, so that markup changes alone do not count."""
    return " ".join(html.unescape(TAGS.sub(" ", raw)).split())


@dataclass(frozen=True)
class Reading:
    source: Source
    status: str  # "first", "unchanged", "changed" or "unreachable"
    detail: str = ""


def source_record_reading(*, source: Source, text: str, on: dt.date | None = None) -> Reading:
    """Record that the source was read with this text: its hash and the date. Says whether it changed."""
    digest = Source.hash_text(page_text(text))
    status = "first" if not source.content_sha256 else ("unchanged" if digest == source.content_sha256 else "changed")
    previous = source.content_sha256
    source.content_sha256 = digest
    source.accessed_on = on or timezone.localdate()
    source._change_reason = "Page changed since last read" if status == "changed" else "Source read"
    source.save(update_fields=["content_sha256", "accessed_on", "updated_at"])
    return Reading(source, status, f"was {previous[:12]}, now {digest[:12]}" if status == "changed" else "")


def fetch(url: str, timeout: float = 20.0) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) URLs only
        charset = response.headers.get_content_charset() or "utf-8"
        return response.read(5_000_000).decode(charset, errors="replace")


def source_check(*, source: Source, fetcher=fetch) -> Reading:
    """Read the source's page now and compare it with the last reading."""
    if not source.url.startswith(("http://", "https://")):
        return Reading(source, "unreachable", "not an http(s) address")
    try:
        text = fetcher(source.url)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        return Reading(source, "unreachable", str(getattr(error, "reason", error)))
    return source_record_reading(source=source, text=text)
