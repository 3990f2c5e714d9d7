"""Shaping an analysis into the spec's semantic answers (intent, preferences, qualification)."""

from __future__ import annotations

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.semantic import (
    AreaCompletion,
    IntentAnalysis,
    QualificationAssessment,
    SemanticPreferences,
)
from ghl_real_estate_ai.domain.taxonomy import Feature, Motivation, PropertyType
from ghl_real_estate_ai.intelligence.coaching.questions import QUALIFICATION_AREAS, QuestionPlanner

SECONDARY_INTENT_FLOOR = 0.2


def intent_analysis(analysis: MessageAnalysis) -> IntentAnalysis:
    return IntentAnalysis(
        primary_intent=analysis.primary_intent.label,
        intent_confidence=round(analysis.primary_intent.probability * 100),
        secondary_intents=[
            alt.label for alt in analysis.intent_alternatives if alt.probability >= SECONDARY_INTENT_FLOOR
        ],
        motivation=analysis.motivation.label if analysis.motivation else None,
        urgency_level=analysis.urgency_level.label,
        urgency_score=analysis.urgency_score,
        decision_stage=analysis.decision_stage.label,
        sentiment=analysis.sentiment.label,
        language=analysis.language,
        objection_type=analysis.objection.type if analysis.objection else None,
        confidence=round(analysis.confidence * 100),
    )


def lifestyle(preferences: Preferences, motivation: Motivation | None) -> str | None:
    """A coarse lifestyle reading that helps agents pick neighbourhoods; None when nothing points anywhere."""
    features = set(preferences.features)
    if motivation is Motivation.INVESTMENT_INCOME:
        return "investor"
    if motivation in (Motivation.DOWNSIZING, Motivation.RETIREMENT) or Feature.SINGLE_STORY in features:
        return "low_maintenance"
    if motivation is Motivation.FAMILY_EXPANSION or features & {Feature.YARD, Feature.GOOD_SCHOOLS}:
        return "suburban_family"
    if Feature.WALKABLE in features or preferences.property_type in (
        PropertyType.CONDO,
        PropertyType.APARTMENT,
    ):
        return "urban"
    if Feature.LARGE_LOT in features or preferences.property_type is PropertyType.LAND:
        return "rural"
    return None


def semantic_preferences(analysis: MessageAnalysis) -> SemanticPreferences:
    motivation = analysis.motivation.label if analysis.motivation else None
    return SemanticPreferences(
        **analysis.preferences.model_dump(), lifestyle=lifestyle(analysis.preferences, motivation)
    )


def qualification_assessment(
    answered: set[str], planner: QuestionPlanner | None = None
) -> QualificationAssessment:
    planner = planner or QuestionPlanner()
    areas = []
    for area in QUALIFICATION_AREAS:
        missing = [key for key in area.questions if key not in answered]
        completion = 1 - len(missing) / len(area.questions)
        areas.append(
            AreaCompletion(
                area=area.name,
                weight=area.weight,
                required=area.required,
                completion=completion,
                missing=missing,
            )
        )
    overall = planner.completeness(answered) * 100
    critical = [f"{a.area}.{key}" for a in areas if a.required for key in a.missing]
    return QualificationAssessment(
        overall_completeness=round(overall, 1),
        areas=areas,
        missing_critical=critical,
        quality=_quality(overall),
        next_steps=[f"Ask about {a.area}: {', '.join(a.missing)}" for a in areas if a.missing][:3],
    )


def _quality(completeness: float) -> str:
    if completeness >= 80:
        return "qualified"
    if completeness >= 50:
        return "partially_qualified"
    if completeness > 0:
        return "early"
    return "unknown"
