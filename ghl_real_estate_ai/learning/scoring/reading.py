"""A lead's conversation reading and stored facts as the signals the score is made of."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.semantic import IntentAnalysis, SemanticAnalysis
from ghl_real_estate_ai.domain.taxonomy import DecisionStage, Intent, Sentiment, Severity
from ghl_real_estate_ai.intelligence.coaching.questions import known_questions
from ghl_real_estate_ai.intelligence.semantics import qualification_assessment
from ghl_real_estate_ai.learning.scoring.signals import LeadSignalsReading

Insights = IntentAnalysis | SemanticAnalysis | Mapping[str, Any] | None


def contact_fields(contact_data: Mapping[str, Any]) -> dict[str, str]:
    """Scalar fields of the contact, custom fields included, as the text a CRM export would hold."""
    fields: dict[str, str] = {}
    custom = contact_data.get("custom_fields") or contact_data.get("customFields") or {}
    for source in (contact_data, custom if isinstance(custom, Mapping) else {}):
        for key, value in source.items():
            if isinstance(value, bool):
                fields[str(key)] = "Yes" if value else "No"
            elif isinstance(value, str | int | float):
                fields[str(key)] = str(value)
    return fields


def signals_reading(contact_data: Mapping[str, Any], insights: Insights) -> LeadSignalsReading:
    intent, semantic_preferences = _intent_of(insights)
    stated = Preferences.model_validate(
        {k: v for k, v in contact_data.items() if k in Preferences.model_fields}
    )
    preferences = semantic_preferences.merged_with(stated) if semantic_preferences else stated
    completeness = contact_data.get("qualification_completeness")
    if not isinstance(completeness, int | float):
        answered = known_questions(
            preferences,
            motivation_known=intent is not None and intent.motivation is not None,
            timeline_known=preferences.timeline_months is not None,
        )
        completeness = qualification_assessment(answered).overall_completeness
    severity = contact_data.get("objection_severity")
    return LeadSignalsReading(
        intent=intent.primary_intent if intent else Intent.GENERAL_INQUIRY,
        urgency_score=intent.urgency_score if intent else 50,
        decision_stage=intent.decision_stage if intent else DecisionStage.EARLY_RESEARCH,
        sentiment=intent.sentiment if intent else Sentiment.NEUTRAL,
        objection_type=intent.objection_type if intent else None,
        objection_severity=Severity(severity) if isinstance(severity, str) else None,
        preferences=preferences,
        qualification_completeness=float(min(100.0, max(0.0, completeness))),
    )


def _intent_of(insights: Insights) -> tuple[IntentAnalysis | None, Preferences | None]:
    if insights is None:
        return None, None
    if isinstance(insights, SemanticAnalysis):
        prefs = insights.semantic_preferences
        plain = Preferences.model_validate(prefs.model_dump(exclude={"lifestyle"})) if prefs else None
        return insights.intent_analysis, plain
    if isinstance(insights, IntentAnalysis):
        return insights, None
    if "intent_analysis" in insights:
        return _intent_of(SemanticAnalysis.model_validate(dict(insights)))
    return IntentAnalysis.model_validate(dict(insights)), None
