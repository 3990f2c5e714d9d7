"""PII never leaves: everything bound for Claude passes through here first.

`sanitize_for_claude` follows the spec (drop the most sensitive fields, hash the email, tokenize the phone)
and also scrubs identifiers that prospects type into free text, where field rules cannot see them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

LeadValue = str | int | float | bool | None

DROPPED_FIELDS = frozenset({"ssn", "credit_score", "bank_account", "driver_license"})

# (?<!...): an address starts where its run of local-part characters starts (linear time on long runs).
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_SSN = re.compile(r"\b\d{3}[- ]\d{2}[- ]\d{4}\b")
# Card numbers: 13-19 digits, optionally grouped by spaces or dashes.
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_PHONE = re.compile(r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\b\d{3})[\s.-]?\d{3}[\s.-]?\d{4}\b")
# Any remaining long digit run (account, routing, policy numbers).
_ACCOUNT = re.compile(r"\b\d{7,}\b")

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_EMAIL, "[EMAIL]"),
    (_SSN, "[SSN]"),
    (_CARD, "[CARD]"),
    (_PHONE, "[PHONE]"),
    (_ACCOUNT, "[ACCOUNT]"),
)


@dataclass(frozen=True)
class Scrubbed:
    text: str
    found: bool


def scrub_text(text: str) -> Scrubbed:
    """Replace emails, phone numbers, SSNs, card and account numbers with placeholders."""
    found = False
    for pattern, placeholder in _RULES:
        text, count = pattern.subn(placeholder, text)
        found = found or count > 0
    return Scrubbed(text, found)


def hash_email(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def tokenize_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "tel_" + hashlib.sha256(digits.encode()).hexdigest()[:12]


def sanitize_for_claude(data: Mapping[str, LeadValue]) -> dict[str, LeadValue]:
    """The spec's field rules, then free-text scrubbing of every remaining string value."""
    sanitized: dict[str, LeadValue] = {}
    for key, value in data.items():
        name = key.rsplit(".", 1)[-1].lower()  # nested lead fields arrive as "lead.ssn"
        if name in DROPPED_FIELDS:
            continue
        if name == "email" and isinstance(value, str):
            sanitized["email_hash"] = hash_email(value)
        elif name == "phone" and isinstance(value, str):
            sanitized["phone_token"] = tokenize_phone(value)
        elif isinstance(value, str):
            sanitized[key] = scrub_text(value).text
        else:
            sanitized[key] = value
    return sanitized
