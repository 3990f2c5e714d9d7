"""What the agent sees: coaching, objection strategies and next questions."""

from __future__ import annotations

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.taxonomy import Intent, Language, ObjectionType, Severity, UrgencyLevel

ConfidenceScore = int


class RankedQuestion(DomainModel):
    question: str
    area: str
    slot: str
    expected_information_gain: float = Field(ge=0.0)
    rationale: str


class SuggestionRank(DomainModel):
    """One suggestion's standing with this location's agents (a verdict is one trial of it)."""

    text: str
    use_rate: float = Field(ge=0.0, le=1.0, description="Posterior mean use rate, prior included")
    rated: int = Field(ge=0, description="Verdicts agents gave on it")
    used: int = Field(ge=0, description="Of those, used or sent after editing")
    explanation: str


class SuggestionOrder(DomainModel):
    """Why the suggestions come in this order: this location's agents' use of each, for this context."""

    context: str = Field(description="The objection type, or 'none' for coaching without an objection")
    basis: str
    ranking: list[SuggestionRank]


class CoachingResponse(DomainModel):
    """The spec's real-time coaching answer, plus the ids that tie revisions together."""

    suggestions: list[str]
    urgency_level: UrgencyLevel
    recommended_questions: list[str]
    objection_detected: bool
    objection_type: ObjectionType | None = None
    objection_severity: Severity | None = None
    talking_points: list[str] = Field(default_factory=list)
    primary_intent: Intent
    language: Language
    confidence_score: ConfidenceScore = Field(ge=0, le=100)
    processing_time_ms: float = Field(ge=0.0)
    analysis_id: str | None = None
    revision: int = 1
    engine: str
    suggestion_order: SuggestionOrder | None = None


class ObjectionResponse(DomainModel):
    objection_detected: bool
    objection_type: ObjectionType | None
    severity: Severity | None
    response_suggestions: list[str]
    talking_points: list[str]
    follow_up_strategy: str
    language: Language
    confidence_score: ConfidenceScore = Field(ge=0, le=100)
    processing_time_ms: float = Field(ge=0.0)
    analysis_id: str | None = None
    revision: int = 1
    engine: str
    suggestion_order: SuggestionOrder | None = None


class QuestionSuggestion(DomainModel):
    questions: list[RankedQuestion]
    guidance: str
    completeness: float = Field(ge=0.0, le=1.0)
    language: Language
    processing_time_ms: float = Field(ge=0.0)
