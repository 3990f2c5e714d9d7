from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.taxonomy import Speaker


class ConversationTurn(DomainModel):
    """One message of a conversation, as the spec's requests carry them."""

    speaker: Speaker = Speaker.PROSPECT
    message: str = Field(max_length=10_000)
    timestamp: datetime | None = None


class AnalysisRequest(DomainModel):
    """Everything an engine needs to read one prospect message in its conversation."""

    message: str = Field(max_length=10_000)
    context: list[ConversationTurn] = Field(default_factory=list, max_length=200)
    reference_date: date | None = None
    conversation_stage: str | None = None
    lead: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    """What the caller knows about the lead (may hold PII: only sanitised copies leave the process)."""

    def prospect_texts(self) -> list[str]:
        """What the prospect said so far, oldest first, this message last."""
        earlier = [turn.message for turn in self.context if turn.speaker is Speaker.PROSPECT]
        return [*earlier, self.message]
