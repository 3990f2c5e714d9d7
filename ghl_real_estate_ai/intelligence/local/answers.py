"""Bare answers to the agent's question, read as the slot that was asked for.

"How many bedrooms are you after?" / "at least 3": the reply names no rooms, the question does. A reply
that is only a count (with "at least", "please", "is fine" and the like around it) is written out with the
asked slot's noun ("at least 3 bedrooms") before the preference rules read it. Only a question about one
slot counts: "how many beds and baths?" answered "3" says nothing sure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.intelligence.local.preferences.text import fold

# Read on the folded question (lowercase, no accents): a count asked for, and which rooms it names.
_HOW_MANY = re.compile(r"\b(?:how many|cuant[oa]s)\b")
_NAMES = {
    "bedrooms": re.compile(
        r"\b(?:bed ?rooms?|beds?|br|recamaras?|habitacion(?:es)?|cuartos?|dormitorios?)\b"
    ),
    "bathrooms": re.compile(r"\b(?:bath ?rooms?|baths?|ba|banos?)\b"),
}
_NUMBER = (
    r"(?:\d{1,2}(?:\.5)?|one|two|three|four|five|six|seven|uno|una|dos|tres|cuatro|cinco|seis)(?:\s*\+)?"
)
_BEFORE = r"(?:at least|minimum|min|just|only|maybe|probably|about|around|ideally|al menos|minimo|solo)"
_AFTER = (
    r"(?:or more|is fine|is good|is enough|would be (?:great|nice|good|fine)|works|should do|please|pls"
    r"|at least|minimum|o mas|esta bien|por favor|porfa)"
)
_BARE_COUNT = re.compile(
    rf"^\W*(?:(?:ok|okay|yes|um|hmm|i think|we need|i need|need|(?:i|we) (?:just |only )?(?:want|need)"
    rf"|i'?d like|i would like|we'?d like|necesito|necesitamos|queremos)\W+)?(?:{_BEFORE}\s+)?({_NUMBER})"
    rf"(?:\W+{_AFTER})*\W*$"
)
_NOUNS = {"bedrooms": "bedrooms", "bathrooms": "bathrooms"}


def asked_slot(question: str) -> str | None:
    """The one room count a question asks for, or None."""
    folded = fold(question)
    if not _HOW_MANY.search(folded):
        return None
    asked = [slot for slot, pattern in _NAMES.items() if pattern.search(folded)]
    return asked[0] if len(asked) == 1 else None


def answered(question: str | None, reply: str) -> str:
    """The reply with the asked slot written out when the reply is a bare count."""
    if question is None:
        return reply
    slot = asked_slot(question)
    if slot is None:
        return reply
    folded = fold(reply)
    match = _BARE_COUNT.match(folded)
    if match is None:
        return reply
    end = match.end(1)
    return f"{folded[:end]} {_NOUNS[slot]}{folded[end:]}"


def answered_prospect_texts(context: Sequence[ConversationTurn], message: str) -> list[str]:
    """The prospect's texts, oldest first and this message last, bare counts read with their question."""
    texts: list[str] = []
    question: str | None = None
    for turn in context:
        if turn.speaker is Speaker.PROSPECT:
            texts.append(answered(question, turn.message))
            question = None
        else:
            question = turn.message
    texts.append(answered(question, message))
    return texts


__all__ = ["answered", "answered_prospect_texts", "asked_slot"]
