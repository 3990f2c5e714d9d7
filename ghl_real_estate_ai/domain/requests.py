"""Inputs of the spec's operations, shared by the HTTP API and the Python API."""

from __future__ import annotations

from pydantic import ConfigDict, Field, field_validator

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.moments import CalendarDate

Identifier = str
MAX_MESSAGE = 10_000


class ConversationContext(DomainModel):
    """What the caller knows about the conversation. Unknown keys are kept, not rejected."""

    model_config = ConfigDict(extra="allow")

    stage: str | None = None
    lead_id: Identifier | None = Field(default=None, max_length=128)
    conversation_id: Identifier | None = Field(default=None, max_length=128)
    previous_interactions: int | None = Field(default=None, ge=0)
    history: list[ConversationTurn] = Field(default_factory=list, max_length=200)
    answered_questions: list[str] = Field(default_factory=list, max_length=50)
    reference_date: CalendarDate | None = None


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only whitespace")
    return value


class CoachingRequest(DomainModel):
    agent_id: Identifier = Field(min_length=1, max_length=128)
    conversation_context: ConversationContext = Field(default_factory=ConversationContext)
    prospect_message: str = Field(min_length=1, max_length=MAX_MESSAGE)
    conversation_stage: str = Field(default="discovery", max_length=64)
    location_id: Identifier | None = Field(default=None, max_length=64)

    _check_message = field_validator("prospect_message")(_not_blank)


class ObjectionRequest(DomainModel):
    objection_text: str = Field(min_length=1, max_length=MAX_MESSAGE)
    lead_context: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    conversation_history: list[ConversationTurn] = Field(default_factory=list, max_length=200)
    location_id: Identifier | None = Field(default=None, max_length=64)
    lead_id: Identifier | None = Field(default=None, max_length=128)
    conversation_id: Identifier | None = Field(default=None, max_length=128)

    _check_text = field_validator("objection_text")(_not_blank)


class SemanticRequest(DomainModel):
    conversation_messages: list[ConversationTurn] = Field(min_length=1, max_length=200)
    location_id: Identifier | None = Field(default=None, max_length=64)
    include_preferences: bool = True
    lead_id: Identifier | None = Field(default=None, max_length=128)
    conversation_id: Identifier | None = Field(default=None, max_length=128)
    reference_date: CalendarDate | None = None

    @field_validator("conversation_messages")
    @classmethod
    def _needs_a_prospect_message(cls, turns: list[ConversationTurn]) -> list[ConversationTurn]:
        if not any(turn.speaker == "prospect" and turn.message.strip() for turn in turns):
            raise ValueError("needs at least one non-empty message from the prospect")
        return turns


def split_conversation(turns: list[ConversationTurn]) -> tuple[list[ConversationTurn], str]:
    """The prospect's latest message, and everything said before it."""
    last = max(i for i, turn in enumerate(turns) if turn.speaker == "prospect" and turn.message.strip())
    return turns[:last], turns[last].message
