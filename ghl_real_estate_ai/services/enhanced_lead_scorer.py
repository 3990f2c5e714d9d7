"""The spec's `enhanced_lead_scorer.score_with_claude(contact_data=..., semantic_insights=...)`.

The score comes from the conversation's signals and, when the location has an active trained model whose
fields the contact carries, from that model too (`learning/scoring/combine.py` says how they blend). It is
computed locally and at once; nothing here waits on Claude.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.lead_score import EnhancedLeadScore
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.semantic import IntentAnalysis, SemanticAnalysis
from ghl_real_estate_ai.domain.taxonomy import DecisionStage, Intent, Sentiment, Severity
from ghl_real_estate_ai.intelligence.coaching.questions import known_questions
from ghl_real_estate_ai.intelligence.semantics import qualification_assessment
from ghl_real_estate_ai.learning.scoring import (
    LeadSignalsReading,
    ScoringPolicy,
    combine_score,
    signal_factors,
)
from ghl_real_estate_ai.learning.scoring.model_reading import read_with_model
from ghl_real_estate_ai.services.lead_model_service import LeadModelService, LoadedModel

Insights = IntentAnalysis | SemanticAnalysis | Mapping[str, Any] | None


class EnhancedLeadScorer:
    def __init__(self, model: LoadedModel | None = None, policy: ScoringPolicy | None = None) -> None:
        self.model = model
        self.policy = policy or ScoringPolicy()

    @classmethod
    async def for_location(cls, session: AsyncSession, location_id: str) -> EnhancedLeadScorer:
        """A scorer with the location's active model, if it has one."""
        return cls(await LeadModelService(session).active(location_id))

    async def score_with_claude(
        self, contact_data: Mapping[str, Any], semantic_insights: Insights = None
    ) -> EnhancedLeadScore:
        """Score 0-100, tier and signed top factors. Raises ValueError on unreadable insights."""
        return self.score(contact_data, semantic_insights)

    def score(self, contact_data: Mapping[str, Any], semantic_insights: Insights = None) -> EnhancedLeadScore:
        reading = signals_reading(contact_data, semantic_insights)
        signals = signal_factors(reading, self.policy)
        if self.model is None:
            return combine_score(
                signals, self.policy, model_note="no trained model for this location yet: signals only"
            )
        version = self.model.summary.version
        model = read_with_model(self.model.model, contact_fields(contact_data), self.policy.model_weight)
        if model is None:
            note = f"model v{version} not applied: the contact has none of the fields it learned from"
            return combine_score(signals, self.policy, model_note=note)
        return combine_score(
            signals,
            self.policy,
            model_probability=model.probability,
            model_version=version,
            model_factors=model.factors,
            model_note=f"model v{version} applied on {model.known_fields} known fields",
        )


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


# The spec calls a ready-made instance; it scores on signals (tenants' models come through `for_location`).
enhanced_lead_scorer = EnhancedLeadScorer()
