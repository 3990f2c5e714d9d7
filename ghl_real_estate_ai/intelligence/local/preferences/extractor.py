"""The preference extractor: reads each prospect message, then accumulates them over the conversation.

Each message is read on its own (and cached, since the same early messages come back with every new
turn of a conversation); the readings are then merged oldest first: a later statement replaces an
earlier scalar (a budget as a whole), lists are unioned (except a search moved to one new area: "Can you
find some other apartment in San Jose?" after Fremont searches San Jose, as a dialogue's state would;
"anything in Mesa or Chandler?" or "Georgetown too" add to the areas), and a timeline is replaced only by
one at least as well supported (a date tied to the move is not overridden by "my mom lands next weekend").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TypeVar

from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import BudgetPeriod, Feature, Language, PropertyType
from ghl_real_estate_ai.intelligence.local.preferences.budget import BudgetReading, read_budget
from ghl_real_estate_ai.intelligence.local.preferences.dates import warm_up
from ghl_real_estate_ai.intelligence.local.preferences.features import read_features
from ghl_real_estate_ai.intelligence.local.preferences.financing import FinancingReading, read_financing
from ghl_real_estate_ai.intelligence.local.preferences.locations import read_locations
from ghl_real_estate_ai.intelligence.local.preferences.property_type import read_property_type
from ghl_real_estate_ai.intelligence.local.preferences.rooms import read_rooms
from ghl_real_estate_ai.intelligence.local.preferences.scope import read_scope
from ghl_real_estate_ai.intelligence.local.preferences.text import Doc
from ghl_real_estate_ai.intelligence.local.preferences.timeline import (
    Candidate,
    TimelineReading,
    best_candidate,
    find_candidates,
    timeline_months,
)

_T = TypeVar("_T")
# A state is where the areas are, not a new area: "owning in Florida" after Kendall keeps Kendall.
_STATE_KEYS = frozenset(
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|"
    "hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|"
    "michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|"
    "new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|"
    "south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|"
    "wisconsin|wyoming".split("|")
)
# Words that add an area to the ones named before rather than move the search.
_ADDS_AREA = re.compile(r"\b(?:also|too|as well|or|either|both|plus|another area|tambien|ademas|o)\b")

# Renting: a pet owner needs a landlord who takes pets (a buyer with a dog needs no one's permission).
_RENTAL = re.compile(
    r"\b(?:rent|rental|renting|lease|landlord|apartment|apt|furnished|renta|rentar|departamento|depa)\b"
)


@dataclass(frozen=True)
class _MessageReading:
    property_type: PropertyType | None
    bedrooms: float | None
    bathrooms: float | None
    budget: BudgetReading | None
    locations: tuple[str, ...]
    adds_area: bool
    features: tuple[Feature, ...]
    deal_breakers: tuple[str, ...]
    owns_pet: bool
    about_renting: bool
    timeline: Candidate | None
    financing: FinancingReading
    ends_selling: bool


class PreferenceExtractor:
    """Preference slots from a prospect's messages, offline, in a millisecond or two."""

    def __init__(self) -> None:
        warm_up()

    def extract(self, texts: Sequence[str], reference_date: date, language: Language) -> Preferences:
        readings: list[_MessageReading] = []
        after_selling = False
        for text in texts:
            if text.strip():
                readings.append(_read_message(text, reference_date, language, after_selling))
                after_selling = readings[-1].ends_selling
        return _merge(readings)

    def read_timeline(self, text: str, reference_date: date) -> TimelineReading | None:
        # Only the dates: the urgency reader asks this of every prospect text, and reading the whole
        # message (places, rooms, budget) again for it was a third of a new message's rule time.
        candidate = _read_timeline(text, reference_date, Language.EN)
        return candidate.reading if candidate is not None else None


@lru_cache(maxsize=4096)
def _read_message(
    text: str, reference_date: date, language: Language, after_selling: bool = False
) -> _MessageReading:
    doc = Doc(text)
    scope = read_scope(doc, after_selling=after_selling)
    places = read_locations(doc, scope)
    bedrooms, bathrooms = read_rooms(doc, scope)
    features = read_features(doc, scope, places)
    return _MessageReading(
        property_type=read_property_type(doc, scope, places),
        bedrooms=bedrooms,
        bathrooms=bathrooms,
        budget=read_budget(doc, scope, language),
        locations=places.names,
        adds_area=_ADDS_AREA.search(doc.folded) is not None,
        features=features.features,
        deal_breakers=features.deal_breakers,
        owns_pet=features.owns_pet,
        about_renting=_RENTAL.search(doc.folded) is not None,
        timeline=_read_timeline(text, reference_date, language),
        financing=read_financing(doc),
        ends_selling=scope.ends_selling,
    )


@lru_cache(maxsize=4096)
def _read_timeline(text: str, reference_date: date, language: Language) -> Candidate | None:
    """The best-supported date phrase of one message (cached: every turn asks again of earlier texts)."""
    return best_candidate(find_candidates(Doc(text), reference_date, language))


def _merge(readings: list[_MessageReading]) -> Preferences:
    preferences = Preferences()
    timeline: Candidate | None = None
    for reading in readings:
        _merge_scalars(preferences, reading)
        _merge_lists(preferences, reading)
        if reading.timeline is not None and (
            timeline is None or reading.timeline.strength >= timeline.strength
        ):
            timeline = reading.timeline
    renting = any(r.about_renting for r in readings) or preferences.property_type is PropertyType.APARTMENT
    if renting and any(r.owns_pet for r in readings):
        _add(preferences.features, Feature.PET_FRIENDLY)
    preferences.timeline_months = timeline_months(timeline)
    return preferences


def _merge_scalars(preferences: Preferences, reading: _MessageReading) -> None:
    if reading.property_type is not None:
        preferences.property_type = reading.property_type
    if reading.bedrooms is not None:
        preferences.bedrooms = reading.bedrooms
    if reading.bathrooms is not None:
        preferences.bathrooms = reading.bathrooms
    if reading.budget is not None:
        # A new budget replaces the old one whole: "up to 450" after "350-400k" drops the 350 floor.
        preferences.budget_min = reading.budget.minimum
        preferences.budget_max = reading.budget.maximum
        preferences.budget_period = BudgetPeriod.MONTH if reading.budget.monthly else None
    financing = reading.financing
    for name in ("preapproved", "cash_buyer", "needs_to_sell_first"):
        value = getattr(financing, name)
        if value is not None:
            setattr(preferences, name, value)


def _merge_lists(preferences: Preferences, reading: _MessageReading) -> None:
    known = {_key(location) for location in preferences.locations}
    moved = len(reading.locations) == 1 and not reading.adds_area
    if moved and _key(reading.locations[0]) not in known | _STATE_KEYS:
        # One new area, nothing saying "too": the search moves there.
        preferences.locations.clear()
        known.clear()
    for location in reading.locations:
        if _key(location) not in known:
            preferences.locations.append(location)
            known.add(_key(location))
    for feature in reading.features:
        _add(preferences.features, feature)
    for phrase in reading.deal_breakers:
        _add(preferences.deal_breakers, phrase)


def _add(items: list[_T], item: _T) -> None:
    if item not in items:
        items.append(item)


def _key(location: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", location.lower()).strip()
