"""When the prospect wants to move or transact: the best-supported date phrase of a message.

Not every date is a timeline. Past events ("my uncle passed in March"), viewings ("can we see it
Saturday", "a visit on March 12th") and conditions ("if it doesn't sell in 60 days") are dropped. A date
tied to the move (moving, a lease, closing, buying, selling, a deadline "by") outranks a loose one, a
precise date outranks a vague one, and only a tied, precise date gives `timeline_months`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.local.preferences.dates import (
    DAYS_PER_MONTH,
    TimelineReading,
    find_date_phrases,
)
from ghl_real_estate_ai.intelligence.local.preferences.text import Doc

__all__ = ["Candidate", "TimelineReading", "best_candidate", "find_candidates", "timeline_months"]


@dataclass(frozen=True)
class Candidate:
    reading: TimelineReading
    start: int
    end: int
    bound: bool  # tied to moving / a lease / closing / buying / selling
    precise: bool = True  # a stated date or delay, not "asap", "soon", a weekday or an event estimate

    @property
    def strength(self) -> int:
        if self.reading.vague:
            return 0
        return 2 if self.bound else 1


def timeline_months(candidate: Candidate | None) -> int | None:
    """Rounded months, left out when vague or under a month away (taxonomy convention).

    Only a date tied to the move counts: "10th of March should be fine" may be a viewing.
    """
    if candidate is None or candidate.strength < 2:
        return None
    reading = candidate.reading
    if reading.days < 30:
        return None
    return max(1, round(reading.days / DAYS_PER_MONTH))


_TRIGGER = re.compile(
    r"\b(?:move|moving|moved|mov(?:e|ing) in|move-in|relocat\w*|transfer\w*|pcs\w*|lease|rental|close|closing"
    r"|buy|buying|purchase|list|listed|listing|sell|selling|sold|be in|be out|out by|in by|settled|start\w*"
    r"|job|retir\w*|due|baby|born|graduat\w*|school|semester|need|needs|want|hoping|ready|offer|offers"
    r"|closes|closed by|bought by|ideally|not before|not until|no later than|by|before|antes de|para"
    r"|mud\w+|cambian|salir|comprar|vender|cerrar|contrato|nace\w*|clases|escuela|queremos|quiero|necesito"
    r"|empiez\w*|empezar|comienz\w*|trabaj\w*|rentar|renta|timeline|timeframe|time frame|plazo"
    r"|necesitamos|irme|estar en|tenemos hasta|ends|end|up)\b"
)
_APPOINTMENT_DAY_BEFORE = re.compile(r"(?<!para )(?<!antes )\b(?:on|for|go|el)\s+(?:the\s+)?$")
# Triggers that name the move itself (not just "want"/"need", which also precede viewing days).
_STRONG_TRIGGER = re.compile(
    r"\b(?:mov(?:e|ed|ing)|move-in|relocat\w*|transfer\w*|lease|rental|clos(?:e|es|ing)|buy|buying|purchase"
    r"|list|listed|listing|sell|selling|settled|start\w*|job|retir\w*|due|baby|born|graduat\w*|school"
    r"|semester|mud\w+|salir|comprar|vender|cerrar|contrato|nace\w*|clases|escuela|empiez\w*|trabaj\w*)\b"
)
_MOVE = re.compile(
    r"\b(?:move|moving|lease|close|closing|buy|buying|sell|selling|list|listed|relocat\w*|mud\w+)\b"
)
_VIEWING = re.compile(
    r"\b(?:see|tour|touring|showing|show|visit|viewing|view|walk ?through|open house|appointment|look at"
    r"|schedule"
    r"|book"
    r"|ver|verla|verlo|visitar|cita|recorrido|call|talk|meet|decide|review|inspect\w*|photographer|flies"
    r"|back)\b"
)
_PAST = re.compile(
    r"\b(?:sold|bought|passed|lost|got|was|were|had|did|used|redid|refinanced|closed|purchased"
    r"|signed|hasn'?t|haven'?t|didn'?t|been|ago|compramos|compre|compro|vendio|vendimos|fue|fallecio"
    r"|perdi|perdio|hace|took)\b"
)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|before|until|till|til|antes de|para|hasta|not before)\s*$")


def find_candidates(doc: Doc, reference: date, language: Language) -> list[Candidate]:
    """Every date phrase in the message that may be about their move (not past, not a viewing)."""
    candidates = []
    for phrase in find_date_phrases(doc.folded, reference, language):
        if not _excluded(doc, phrase.start, phrase.end):
            bound = _bound(doc, phrase.start, phrase.end)
            candidates.append(Candidate(phrase.reading, phrase.start, phrase.end, bound, phrase.precise))
    return candidates


def best_candidate(candidates: list[Candidate]) -> Candidate | None:
    if not candidates:
        return None
    return max(candidates, key=lambda candidate: (candidate.strength, candidate.precise, -candidate.start))


# --- filters ----------------------------------------------------------------------------------------


def _excluded(doc: Doc, start: int, end: int) -> bool:
    before = doc.before(start)
    if re.match(r"\s*(?:if|unless)\b", before):
        return True  # a condition, not a plan: "if it doesn't sell in 60 days"
    if re.search(r"\b(?:not|no)\s+(?:\w+\s+)?(?:any\s?time|anytime)\s*$", before):
        return True
    nearby = " ".join(before.split()[-6:])
    if _VIEWING.search(nearby) and not _MOVE.search(nearby):
        return True  # "can we see it sunday", "we'd like to tour some this weekend"
    return _PAST.search(nearby) is not None and _DEADLINE_BEFORE.search(before) is None


def _bound(doc: Doc, start: int, end: int) -> bool:
    """Whether the sentence ties the date to the move: a move/lease/close/buy word, or a deadline ("by")."""
    text = doc.around(start, end, sentence=True)
    if _APPOINTMENT_DAY_BEFORE.search(doc.before(start, sentence=True)):
        # "I want to go on March 1st": a day for an appointment, unless the move itself is named.
        return _STRONG_TRIGGER.search(text) is not None
    return _TRIGGER.search(text) is not None
