"""What no text field may carry, and how deep JSON may nest: checks shared by the HTTP edge and GHL intake.

Refused (422), not stripped: NUL and the other C0 control characters except tab, line feed and carriage
return (which free text may hold), DEL, and lone UTF-16 surrogates. PostgreSQL cannot store NUL in text
and a surrogate cannot be encoded, so either would fail deep in a transaction (a 500, or a webhook
acknowledged and then never processed); nothing a person types needs them.
"""

from __future__ import annotations

import re
from itertools import accumulate

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Strings may hold brackets: they are removed before nesting is counted. Linear: no nested quantifier.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*+"')
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")


class InputRefused(ValueError):
    """The input carries something no field may hold; `where` names the field."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where, self.problem = where, problem


def forbidden_character(text: str) -> str | None:
    """The first forbidden character of the text, as U+XXXX, or None."""
    found = _FORBIDDEN.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def json_depth(raw: bytes) -> int:
    """How deep arrays and objects nest in a JSON document (0 for a scalar), without parsing it."""
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    steps = (1 if byte in (0x5B, 0x7B) else -1 for byte in brackets)
    return max(accumulate(steps, initial=0))


def check_strings(value: object, where: str = "body") -> None:
    """Raise InputRefused for the first string (key or value) holding a forbidden character."""
    if isinstance(value, str):
        found = forbidden_character(value)
        if found is not None:
            raise InputRefused(where, f"control character {found} is not allowed")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_strings(key, where)
            check_strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_strings(item, f"{where}.{index}")
