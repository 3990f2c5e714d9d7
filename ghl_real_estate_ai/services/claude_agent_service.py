"""The spec's ClaudeAgentService: real-time coaching, objection analysis and next questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse, QuestionSuggestion
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.requests import CoachingRequest, ConversationContext, ObjectionRequest
from ghl_real_estate_ai.intelligence.claude.prompt import SYSTEM_PROMPT
from ghl_real_estate_ai.intelligence.coaching.questions import known_questions
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.defaults import default_engine
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.settings import ClaudeConfig
from ghl_real_estate_ai.storage.database import Database

# The spec's CLAUDE_CONFIG, as the spec writes it, with the values in force (CLAUDE_* settings).
_CONFIG = ClaudeConfig()
CLAUDE_CONFIG: dict[str, object] = {
    "model": _CONFIG.model,
    "max_tokens": _CONFIG.max_tokens,
    "temperature": _CONFIG.temperature,
    "system_prompt": SYSTEM_PROMPT,
    "timeout": _CONFIG.timeout_s,
    "retry_attempts": _CONFIG.max_retries,
}


class ClaudeAgentService:
    """Coaching for agents during live conversations.

    Answers come from the configured engine (the embedded one without an Anthropic key). Pass an engine
    to choose one explicitly; results read as attributes or as mappings.
    """

    def __init__(
        self,
        engine: AnalysisEngine | None = None,
        analysis: AnalysisService | None = None,
        database: Database | None = None,
    ) -> None:
        self.analysis = analysis or AnalysisService(engine or default_engine())
        self.database = database

    async def get_real_time_coaching(
        self,
        agent_id: str,
        conversation_context: Mapping[str, Any],
        prospect_message: str,
        conversation_stage: str = "discovery",
        location_id: str | None = None,
    ) -> CoachingResponse:
        request = CoachingRequest(
            agent_id=agent_id,
            conversation_context=ConversationContext.model_validate(dict(conversation_context)),
            prospect_message=prospect_message,
            conversation_stage=conversation_stage,
            location_id=location_id,
        )
        if self.database is None or location_id is None:
            return await self.analysis.real_time_coaching(None, request)
        # With a database and a location, the coaching is stored (and published) like an HTTP request's.
        async with self.database.session() as session:
            return await self.analysis.real_time_coaching(TenantScope(session, location_id), request)

    async def analyze_objection(
        self,
        objection_text: str,
        lead_context: Mapping[str, Any] | None = None,
        conversation_history: Sequence[Mapping[str, Any]] = (),
    ) -> ObjectionResponse:
        request = ObjectionRequest(
            objection_text=objection_text,
            lead_context=dict(lead_context or {}),
            conversation_history=[
                ConversationTurn.model_validate(dict(turn)) for turn in conversation_history
            ],
        )
        return await self.analysis.objection_analysis(None, request)

    async def suggest_next_question(
        self,
        qualification_progress: Mapping[str, Any],
        conversation_flow: Sequence[Mapping[str, Any]] = (),
        lead_profile: Mapping[str, Any] | None = None,
    ) -> QuestionSuggestion:
        """Rank the open qualification questions. Answered ones come from the progress, the profile
        and whatever the prospect has said in the conversation so far."""
        turns = [ConversationTurn.model_validate(dict(turn)) for turn in conversation_flow]
        prospect_turns = [
            i for i, turn in enumerate(turns) if turn.speaker == "prospect" and turn.message.strip()
        ]
        message = turns[prospect_turns[-1]].message if prospect_turns else "hello"
        context = turns[: prospect_turns[-1]] if prospect_turns else turns
        reading = await self.analysis.read(AnalysisRequest(message=message, context=context))
        answered = _answered(qualification_progress) | _profile_answers(lead_profile or {})
        return self.analysis.composer.next_questions(
            reading.analysis, answered=answered, processing_time_ms=reading.elapsed_ms
        )


def _answered(progress: Mapping[str, Any]) -> set[str]:
    """Progress is either a list under `answered`, or question keys mapped to their answers."""
    listed = {str(key) for key in progress.get("answered") or progress.get("answered_questions") or []}
    given = {key for key, value in progress.items() if value not in (None, "", [], False)}
    return listed | (given - {"answered", "answered_questions"})


def _profile_answers(profile: Mapping[str, Any]) -> set[str]:
    slots = {key: value for key, value in profile.items() if key in Preferences.model_fields}
    try:
        preferences = Preferences.model_validate(slots)
    except ValueError:
        preferences = Preferences()
    return known_questions(
        preferences,
        motivation_known=bool(profile.get("motivation")),
        timeline_known=bool(profile.get("timeline") or profile.get("timeline_months")),
    )
