from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.conversation_state import ConversationState
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import (
    DecisionStage,
    Intent,
    Language,
    Motivation,
    ObjectionType,
    Sentiment,
    Severity,
    UrgencyLevel,
)

Probability = float
T = TypeVar("T")


class Scored(DomainModel, Generic[T]):
    """A label with the probability the engine gave it."""

    label: T
    probability: Probability = Field(ge=0.0, le=1.0)


class ObjectionFinding(DomainModel):
    type: ObjectionType
    severity: Severity
    probability: Probability = Field(ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)


class MessageAnalysis(DomainModel):
    """An engine's reading of one prospect message in context."""

    primary_intent: Scored[Intent]
    intent_alternatives: list[Scored[Intent]] = Field(default_factory=list)
    objection: ObjectionFinding | None = None
    objection_probability: Probability = Field(ge=0.0, le=1.0)
    motivation: Scored[Motivation] | None = None
    decision_stage: Scored[DecisionStage]
    urgency_level: Scored[UrgencyLevel]
    urgency_score: int = Field(ge=0, le=100)
    sentiment: Scored[Sentiment]
    language: Language
    preferences: Preferences = Field(default_factory=Preferences)
    timeline_days: float | None = Field(default=None, ge=0.0)
    state: ConversationState | None = Field(default=None, exclude=True)
    """The conversation's state after this message (the local engine's). Kept with the conversation,
    not in the reading's serialised form, so answers and stored readings keep the spec's shape."""

    @property
    def confidence(self) -> Probability:
        """How sure the engine is overall: the geometric mean of the headline decisions."""
        objection_certainty = max(self.objection_probability, 1.0 - self.objection_probability)
        parts = [
            self.primary_intent.probability,
            objection_certainty,
            self.urgency_level.probability,
            self.decision_stage.probability,
        ]
        product = 1.0
        for part in parts:
            product *= max(part, 1e-6)
        return float(product ** (1.0 / len(parts)))
