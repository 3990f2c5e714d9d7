"""Financing facts: pre-approval, paying cash, having to sell first (each True, False or unknown).

Questions state nothing ("what do I need for the preapproval?", "do I have to sell first?").
Plans state the negative: "we plan to get preapproved" means not pre-approved yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghl_real_estate_ai.intelligence.local.preferences.text import Doc

_PREAPPROVAL = re.compile(
    r"\b(?:pre[- ]?approv\w*|pre[- ]?aprob\w*|pre[- ]?aprovad\w*|pre[- ]?qualified|pre[- ]?calificad\w*"
    r"|pre[- ]?qual)\b"
)
_NOT_YET = re.compile(
    r"\b(?:not|n't|no|nor|never|sin|todavia no|aun no|haven'?t|havent|hasn'?t|aren'?t|arent|isn'?t|yet to)\b"
    r"(?:\s+\w+){0,3}\s*$"
)
_PLAN_TO_GET = re.compile(
    r"\b(?:need|needs|want|wants|going|gonna|plan|planning|hope|hoping|trying|try|should|will|queremos|quiero"
    r"|necesito|necesitamos|vamos a|voy a)\b(?:\s+\w+){0,3}\s+(?:get|getting|be|obtener|sacar|tener)\s*$"
)
_PROCESS_QUESTION = re.compile(r"\b(?:how|what|para|cual|como|que)\b(?:\s+\w+){0,4}\s*$")
_CASH = re.compile(
    r"\bcash buyers?\b|\b(?:pay|paying|paid|buy|buying|purchase|purchasing)\s+(?:all\s+|in\s+|with\s+)?cash\b"
    r"|\ball[- ]cash\b|\bin cash\b|\bcash offer\b|\ben efectivo\b|\bde contado\b|\bal contado\b"
    # "Cash." on its own, in a list of requirements; "up to 500k cash".
    r"|(?:^|[.!,;]\s*)cash\s*(?:[.!,;]|$)|\d(?:k|m)?\s+(?:all\s+)?cash\b(?!\s+flow)"
)
_NOT_CASH = re.compile(r"\b(?:not|n't|no|never|can'?t|cannot|won'?t)\b(?:\s+\w+){0,3}\s*$")
_SELL_FIRST = re.compile(
    r"\b(?:need|needs|have|has|got|gotta|must)\s+to\s+sell\s+(?:\w+\s+){0,4}?(?:first|before)\b"
    r"|\bsell\s+(?:ours|our\s+\w+|my\s+\w+)\s+first\b"
    r"|\bcan'?t\s+(?:buy|afford|purchase|close)\s+(?:\w+\s+){0,3}?(?:until|till|before"
    r"|unless)\s+(?:\w+\s+){0,5}?"
    r"(?:sells?|sold|closes)\b"
    r"|\bcontingent\s+(?:on|upon)\s+(?:the\s+|our\s+|my\s+)?(?:sale|selling)\b|\bsale[- ]contingen\w+"
    r"|\b(?:tenemos|tengo|necesitamos|necesito)\s+que\s+vender\s+(?:\w+\s+){0,4}?(?:primero|antes)\b"
    r"|\bdepends?\s+on\s+(?:selling|the sale)\b"
)
_NO_SELL_FIRST = re.compile(
    r"\b(?:don'?t|do not|won'?t|doesn'?t)\s+(?:need|have)\s+to\s+sell\b|\bno\s+(?:tenemos"
    r"|necesitamos)\s+que\s+vender\b"
)


@dataclass(frozen=True)
class FinancingReading:
    preapproved: bool | None
    cash_buyer: bool | None
    needs_to_sell_first: bool | None


def read_financing(doc: Doc) -> FinancingReading:
    return FinancingReading(_preapproved(doc), _cash_buyer(doc), _needs_to_sell_first(doc))


def _preapproved(doc: Doc) -> bool | None:
    value: bool | None = None
    for match in _PREAPPROVAL.finditer(doc.folded):
        before = doc.before(match.start())
        if _NOT_YET.search(before) or _PLAN_TO_GET.search(before):
            value = False
        elif _is_question(doc, match.start()) or _PROCESS_QUESTION.search(before):
            continue
        else:
            value = True
    return value


def _cash_buyer(doc: Doc) -> bool | None:
    value: bool | None = None
    for match in _CASH.finditer(doc.folded):
        if _is_question(doc, match.start()):
            continue
        before = doc.before(match.start())
        value = not _NOT_CASH.search(before)
    return value


def _needs_to_sell_first(doc: Doc) -> bool | None:
    if _NO_SELL_FIRST.search(doc.folded):
        return False
    for match in _SELL_FIRST.finditer(doc.folded):
        if not _is_question(doc, match.start()):
            return True
    return None


def _is_question(doc: Doc, position: int) -> bool:
    sentence = doc.sentence_at(position)
    return (
        doc.folded[sentence.end : sentence.end + 1] == "?"
        or doc.folded[sentence.start - 1 : sentence.start] == "¿"
    )
