"""The conversation's state, folded forward from its turns: what holds before a message, what after it.

Pure on purpose: the state is a function of the history the request carries, so HTTP (history sent by the
caller), WebSocket and GHL (history restored from storage by services/analysis/history.py) read the same
conversation the same way. The service stores the state after each message with its conversation.
Texts here are folded (lowercase, no accents), oldest first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ghl_real_estate_ai.domain.conversation_state import ConversationState, Direction, DirectionSource
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import Intent, UrgencyLevel
from ghl_real_estate_ai.intelligence.local import cues
from ghl_real_estate_ai.intelligence.local.direction import (
    conversation_direction,
    offered_direction,
    stated_direction,
)
from ghl_real_estate_ai.intelligence.local.replies import is_assent

_PERSON = (
    r"(?:business partner|co-?owner|wife|husband|spouse|partner|fiancee?|boyfriend|girlfriend|mom|mother"
    r"|dad|father|parents|in-?laws|brother|sister|son|daughter|lawyer|attorney|accountant|esposa|esposo"
    r"|pareja|mama|papa|padres|suegros?|suegra|hermano|hermana|hijo|hija|socio|socia)"
)
_NAMED = re.compile(rf"\b(?:my|our|mi|mis|nuestro|nuestra|nuestros)\s+({_PERSON})\b")
# A person counts as deciding only with a word of deciding, seeing or signing in the same message
# ("my wife and I", "my husband has to see it"); "my wife is expecting" names no one who decides.
_DECIDING = re.compile(
    r"\b(?:and i|and me|y yo|has to|have to|needs? to|must|wants? to|would (?:need|want) to|sign\w*|approv\w*"
    r"|agree\w*|decid\w*|see it|look at it|talk|discuss\w*|ask|check with|run it by|on board|sold on"
    r"|tiene que|quiere|firmar|firma|verla|verlo|opin\w*|platicar|hablar)\b"
)


def decision_makers(folded_texts: Sequence[str]) -> list[str]:
    """The people the prospect says decide with them, in the order first named."""
    people: list[str] = []
    for text in folded_texts:
        people.extend(person for person in _deciders(text) if person not in people)
    return people


@lru_cache(maxsize=8192)
def _deciders(folded: str) -> tuple[str, ...]:
    # Cached: every new turn folds the conversation's earlier messages again.
    if not _DECIDING.search(folded):
        return ()
    return tuple(dict.fromkeys(match.group(1) for match in _NAMED.finditer(folded)))


@lru_cache(maxsize=8192)
def asks_for_action_now(folded: str) -> bool:
    """An emergency of the move ("asap", "we need to be out this week"), not a callback agreed to
    ("ok sounds good, call me tmrw at 5" takes up the agent's offer)."""
    return cues.is_emergency(folded) and not is_assent(folded)


def prior_state(prospect: Sequence[str], agent: Sequence[str]) -> ConversationState:
    """What the prospect's earlier messages established, before the message being read."""
    direction, source = conversation_direction(prospect), DirectionSource.PROSPECT
    if direction is None:
        direction, source = offered_direction(agent), DirectionSource.AGENT_LISTINGS
    return ConversationState(
        prospect_turns=len(prospect),
        direction=direction,
        direction_source=source if direction is not None else None,
        emergency=any(asks_for_action_now(text) for text in prospect),
        decision_makers=decision_makers(prospect),
    )


def inherited_direction(prior: ConversationState, intent: Intent) -> Direction | None:
    """The direction a message inherits: the prospect's own, or buy/rent from the agent's listings.

    The agent's listings never turn a seller's reading into a buyer's: a price quoted to a seller is
    what their home might fetch.
    """
    if prior.direction_source is DirectionSource.AGENT_LISTINGS and intent not in (
        Intent.PROPERTY_SEARCH,
        Intent.RENTAL_SEARCH,
        Intent.GENERAL_INQUIRY,
    ):
        return None
    return prior.direction


def advance(
    prior: ConversationState,
    message: str,
    intent: Intent,
    preferences: Preferences,
    timeline_days: float | None,
    urgency: UrgencyLevel,
) -> ConversationState:
    """The state after this message: what it states wins, everything else is kept."""
    own = stated_direction(message)
    direction, source = (own, DirectionSource.PROSPECT) if own else (prior.direction, prior.direction_source)
    return ConversationState(
        prospect_turns=prior.prospect_turns + 1,
        direction=direction,
        direction_source=source,
        intent=intent,
        preferences=preferences,
        timeline_days=timeline_days,
        urgency=urgency,
        emergency=prior.emergency or asks_for_action_now(message),
        decision_makers=[
            *prior.decision_makers,
            *(p for p in decision_makers([message]) if p not in prior.decision_makers),
        ],
    )


__all__ = ["advance", "asks_for_action_now", "decision_makers", "inherited_direction", "prior_state"]
