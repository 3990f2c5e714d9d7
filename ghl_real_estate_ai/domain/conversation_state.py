"""What a conversation has established so far: the reading carried from one prospect message to the next.

Dialogue state tracking in the engine's terms. Each prospect message updates the state; a follow-up that
says nothing new on a slot ("I need 2 baths", "schedule a visit for me", "ok thats correct") keeps what
the conversation set, so it is read as part of the same search.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import Intent, UrgencyLevel


class Direction(StrEnum):
    """Which way the prospect's search goes."""

    BUY = "buy"
    RENT = "rent"
    SELL = "sell"


class DirectionSource(StrEnum):
    """Who settled the direction: the prospect's own words, or only the listings the agent offered."""

    PROSPECT = "prospect"
    AGENT_LISTINGS = "agent_listings"


class ConversationState(DomainModel):
    """The conversation's reading after its latest prospect message (folded from the oldest one on)."""

    prospect_turns: int = Field(default=0, ge=0)
    direction: Direction | None = None
    direction_source: DirectionSource | None = None
    intent: Intent | None = None
    """The latest message's intent, after the state's own rules (a follow-up inherits the direction)."""
    preferences: Preferences = Field(default_factory=Preferences)
    """Everything the prospect stated so far, financing included (preapproved, cash, must sell first)."""
    timeline_days: float | None = Field(default=None, ge=0.0)
    """The latest date the prospect gave for their move, in days from the reference date."""
    urgency: UrgencyLevel | None = None
    emergency: bool = False
    """Some prospect message asked for action within days ("asap", "need to move this week")."""
    decision_makers: list[str] = Field(default_factory=list)
    """Who else decides, as the prospect named them ("wife", "business partner", "mi esposo")."""


__all__ = ["ConversationState", "Direction", "DirectionSource"]
