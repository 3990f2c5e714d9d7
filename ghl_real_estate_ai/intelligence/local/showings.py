"""A showing the prospect agrees to: "sat works" to "Saturday at 11 or Sunday at 2?".

The reply names no date of its own, or only the agent's; the date is the one the agent proposed. A prospect
who agrees to see a home within days is in a hurry their short reply does not say, so urgency reads that
date. Only showings count: agreeing to a callback ("ok sounds good, call me tmrw at 5") is no move within
days, and the date is never a timeline of the move (`timeline_days` stays what the prospect said).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Language, Speaker
from ghl_real_estate_ai.intelligence.local.preferences.dates import TimelineReading, find_date_phrases
from ghl_real_estate_ai.intelligence.local.preferences.text import fold

# Seeing a home, in the agent's offer or the prospect's request before it (folded text).
_SHOWING = re.compile(
    r"\b(?:see (?:it|the|this|that|them|one|a|some|homes?|houses?|the place|you)|tour\w*|show\w*|visit\w*"
    r"|view\w*|walk ?through|open house|stop by|come by|check (?:it|them|the \w+) out|look at (?:it|the|them)"
    r"|ver(?:la|lo|las|los)?|visita\w*|mostrar\w*|ensenar\w*|recorrido|cita)\b"
)


def agreed_showing(
    context: Sequence[ConversationTurn], reference: date, language: Language
) -> TimelineReading | None:
    """Days until the showing the agent's last turn proposed, when that turn (or the prospect's request
    it answers) is about seeing a home; None otherwise. The caller has checked that the reply agrees."""
    if not context or context[-1].speaker is Speaker.PROSPECT:
        return None
    offer = fold(context[-1].message)
    request = next(
        (fold(turn.message) for turn in reversed(context[:-1]) if turn.speaker is Speaker.PROSPECT), ""
    )
    if _SHOWING.search(offer) is None and _SHOWING.search(request) is None:
        return None
    days = [phrase.reading.days for phrase in find_date_phrases(offer, reference, language)]
    return TimelineReading(days=min(days), vague=False) if days else None


__all__ = ["agreed_showing"]
