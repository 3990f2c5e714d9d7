"""What Claude is asked to return, validated with pydantic, and how it refines the local reading."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ghl_real_estate_ai.domain.analysis import MessageAnalysis, ObjectionFinding, Scored
from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.taxonomy import (
    DecisionStage,
    Intent,
    Motivation,
    ObjectionType,
    Sentiment,
    Severity,
    UrgencyLevel,
)

TOOL_NAME = "record_analysis"


class ClaudeRefinement(DomainModel):
    """Claude's reading of the prospect's message, in the taxonomy's labels."""

    intent: Intent
    intent_probability: float = Field(ge=0.0, le=1.0)
    objection_type: ObjectionType | None = None
    objection_severity: Severity | None = None
    objection_probability: float = Field(ge=0.0, le=1.0)
    motivation: Motivation | None = None
    decision_stage: DecisionStage
    urgency_level: UrgencyLevel
    urgency_score: int = Field(ge=0, le=100)
    sentiment: Sentiment
    confidence: float = Field(ge=0.0, le=1.0, description="How sure you are of stage, urgency and sentiment")
    evidence: list[str] = Field(default_factory=list, max_length=5)


def refinement_schema() -> dict[str, Any]:
    """The JSON schema sent as the tool's input schema or as the output format."""
    return ClaudeRefinement.model_json_schema()


def apply_refinement(local: MessageAnalysis, refinement: ClaudeRefinement) -> MessageAnalysis:
    """Claude's labels over the local reading; what Claude does not judge (preferences, language) stays."""
    objection = None
    if refinement.objection_type is not None:
        objection = ObjectionFinding(
            type=refinement.objection_type,
            severity=refinement.objection_severity or Severity.MEDIUM,
            probability=refinement.objection_probability,
            evidence=refinement.evidence,
        )
    return local.model_copy(
        update={
            "primary_intent": Scored[Intent](
                label=refinement.intent, probability=refinement.intent_probability
            ),
            "objection": objection,
            "objection_probability": refinement.objection_probability,
            "motivation": Scored[Motivation](label=refinement.motivation, probability=refinement.confidence)
            if refinement.motivation
            else local.motivation,
            "decision_stage": Scored[DecisionStage](
                label=refinement.decision_stage, probability=refinement.confidence
            ),
            "urgency_level": Scored[UrgencyLevel](
                label=refinement.urgency_level, probability=refinement.confidence
            ),
            "urgency_score": refinement.urgency_score,
            "sentiment": Scored[Sentiment](label=refinement.sentiment, probability=refinement.confidence),
        }
    )
