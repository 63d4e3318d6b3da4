"""Request body parsers that refuse, as a 400 naming the field, what could not be stored or would take the
server down: text with NUL or lone surrogate characters anywhere, and JSON nested absurdly deep."""

import io
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError

from cases.api.text import unstorable_message

# The API's bodies are a few levels deep; anything past this is refused before Python's parser recurses.
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth_exceeds(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects more than `limit` deep (strings are skipped)."""
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub(b"", raw)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _problems(value, top_key=None):
    """(field, message) for every string (key or value) in the parsed body that cannot be stored."""
    if isinstance(value, str):
        message = unstorable_message(value)
        if message:
            yield top_key, message
    elif isinstance(value, dict):
        for key, item in value.items():
            message = unstorable_message(key) if isinstance(key, str) else None
            field = top_key if top_key is not None else (key if message is None else None)
            if message:
                yield field, message
            yield from _problems(item, field)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _problems(item, top_key)


def refuse_unstorable(data) -> None:
    """Raise a 400 naming each field that holds text that cannot be stored."""
    errors: dict[str, list[str]] = {}
    items = data.lists() if hasattr(data, "lists") else None  # QueryDict: every value of every key
    found = _problems(dict(items) if items is not None else data)
    for field, message in found:
        messages = errors.setdefault(field if field is not None else "non_field_errors", [])
        if message not in messages:
            messages.append(message)
    if errors:
        raise ValidationError(errors)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        if json_depth_exceeds(raw):
            raise ParseError(f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep.")
        data = super().parse(io.BytesIO(raw), media_type, parser_context)
        refuse_unstorable(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_unstorable(data)
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        refuse_unstorable(result.data)
        return result


PARSER_CLASSES = [JSONParser, FormParser, MultiPartParser]
