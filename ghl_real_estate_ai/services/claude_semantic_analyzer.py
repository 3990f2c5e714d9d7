"""The spec's ClaudeSemanticAnalyzer: lead intent, preferences and qualification completeness."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.requests import SemanticRequest
from ghl_real_estate_ai.domain.semantic import IntentAnalysis, QualificationAssessment, SemanticPreferences
from ghl_real_estate_ai.intelligence.coaching.questions import known_questions
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.semantics import qualification_assessment
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.defaults import default_engine


class ClaudeSemanticAnalyzer:
    """The spec's semantic analyzer: mappings in, the HTTP API's answers out (through AnalysisService)."""

    def __init__(self, engine: AnalysisEngine | None = None, analysis: AnalysisService | None = None) -> None:
        self.analysis = analysis or AnalysisService(engine or default_engine())

    async def analyze_lead_intent(
        self,
        conversation_messages: Sequence[Mapping[str, Any]] | None = None,
        *,
        conversation: Sequence[Mapping[str, Any]] | None = None,
    ) -> IntentAnalysis:
        """Intent, motivation, urgency and stage from a conversation (`conversation=` is accepted too)."""
        turns = [
            ConversationTurn.model_validate(dict(turn))
            for turn in (conversation_messages or conversation or [])
        ]
        if not any(turn.speaker == "prospect" and turn.message.strip() for turn in turns):
            raise ValueError("conversation_messages needs at least one non-empty prospect message")
        request = SemanticRequest(conversation_messages=turns, include_preferences=False)
        return (await self.analysis.semantic_analysis(None, request)).intent_analysis

    async def extract_semantic_preferences(self, conversation_messages: Sequence[str]) -> SemanticPreferences:
        """Preferences from the prospect's messages, oldest first."""
        texts = [text for text in conversation_messages if text.strip()]
        if not texts:
            return SemanticPreferences()
        request = SemanticRequest(conversation_messages=[ConversationTurn(message=text) for text in texts])
        found = (await self.analysis.semantic_analysis(None, request)).semantic_preferences
        return found if found is not None else SemanticPreferences()

    async def assess_semantic_qualification(self, lead_data: Mapping[str, Any]) -> QualificationAssessment:
        """Completeness per qualification area from what the lead data and its messages already answer."""
        messages = [
            str(m.get("message", m)) if isinstance(m, Mapping) else str(m)
            for m in lead_data.get("messages", [])
        ]
        stated = Preferences.model_validate(
            {k: v for k, v in lead_data.items() if k in Preferences.model_fields}
        )
        motivation_known = bool(lead_data.get("motivation"))
        timeline_known = stated.timeline_months is not None or bool(lead_data.get("timeline"))
        if messages:
            found = await self.extract_semantic_preferences(messages)
            stated = stated.merged_with(Preferences.model_validate(found.model_dump(exclude={"lifestyle"})))
            intent = await self.analyze_lead_intent([{"speaker": "prospect", "message": m} for m in messages])
            motivation_known = motivation_known or intent.motivation is not None
            timeline_known = timeline_known or stated.timeline_months is not None
        answered = known_questions(stated, motivation_known=motivation_known, timeline_known=timeline_known)
        answered |= {str(key) for key in lead_data.get("answered_questions", [])}
        return qualification_assessment(answered)
