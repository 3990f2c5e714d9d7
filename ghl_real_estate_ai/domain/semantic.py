"""The spec's semantic-analysis answers: lead intent, preferences and qualification completeness."""

from __future__ import annotations

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import (
    DecisionStage,
    Intent,
    Language,
    Motivation,
    ObjectionType,
    Sentiment,
    UrgencyLevel,
)


class IntentAnalysis(DomainModel):
    primary_intent: Intent
    intent_confidence: int = Field(ge=0, le=100)
    secondary_intents: list[Intent] = Field(default_factory=list)
    motivation: Motivation | None
    urgency_level: UrgencyLevel
    urgency_score: int = Field(ge=0, le=100)
    decision_stage: DecisionStage
    sentiment: Sentiment
    language: Language
    objection_type: ObjectionType | None = None
    confidence: int = Field(ge=0, le=100)


class SemanticPreferences(Preferences):
    """Preferences plus a one-word lifestyle reading derived from them."""

    lifestyle: str | None = None


class AreaCompletion(DomainModel):
    area: str
    weight: int
    required: bool
    completion: float = Field(ge=0.0, le=1.0)
    missing: list[str]


class QualificationAssessment(DomainModel):
    overall_completeness: float = Field(ge=0.0, le=100.0)
    areas: list[AreaCompletion]
    missing_critical: list[str]
    quality: str
    next_steps: list[str]


class SemanticAnalysis(DomainModel):
    """Answer of POST /semantic/analyze."""

    intent_analysis: IntentAnalysis
    semantic_preferences: SemanticPreferences | None
    confidence: int = Field(ge=0, le=100)
    urgency_score: int = Field(ge=0, le=100)
    processing_time_ms: float = Field(ge=0.0)
    analysis_id: str | None = None
    revision: int = 1
    engine: str
