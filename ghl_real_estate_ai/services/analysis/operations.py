"""Each spec request as one operation: what the engines read, how the answer is composed, where it is kept."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.requests import (
    CoachingRequest,
    ObjectionRequest,
    SemanticRequest,
    split_conversation,
)
from ghl_real_estate_ai.domain.semantic import QualificationAssessment, SemanticAnalysis
from ghl_real_estate_ai.intelligence.claude import CallContext
from ghl_real_estate_ai.intelligence.coaching.composer import CoachingComposer
from ghl_real_estate_ai.intelligence.semantics import (
    intent_analysis,
    qualification_assessment,
    semantic_preferences,
)
from ghl_real_estate_ai.learning.bandit import PlayOrder
from ghl_real_estate_ai.services.play_ranking_service import arrange_coaching, arrange_objection

R = TypeVar("R", CoachingResponse, ObjectionResponse, SemanticAnalysis)
# The engine's reading, the engine's name and the time it took, made into the caller's answer.
Compose = Callable[[MessageAnalysis, str, float], R]


@dataclass(frozen=True)
class Operation(Generic[R]):
    kind: str
    request: AnalysisRequest
    call: CallContext
    compose: Compose[R]
    conversation_key: str | None
    lead_id: str | None
    agent_id: str | None
    conversation_stage: str | None
    turns: Sequence[ConversationTurn]
    # Qualification completeness after this message (coaching publishes it on the `progress` topic).
    progress: Callable[[MessageAnalysis], QualificationAssessment] | None = None


def coaching(
    request: CoachingRequest,
    location_id: str | None,
    composer: CoachingComposer,
    order: PlayOrder | None = None,
) -> Operation[CoachingResponse]:
    """`order`: the location's play order from its agents' feedback (None: the playbook's order)."""
    context = request.conversation_context

    def compose(analysis: MessageAnalysis, engine: str, elapsed_ms: float) -> CoachingResponse:
        answer = composer.coaching(
            analysis,
            engine=engine,
            processing_time_ms=elapsed_ms,
            answered=context.answered_questions,
            lead=lead_fields(context.model_extra),
        )
        return arrange_coaching(order, answer) if order is not None else answer

    key = context.conversation_id or lead_key(context.lead_id)
    return Operation(
        kind="coaching",
        request=AnalysisRequest(
            message=request.prospect_message,
            context=context.history,
            reference_date=context.reference_date,
            conversation_stage=request.conversation_stage,
            lead=lead_fields(context.model_extra),
        ),
        call=CallContext("real_time_coaching", request.agent_id, location_id, key),
        compose=compose,
        conversation_key=key,
        lead_id=context.lead_id,
        agent_id=request.agent_id,
        conversation_stage=request.conversation_stage,
        turns=[*context.history, ConversationTurn(message=request.prospect_message)],
        progress=lambda analysis: qualification_assessment(
            composer.answered(analysis, context.answered_questions)
        ),
    )


def objection(
    request: ObjectionRequest,
    location_id: str | None,
    composer: CoachingComposer,
    order: PlayOrder | None = None,
) -> Operation[ObjectionResponse]:
    def compose(analysis: MessageAnalysis, engine: str, elapsed_ms: float) -> ObjectionResponse:
        lead = lead_fields(dict(request.lead_context))
        answer = composer.objection(analysis, engine=engine, processing_time_ms=elapsed_ms, lead=lead)
        return arrange_objection(order, answer) if order is not None else answer

    key = request.conversation_id or lead_key(request.lead_id)
    return Operation(
        kind="objection",
        request=AnalysisRequest(
            message=request.objection_text,
            context=request.conversation_history,
            lead=lead_fields(dict(request.lead_context)),
        ),
        call=CallContext("objection_analysis", None, location_id, key),
        compose=compose,
        conversation_key=key,
        lead_id=request.lead_id,
        agent_id=None,
        conversation_stage=None,
        turns=[*request.conversation_history, ConversationTurn(message=request.objection_text)],
    )


def semantic_reading_request(request: SemanticRequest) -> AnalysisRequest:
    """What the engine reads for a semantic analysis: the last prospect message in its context."""
    context, message = split_conversation(request.conversation_messages)
    return AnalysisRequest(message=message, context=context, reference_date=request.reference_date)


def semantic(request: SemanticRequest, location_id: str | None) -> Operation[SemanticAnalysis]:
    def compose(analysis: MessageAnalysis, engine: str, elapsed_ms: float) -> SemanticAnalysis:
        return SemanticAnalysis(
            intent_analysis=intent_analysis(analysis),
            semantic_preferences=semantic_preferences(analysis) if request.include_preferences else None,
            confidence=round(analysis.confidence * 100),
            urgency_score=analysis.urgency_score,
            processing_time_ms=elapsed_ms,
            engine=engine,
        )

    key = request.conversation_id or lead_key(request.lead_id)
    return Operation(
        kind="semantic",
        request=semantic_reading_request(request),
        call=CallContext("semantic_analysis", None, location_id, key),
        compose=compose,
        conversation_key=key,
        lead_id=request.lead_id,
        agent_id=None,
        conversation_stage=None,
        turns=request.conversation_messages,
    )


def lead_fields(extra: dict[str, object] | None) -> dict[str, str | int | float | bool | None]:
    """Scalar facts the caller sent about the lead (ConversationContext keeps unknown keys)."""
    fields: dict[str, str | int | float | bool | None] = {}
    for key, value in (extra or {}).items():
        if value is None or isinstance(value, str | int | float | bool):
            fields[key] = value
        elif isinstance(value, dict):
            fields.update(
                {f"{key}.{k}" if k not in ("email", "phone") else k: v for k, v in lead_fields(value).items()}
            )
    return fields


LEAD_KEY_PREFIX = "lead-"
EXTERNAL_ID_MAX = 128  # conversations.external_id


def lead_key(lead_id: str | None) -> str | None:
    if not lead_id:
        return None
    key = LEAD_KEY_PREFIX + lead_id
    # A lead id near the column's length would overflow it once prefixed: such ids are keyed by their hash.
    if len(key) > EXTERNAL_ID_MAX:
        return f"{LEAD_KEY_PREFIX}sha256-{hashlib.sha256(lead_id.encode()).hexdigest()}"
    return key
