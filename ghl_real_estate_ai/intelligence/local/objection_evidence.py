"""Objection types that need their words: someone else deciding, another agent.

The classifiers learned that a spouse in a message often means `decision_maker`; "wife is expecting" names
a spouse and raises nothing. These two types stand only when the message says someone else must decide,
see or agree, or that an agent (or a relative who is one) is already involved.
"""

from __future__ import annotations

import re

from ghl_real_estate_ai.domain.taxonomy import ObjectionType

# On folded text (lowercase, no accents).
_EVIDENCE = {
    ObjectionType.DECISION_MAKER: re.compile(
        r"\b(?:discuss\w*|talk\w*|decid\w*|decision|check with"
        r"|ask(?:ing)? (?:my|our|her|him)|run it by|on board"
        r"|agree\w*|approv\w*|sign off|see it|look at it"
        r"|think (?:it over|about it)|consult\w*|sold on|convinc\w*"
        r"|get back to you|has to|have to|needs? to|wants? to"
        r"|won'?t|doesn'?t want|isn'?t sure|not sure|likes?|love"
        r"|opinion|say|together|both|look\w* (?:it )?over|look at|see|show\w*|sign\w*|ensen\w*"
        r"|mostrar\w*|firma\w*|without (?:my|our|her|him)|hablar\w*|platicar|consultar\w*|decidir\w*"
        r"|decision|ver(?:la|lo)?|opin\w*|de acuerdo|quiere|tiene que|tenemos que|convencer)\b"
    ),
    ObjectionType.EXISTING_AGENT: re.compile(
        r"\b(?:agents?|realtors?|brokers?|broker\w*|signed"
        r"|agreement|represent\w*|working with|work with|agente"
        r"|corredor\w*|listed with|list with|firm|team|company|license\w*|already have|ya tenemos|ya tengo)\b"
    ),
}


def supported(objection: ObjectionType, folded_message: str) -> bool:
    """Whether the message carries the words this objection type needs (types without a rule always do)."""
    pattern = _EVIDENCE.get(objection)
    return pattern is None or pattern.search(folded_message) is not None


__all__ = ["supported"]
