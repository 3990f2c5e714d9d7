"""What each coaching topic carries: one typed payload per kind, built from a coaching answer.

Topics are the spec's `coaching.{agent_id}.<kind>`. The payloads are the `data` of EventMessage.
"""

from __future__ import annotations

from pydantic import BaseModel

from ghl_real_estate_ai.domain.coaching import CoachingResponse
from ghl_real_estate_ai.domain.matching import CriterionReason
from ghl_real_estate_ai.domain.semantic import QualificationAssessment
from ghl_real_estate_ai.domain.taxonomy import Intent, Language, ObjectionType, Severity, UrgencyLevel

COACHING_KINDS = ("suggestions", "objections", "questions", "progress", "alerts", "matches")
COACHING_TOPICS = {kind: "coaching.{agent_id}." + kind for kind in COACHING_KINDS}


def coaching_topics(agent_id: str) -> list[str]:
    return [template.format(agent_id=agent_id) for template in COACHING_TOPICS.values()]


def topic_of(agent_id: str, kind: str) -> str:
    return COACHING_TOPICS[kind].format(agent_id=agent_id)


class Suggestions(BaseModel):
    suggestions: list[str]
    talking_points: list[str] = []
    urgency_level: UrgencyLevel
    primary_intent: Intent | None = None
    language: Language | None = None
    confidence_score: int | None = None
    conversation_stage: str | None = None
    engine: str | None = None


class Objections(BaseModel):
    objection_type: ObjectionType | None
    objection_severity: Severity | None
    talking_points: list[str]


class Questions(BaseModel):
    recommended_questions: list[str]


class AreaProgress(BaseModel):
    area: str
    completion: float


class Progress(BaseModel):
    """Qualification completeness after the prospect's latest message."""

    overall_completeness: float
    quality: str
    areas: list[AreaProgress]
    missing_critical: list[str]


class Alert(BaseModel):
    urgency_level: UrgencyLevel
    message: str


class ServiceAlert(BaseModel):
    """The service itself, not the lead: an alert threshold crossed (`firing`) or recovered (`resolved`)
    that concerns this agent's coaching (observability/alerts)."""

    type: str = "service_alert"
    kind: str
    state: str
    message: str


class MatchedListing(BaseModel):
    listing_id: str
    price: float | None = None
    bedrooms: float | None = None
    bathrooms: float | None = None
    city: str | None = None
    state: str | None = None
    score: float
    reasons: list[CriterionReason]


class PropertyMatches(BaseModel):
    """The lead's new top listings, pushed when what they asked for changed (and the location has listings).

    `criteria` is what changed the match: the preferences the listings were filtered and ranked by."""

    lead_id: str
    criteria: dict[str, object]
    candidates: int
    searched: int
    matches: list[MatchedListing]


CoachingPayload = Suggestions | Objections | Questions | Progress | Alert | ServiceAlert | PropertyMatches


def urgent(level: UrgencyLevel) -> Alert | None:
    if level.rank < UrgencyLevel.HIGH.rank:
        return None
    return Alert(urgency_level=level, message=f"{level.value} urgency: act now")


def coaching_payloads(
    response: CoachingResponse, stage: str | None, progress: QualificationAssessment | None
) -> list[tuple[str, CoachingPayload]]:
    """One answer as the agent's events: suggestions, then objection, questions, progress, alert."""
    parts: list[tuple[str, CoachingPayload]] = [
        (
            "suggestions",
            Suggestions(
                suggestions=response.suggestions,
                talking_points=response.talking_points,
                urgency_level=response.urgency_level,
                primary_intent=response.primary_intent,
                language=response.language,
                confidence_score=response.confidence_score,
                conversation_stage=stage,
                engine=response.engine,
            ),
        )
    ]
    if response.objection_detected:
        parts.append(
            (
                "objections",
                Objections(
                    objection_type=response.objection_type,
                    objection_severity=response.objection_severity,
                    talking_points=response.talking_points,
                ),
            )
        )
    if response.recommended_questions:
        parts.append(("questions", Questions(recommended_questions=response.recommended_questions)))
    if progress is not None:
        parts.append(
            (
                "progress",
                Progress(
                    overall_completeness=progress.overall_completeness,
                    quality=progress.quality,
                    areas=[
                        AreaProgress(area=a.area, completion=round(a.completion, 3)) for a in progress.areas
                    ],
                    missing_critical=progress.missing_critical,
                ),
            )
        )
    alert = urgent(response.urgency_level)
    if alert is not None:
        parts.append(("alerts", alert))
    return parts
