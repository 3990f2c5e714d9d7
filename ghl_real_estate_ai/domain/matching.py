"""Listings, what a lead asks of them, and ranked matches with a reason per criterion."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.preferences import Preferences


class Pet(StrEnum):
    CATS = "cats"
    DOGS = "dogs"


class Listing(DomainModel):
    """One listing as imported (monthly price for rentals; `None` where the source had no value)."""

    listing_id: str
    price: float | None = None
    price_period: str | None = None
    bedrooms: float | None = None
    bathrooms: float | None = None
    square_feet: float | None = None
    property_type: str | None = None
    city: str | None = None
    state: str | None = None
    pets: list[Pet] = Field(default_factory=list)
    description: str = ""


class MatchRequest(DomainModel):
    """Body of POST /api/v1/claude/properties/match.

    Hard filters: `preferences` budget (max, and min), bedrooms and bathrooms (at least), property type,
    locations (a city, "City, ST" or a two-letter state), `pets` (each must be allowed; the
    `pet_friendly` feature means at least one), deal breakers (a listing whose description names one is
    out), `max_square_feet`/`min_square_feet`. Soft fit: features, `lifestyle` and `text` through the
    embedding model, plus how close price and size are to what was asked.
    """

    contact_id: str | None = Field(default=None, max_length=128)
    preferences: Preferences = Field(default_factory=Preferences)
    pets: list[Pet] = Field(default_factory=list, max_length=2)
    min_square_feet: float | None = Field(default=None, ge=0)
    max_square_feet: float | None = Field(default=None, ge=0)
    lifestyle: str | None = Field(default=None, max_length=200)
    text: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=10, ge=1, le=100)


class Verdict(StrEnum):
    MET = "met"
    NEAR = "near"
    MISSED = "missed"


class CriterionReason(DomainModel):
    criterion: str
    verdict: Verdict
    reason: str


class PropertyMatch(DomainModel):
    listing: Listing
    score: float = Field(ge=0, le=1)
    reasons: list[CriterionReason]


class MatchResponse(DomainModel):
    matches: list[PropertyMatch]
    candidates: int = Field(ge=0, description="Listings of this location that pass every hard filter")
    searched: int = Field(ge=0, description="Listings of this location")
    processing_time_ms: float = Field(ge=0)
