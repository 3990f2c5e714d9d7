"""Parsing a look-ahead window: ISO-8601 durations (PT4H, P1DT2H) or short forms (4h, 30m, 2d)."""

from __future__ import annotations

import re
from datetime import timedelta

MAX_WINDOW = timedelta(days=366)
_ISO = re.compile(
    r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?$"
)
_SHORT = re.compile(r"^(?P<amount>\d+)\s*(?P<unit>[smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_window(text: str) -> timedelta:
    """A positive duration of at most a year; ValueError with a message a caller can act on."""
    raw = text.strip()
    window = _parse_iso(raw.upper()) if raw.upper().startswith("P") else _parse_short(raw.lower())
    if window is None:
        raise ValueError(
            f"'{text}' is not a duration: use ISO-8601 like PT4H, PT30M, P2D, or short forms like 4h, 30m, 2d"
        )
    if window <= timedelta(0):
        raise ValueError("the window must be longer than zero")
    if window > MAX_WINDOW:
        raise ValueError("the window must be at most 366 days")
    return window


def _parse_iso(text: str) -> timedelta | None:
    match = _ISO.match(text)
    if match is None or text in ("P", "PT") or text.endswith("T"):
        return None
    parts = {name: int(value) for name, value in match.groupdict().items() if value is not None}
    return _bounded(parts)


def _parse_short(text: str) -> timedelta | None:
    match = _SHORT.match(text)
    if match is None:
        return None
    return _bounded({_UNITS[match["unit"]]: int(match["amount"])})


def _bounded(parts: dict[str, int]) -> timedelta:
    try:
        return timedelta(**parts)
    except OverflowError:
        return MAX_WINDOW + timedelta(days=1)
