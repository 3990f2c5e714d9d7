"""A lead's score (0-100), its tier, and the signed factors that made it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel


class LeadTier(StrEnum):
    HOT = "hot"
    WARM = "warm"
    COLD = "cold"


class ScoreFactor(DomainModel):
    """One reason: what was read, and how many points it moved the score (negative pulls it down)."""

    name: str
    contribution: float
    reason: str


class EnhancedLeadScore(DomainModel):
    """Answer of `enhanced_lead_scorer.score_with_claude`. `value` is what GHL's `ai_score` gets."""

    value: int = Field(ge=0, le=100)
    tier: LeadTier
    # Every factor that moved the score, largest first; `explanation` reads out the top five.
    factors: list[ScoreFactor]
    signal_score: float = Field(ge=0, le=100)
    model_version: int | None = None
    model_probability: float | None = Field(default=None, ge=0, le=1)
    model_factors: list[ScoreFactor] = Field(default_factory=list)
    model_note: str
    explanation: str
