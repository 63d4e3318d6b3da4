"""Text that cannot be stored: NUL (PostgreSQL refuses it in text) and lone UTF-16 surrogates (not
encodable in UTF-8). Checked where requests come in (parameters, headers, bodies), never field by field."""

import re

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_message(text: str) -> str | None:
    """Why `text` cannot be stored, or None when it can."""
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "Null characters are not allowed."
    return f"Surrogate characters are not allowed: U+{ord(found.group()):X}."
