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
from ghl_real_estate_ai.intelligence.local.preferences.deal_breakers import RULED_OUT_ANSWER
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


# A question about the price ("What's your max?", "Is there a price you don't want to go over?", "¿Cuál es
# su presupuesto?"), about when ("When do you want to be moved in?", "How soon?", "¿Para cuándo?") and
# about a pre-approval ("Are you pre-approved?").
_ASKS_BUDGET = re.compile(
    r"\b(?:budget|price range|price point|max|maximum|spend|go over|afford|presupuesto|maximo|gastar)\b"
)
_ASKS_RULED_OUT = re.compile(
    r"\bdeal ?-?breakers?\b|\banything (?:you|y'?all) (?:don'?t|do not) want\b|\bmust[- ]nots?\b"
    r"|\balgo que no quier\w+|\bno les guste\b"
)
_ASKS_WHEN = re.compile(r"\b(?:when|how soon|timeline|time ?frame|cuando|para cuando)\b")
_ASKS_PREAPPROVAL = re.compile(r"\b(?:pre-?approved|preaprobad[oa]s?)\b")
_YES = re.compile(r"^\W*(?:yes|yep|yeah|yup|we are|i am|si|claro|ya)\b")
# A reply short enough to be only the answer: "four twenty", "next April", "$1,800 a month".
_SHORT_REPLY_WORDS = 7
_SHORT_LIST_WORDS = 12  # "busy roads. and no pool, too much upkeep"
# A figure as typed or said, with the bucket word or sign that belongs to it ("mid 4s", "$1,800").
_FIGURE = re.compile(
    r"(?:\b(?:low|lower|mid|middle|high|upper)[\s-]?|~\s?|\$\s?)?"
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|half|uno|dos|tres|cuatro|cinco|seis|siete"
    r"|ocho|nueve|cien|\w+cientos)\b)"
)


def answered(question: str | None, reply: str) -> str:
    """The reply with the asked slot written out when the reply is a bare count, price or date."""
    if question is None:
        return reply
    spoken = _spoken_answer(fold(question), reply)
    if spoken is not None:
        return spoken
    slot = asked_slot(question)
    if slot is None:
        return reply
    folded = fold(reply)
    match = _BARE_COUNT.match(folded)
    if match is None:
        return reply
    end = match.end(1)
    return f"{folded[:end]} {_NOUNS[slot]}{folded[end:]}"


def _spoken_answer(question: str, reply: str) -> str | None:
    """'What's your max?' / 'four twenty' is a budget; 'When do you want to move?' / 'next April' a move
    date; 'Are you pre-approved?' / 'yep, for 500' a pre-approval. A long reply speaks for itself."""
    folded = fold(reply)
    if _ASKS_PREAPPROVAL.search(question) and _YES.match(folded):
        return f"we are preapproved, {reply}"
    if _ASKS_RULED_OUT.search(question) and len(folded.split()) <= _SHORT_LIST_WORDS:
        return f"{RULED_OUT_ANSWER} {reply}"
    if len(folded.split()) > _SHORT_REPLY_WORDS:
        return None
    if _ASKS_BUDGET.search(question) and not _ASKS_WHEN.search(question):
        # The budget word goes right before the figure: "depends, maybe our budget is 350?".
        figure = _FIGURE.search(reply.lower())
        return None if figure is None else f"{reply[: figure.start()]}our budget is {reply[figure.start() :]}"
    if _ASKS_WHEN.search(question) and not _HOW_MANY.search(question):
        return f"we want to move {reply}"
    return None


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
