"""Property type, with the taxonomy's conventions.

- "house" / "casa" is a single-family home, but only when it is what they are after ("looking for a
  house", "casa de 4 recámaras", "a small house"): "the house on Maple Ave", "la casa de ayer", "how much
  house", "to tour a house" talk about a house without stating a type preference.
- Two different types offered as alternatives ("condo or townhouse") leave the type out.
- The prospect's own home ("our townhome", "we sell the condo") is not a preference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ghl_real_estate_ai.domain.taxonomy import PropertyType
from ghl_real_estate_ai.intelligence.local.preferences.locations import LocationReading
from ghl_real_estate_ai.intelligence.local.preferences.scope import Scope
from ghl_real_estate_ai.intelligence.local.preferences.text import Doc
from ghl_real_estate_ai.intelligence.local.preferences.vocabulary import COMMON_WORDS

_TYPE_PATTERNS: tuple[tuple[PropertyType, re.Pattern[str]], ...] = (
    (
        PropertyType.MOBILE_HOME,
        re.compile(
            r"\b(?:mobile|manufactured|trailer)\s+homes?\b|\b(?:double|single)[- ]wide\b|\bcasa\s+movil\b"
            r"|\btraila\b"
        ),
    ),
    (PropertyType.TOWNHOUSE, re.compile(r"\btown\s?(?:house|home)s?\b|\brow\s?houses?\b|\bcasa\s+adosada\b")),
    (PropertyType.CONDO, re.compile(r"\bcondo(?:minium|minio)?s?\b")),
    (
        PropertyType.MULTI_FAMILY,
        re.compile(
            r"\b(?:duplex|duplexes|triplex|triplexes|fourplex|fourplexes|quadplex|quadruplex|[2-8]-?plex)\b"
            r"|\bmulti[- ]?family\b|\bmultifamiliar\b|\b(?:[2-9]|[1-9]\d)(?:\s?-\s?\d+)?[- ]units?\b"
        ),
    ),
    (PropertyType.APARTMENT, re.compile(r"\b(?:apartments?|apts?|departamentos?|depas?|apartamentos?)\b")),
    (
        PropertyType.COMMERCIAL,
        re.compile(
            r"\bcommercial\s+(?:property|properties|building|space|real estate|lot|unit)\b|\b(?:nnn|retail)\b"
            r"|\boffice\s+building\b|\bwarehouse\b|\bstrip\s+(?:mall|center)\b|\blocal\s+comercial\b"
        ),
    ),
    (PropertyType.LAND, re.compile(r"\b(?:land|acreage|terreno|lote|vacant lot|buildable lot)\b")),
    (
        PropertyType.SINGLE_FAMILY_HOME,
        re.compile(
            r"\bsingle[- ]family(?:\s+(?:home|house|rental)s?)?\b|\bsfh\b|\bsfr\b|\b(?:house|casa)s?\b"
            r"|\bdetached\s+home\b|\branch\b(?!\s+(?:style|home))|\branch[- ](?:style|home)\b"
        ),
    ),
)
_ALTERNATIVE = re.compile(r"^\s*(?:or|o|/|ou)\s*(?:an?\s+|una?\s+)?$")
# What makes a bare "house"/"casa" a stated preference: a search verb or the specs attached to it.
_HOUSE_WANTED_BEFORE = re.compile(
    r"\b(?:looking for|look for|want|need|needs|buy|buying|purchase|find|get|rent|busco|buscamos|buscando"
    r"|queremos|quiero|necesito|necesitamos|comprar|rentar|upgrade to|move to|a real|into a)\b"
)
_HOUSE_SPEC_AFTER = re.compile(
    r"^\s*(?:(?:nueva|nuevo|grande|pequena|chica|small|big|new)\s+)?"
    r"(?:in|near|around|en|por|cerca|with|w/?|con|for rent|to rent|en renta|para rentar"
    r"|de\s+(?:\d|una|dos|tres|cuatro|cinco)|de una planta|mas grande|that|que|under|hasta)\b"
)
_HOUSE_SIZE_BEFORE = re.compile(
    r"(?:\d\s?(?:br|bd|bed(?:room)?s?)|\d/\d|small|smaller|big|bigger|larger|real|new|single[- ]story|one"
    r"[- ]story|2[- ]story|two[- ]story|starter|family|detached)\s*$"
)
# "i was just looking at houses for fun" browsed in the past: no search stated.
_HOUSES_SOUGHT_BEFORE = re.compile(
    r"(?<!just )(?<!was )(?<!were )\b(?:looking (?:at|for)|searching for|shopping for|want|need|see|tour"
    r"|buscando|buscamos|queremos ver)\b"
)
_NOT_A_PREFERENCE_BEFORE = re.compile(r"(?:\b(?:the|this|that|la|esa|esta|el|how much|open)\s*|'s\s+)$")
# Viewing a unit or leaving the current one does not state a type: "let me see the apartment", "salir del
# apartamento", "moving out of our rental".
_VIEWED_OR_LEFT_BEFORE = re.compile(
    r"\b(?:see|ver|tour|visit|view|show me|showing|out of|salir del?|salirnos del?|leave|leaving|move out of"
    r"|moving out of)\s+(?:a|an|the|this|that|una|la|el|our|my|mi|nuestr[oa])?\s*(?:\w+\s+)?$"
)
_NOT_A_PREFERENCE_AFTER = re.compile(r"^\s*(?:hunt\w*|hack\w*|payment|poor|rules|keys|party)\b")
_POSSIBILITY_QUESTION = re.compile(r"(?<!\W)\W*+(?:can|could|should|will|do|does|is it)\b")
# Linear time: a number starts only where a digit run does, runs are taken whole (possessive).
_PRICED_BEFORE = re.compile(r"(?<![\d,.])\d[\d,.]*+k?\s++(?:for|per)\s++(?:a|an|the)\s*+$")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:my|our|mi|mis|nuestr[oa]s?|su|sus|her|his|their)\s+(?:\w+\s+)?$")
_LAND_OK_BEFORE = re.compile(
    r"(?:^|\b(?:for|buy|buying|find|some|any|vacant|raw|empty|buildable|rural|of|un|el|a|want|need|busco|buscamos"
    r"|buscando|comprar|queremos|quiero|necesito|necesitamos))\s*$"
)


@dataclass(frozen=True)
class _Mention:
    kind: PropertyType
    start: int
    end: int


# A renter's or owner's present home: "renting an apt", "we live in a condo now", "vivimos en un depa".
_LIVING_IN_NOW_BEFORE = re.compile(
    r"(?<!to )(?<!into )(?<!about )(?<!for )\b(?:renting|rent|live in|living in|stuck in|vivimos en|rentamos)"
    r"\s+(?:an?|our|my|the|un|una|el)?\s*(?:\w+\s+)?$"
)


def read_property_type(doc: Doc, scope: Scope, places: LocationReading) -> PropertyType | None:
    mentions = [m for m in _mentions(doc) if not places.covers(m.start) and _counts(doc, scope, m)]
    if not mentions:
        return None
    if _alternatives_named(doc, mentions):
        return None
    return mentions[-1].kind


def _mentions(doc: Doc) -> list[_Mention]:
    taken: list[tuple[int, int]] = []
    found: list[_Mention] = []
    for kind, pattern in _TYPE_PATTERNS:
        for match in pattern.finditer(doc.folded):
            # "mobile home" and "town house" must not also count as a home / house.
            if any(start <= match.start() < end for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(_Mention(kind, match.start(), match.end()))
    return sorted(found, key=lambda mention: mention.start)


def _counts(doc: Doc, scope: Scope, mention: _Mention) -> bool:
    # "never wanted to buy a house": a negation reaches further for the generic "house".
    window = 6 if mention.kind is PropertyType.SINGLE_FAMILY_HOME else 2
    if scope.is_own_home(mention.start) or doc.negated(mention.start, window=window):
        return False
    before = doc.folded[max(0, mention.start - 30) : mention.start]
    after = doc.folded[mention.end : mention.end + 30]
    if _POSSESSIVE_BEFORE.search(before) or _NOT_A_PREFERENCE_AFTER.search(after):
        return False
    if _VIEWED_OR_LEFT_BEFORE.search(before):
        return False
    if _LIVING_IN_NOW_BEFORE.search(before):
        return False  # "currently renting an apt but ready to own": where they live now, not what they want
    if mention.kind is PropertyType.LAND:
        return _LAND_OK_BEFORE.search(before) is not None
    if _is_proper_name(doc, mention):
        return False  # "Shadow Ranch", "Highlands Ranch" are places
    if mention.kind is PropertyType.SINGLE_FAMILY_HOME and re.match(
        r"(?:house|casa)", doc.folded[mention.start :]
    ):
        return _house_is_wanted(doc, mention, before, after)
    return True


def _is_proper_name(doc: Doc, mention: _Mention) -> bool:
    raw = doc.raw[mention.start : mention.end]
    previous = re.search(r"(\S+)\s+$", doc.raw[max(0, mention.start - 25) : mention.start])
    if previous is None or previous.group(1)[-1] in ".!?":
        return False  # "next March. House with a yard": a sentence's first word, not a name's second
    return raw[:1].isupper() and previous.group(1)[:1].isupper()


def _house_is_wanted(doc: Doc, mention: _Mention, before: str, after: str) -> bool:
    previous = re.search(r"([a-z]+)\s+$", before)
    compound = previous is not None and previous.group(1) not in COMMON_WORDS
    if doc.folded.startswith("house", mention.start) and compound and not _HOUSE_SIZE_BEFORE.search(before):
        return False  # a compound noun: "guest house", "farm house", "boat house"
    if _NOT_A_PREFERENCE_BEFORE.search(before) or _PRICED_BEFORE.search(before):
        return False  # "the house on Elm", "520 for a house that needs a roof"
    clause_before = doc.before(mention.start)
    if doc.folded[mention.end - 1] == "s":
        # "looking at houses in Cedar Park" searches; "houses in this area sell fast" does not.
        return _HOUSES_SOUGHT_BEFORE.search(clause_before) is not None
    specified = _HOUSE_SPEC_AFTER.search(after) is not None or _HOUSE_SIZE_BEFORE.search(before) is not None
    if not re.search(r"\b(?:a|an|una|un)\s*$", before):
        return specified  # no article: "buscamos casa en X" states one, "comprar casa es difícil" does not
    if _asks_if_possible(doc, mention.start):
        return False  # "can I still buy a house?" asks about buying at all
    return specified or _HOUSE_WANTED_BEFORE.search(clause_before) is not None


def _asks_if_possible(doc: Doc, position: int) -> bool:
    sentence = doc.sentence_at(position)
    question = doc.folded[sentence.end : sentence.end + 1] == "?"
    return question and _POSSIBILITY_QUESTION.match(doc.text(doc.clause_at(position))) is not None


def _alternatives_named(doc: Doc, mentions: list[_Mention]) -> bool:
    for first, second in pairwise(mentions):
        between = doc.folded[first.end : second.start]
        if first.kind is not second.kind and _ALTERNATIVE.match(between):
            return True
    return False
