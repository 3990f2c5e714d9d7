"""Which parts of a message speak about what the prospect wants.

Two kinds of text state details that are *not* preferences (taxonomy conventions):
- the prospect's own home: a seller or valuation lead describing what they have ("what would
  ours sell for? 5 bed with a pool"), or where they live now ("we rent in Queens");
- questions about a listing's attributes ("do they allow pets?"): asking is not stating a need.

Own-home status is decided per clause. Selling, valuing, having bought or inherited ("we plan to list",
"what's it worth", "la compramos en 2010") marks the own home, and carries over to the clauses and
sentences after it that say nothing else, even into the next message: "what's my house worth? || It's
a 4 bed in Mesa". A possessive home ("our condo in Reston") marks only its own clause. A desire
("looking for", "buscamos") marks the next home. A message that sells and wants nothing is all own home.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghl_real_estate_ai.intelligence.local.preferences.text import Doc, Span

_HOME_NOUN = (
    r"(?:house|home|place|condo|townhouse|townhome|property|casa|condominio|departamento|depa|apartment"
    r"|apt|rental|unit|lot|starter home|\d\s?(?:br|bd|bed(?:room)?s?)|\d/\d)"
)
_POSSESSIVE = (
    r"(?:my|our|mi|mis|nuestr[oa]s?|her|his|their|mom'?s|mother'?s|dad'?s|father'?s|parents'?|"
    r"grandma'?s|family'?s)"
)
_THIRD_PARTY_SELLER = re.compile(
    r"\b(?:landlord|owner|duen[oa]|seller|sellers|neighbor|neighbour|vecin[oa]|builder|they|he|she)"
    r"(?:\s+\w+){0,3}\s+(?:is|are|was|were|just|already)?\s*(?:selling|sold|sells|vendio|vende|vendieron)\b"
)
# Selling, valuing, having bought or inherited a home: the whole passage is about the own home.
_SELL_CUES = re.compile(
    r"\b(?:sell|selling|sold|sale of|vender|vendo|vendemos|venderla|venderlo|vendi|vendimos"
    r"|list(?:ing)?\s+(?:it|our|my|(?:the\s+)?(?:\w+\s+)?(?:house|home|condo|place|property|townhouse|unit))"
    r"|list\s+(?:in|by|with|for|at)|(?:we|i|we'?ve|i'?ve|we'?re|i'?m|already|just)\s+(?:\w+\s+)?listed"
    r"|valuation|valuacion|avaluo|appraisal|cma|(?:home|house|property|its|my|our) value|vale|equity"
    r"|inherited|heredamos|herede"
    r"|compramos|compre|refinanced)\b"
    # "we bought in 2019", "bought it in 2015" (not "everything bought by June").
    r"|(?:\b(?:we|i|we'?ve|i'?ve|just|already|recently)\s+(?:\w+\s+)?|^\W*)(?:bought|purchased)\b"
    # "what's my house worth", "it's worth about 400k" (not "Fort Worth").
    r"|\b(?:is|it'?s|be|was|are|what'?s|whats|house|home|place|condo|ours)\s+(?:\w+\s+){0,4}worth\b"
)
# Owning or renting where they are now: only that clause is about the own home.
_OWN_CUES = re.compile(
    r"\b(?:we own|i own|ours|la nuestra|la mia"
    rf"|{_POSSESSIVE}\s+(?:\w+\s+)?{_HOME_NOUN}"
    r"|(?:we|i)\s+(?:currently\s+|still\s+)?rent\s+(?:in|at|a)|rentamos\s+en|vivimos\s+en)\b"
)
_DESIRE_CUES = re.compile(
    r"\b(?:looking|look for|want|wanna|need|needs|would like|we'?d like|i'?d like|like to|love to|love a"
    r"|hoping|hope to|searching|search|find|buy|buying|purchase|interested in|prefer|ideally|must"
    r"|gotta|upgrade|downsize|move to|moving to|mov(?:e|ing) up|step up|relocat\w*|ready for|get something"
    r"|own something"
    r"|exactly what|busco|buscamos|buscando|queremos|quiero|necesito|necesitamos|me interesa|nos interesa"
    r"|nos gustaria|me gustaria|comprar|rentar|mudar\w*)\b"
)
# Wanting to know something is not wanting a home ("want to know what it's worth").
_NOT_DESIRE = re.compile(
    r"\b(?:want|wanted|like|need|quiero|queremos)\s+to\s+(?:know|ask|check|see|learn|understand)\b"
    r"|\bquiero saber\b"
)
# Asking about a listing's attributes: a question (or "can you check whether ...") that points at one
# listing ("they", "it", "the apartment") and does not ask for other places.
_ASKING = re.compile(
    r"\b(?:whether|know if|tell me if|check if|check whether|confirm|find out if|ask if|wondering if"
    r"|curious if"
    r"|see if|know about|is it|are they|do they|does it|does the|is the|are the|will they|would they|can i"
    r"|could i|am i|policy|tiene|aceptan|permiten)\b"
)
# A yes/no question: "Are pets allowed?", "Do they take dogs?".
_YES_NO_START = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|ok|okay|great|cool|thanks?|thank you|perfect|sure|and|also|but|so|si|bueno"
    r"|gracias)\W+)*(?:do|does|did|is|are|can|could|will|would|has|have|am|may|tiene|aceptan?|permiten?|hay"
    r"|se permiten?)\b"
)
_LISTING_REFERENCE = re.compile(
    r"\b(?:they|it|its|it'?s|this|that|the (?:apartment|place|property|building|unit|house|home|complex|one"
    r"|condo|townhouse|landlord|owner)|there|here|them|el departamento|la casa|el depa)\b"
)
# Asking outright, with no "they" or "it" needed: "confirm about pets allowed or not".
_INQUIRY = re.compile(
    r"\b(?:whether|know if|tell me if|check if|check whether|confirm(?: about)?|find out if|ask if"
    r"|wondering if|curious if)\b.*\bor not\b|\bconfirm about\b"
)
# The listings already shown are pointed at, not searched for: "do these apartments allow pets?".
_SHOWN = re.compile(
    r"\b(?:these|those|the|both) (?:apartments|places|homes|houses|units|listings|properties)\b"
)
_SEARCH_WORDS = re.compile(
    r"\b(?:other|others|another|else|find|search|look|looking|something|somewhere|anything|any (?!pets?\b)"
    r"|more options"
    r"|one that|need|want|would like|prefer|apartments|places|homes|houses|options|listings|units|otro|otra"
    r"|otros|otras|buscar|busco|necesito|quiero)\b"
)


@dataclass(frozen=True)
class Scope:
    """Spans of a message whose details are not the prospect's preferences."""

    own_home: tuple[Span, ...]
    info_questions: tuple[Span, ...]
    ends_selling: bool = False  # the message ends talking about selling: the next one may go on with it

    def is_own_home(self, position: int) -> bool:
        return any(span.contains(position) for span in self.own_home)

    def is_info_question(self, position: int) -> bool:
        return any(span.contains(position) for span in self.info_questions)


def read_scope(doc: Doc, *, after_selling: bool = False) -> Scope:
    """`after_selling`: the prospect's previous message ended on their own home ("what's it worth?")."""
    statuses = [_clause_status(doc.text(clause)) for clause in doc.clauses]
    if _SELL in statuses and _WANT not in statuses:
        # A seller's or valuation message: every detail is about their home.
        return Scope(tuple(doc.clauses), tuple(_info_questions(doc)), ends_selling=True)
    filled = _fill_within_sentences(doc, statuses, _SELL if after_selling else None)
    own = tuple(clause for clause, status in zip(doc.clauses, filled, strict=True) if status in (_SELL, _OWN))
    return Scope(own, tuple(_info_questions(doc)), ends_selling=bool(filled) and filled[-1] == _SELL)


_SELL, _OWN, _WANT = "sell", "own", "want"


def _clause_status(text: str) -> str | None:
    """sell / own: about their home (sell carries over to the next sentences); want: the next home."""
    desire = _DESIRE_CUES.search(_NOT_DESIRE.sub(" ", text)) is not None
    if _THIRD_PARTY_SELLER.search(text) is None and _SELL_CUES.search(text) is not None:
        return _SELL  # "we need to sell our 3br" is still the own home
    if _OWN_CUES.search(text) is not None and not desire:
        return _OWN
    return _WANT if desire else None


def _fill_within_sentences(doc: Doc, statuses: list[str | None], carried: str | None) -> list[str | None]:
    """A clause that says neither takes its sentence's nearest status, else a selling sentence's before it."""
    filled = list(statuses)
    for sentence in doc.sentences:
        indexes = [i for i, clause in enumerate(doc.clauses) if sentence.start <= clause.start < sentence.end]
        # An own-home clause ("our dream home") speaks for itself only; selling or wanting sets the tone.
        known = [i for i in indexes if statuses[i] in (_SELL, _WANT)]
        for i in indexes:
            if statuses[i] is None:
                previous = [k for k in known if k < i]
                following = [k for k in known if k > i]
                nearest = previous[-1] if previous else (following[0] if following else None)
                filled[i] = statuses[nearest] if nearest is not None else carried
        if known:
            carried = _SELL if statuses[known[-1]] == _SELL else None
    return filled


def _info_questions(doc: Doc) -> list[Span]:
    spans = []
    for sentence in doc.sentences:
        text = doc.text(sentence)
        question = (
            doc.folded[sentence.end : sentence.end + 1] == "?"
            or doc.folded[sentence.start - 1 : sentence.start] == "¿"
        )
        about_listing = (
            _LISTING_REFERENCE.search(text) is not None
            or _YES_NO_START.search(text) is not None
            or _INQUIRY.search(text) is not None
        )
        searching = _SEARCH_WORDS.search(_SHOWN.sub(" ", _NOT_DESIRE.sub(" ", text)))
        if (question or _ASKING.search(text)) and about_listing and not searching:
            spans.append(sentence)
    return spans
