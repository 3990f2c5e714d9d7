"""Bedrooms and bathrooms: the minimum the prospect wants ("2-3 bed" is 2, "4br+" is 4, "3/2", "4/2.5")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghl_real_estate_ai.intelligence.local.preferences.numbers import WORD_NUMBER, parse_number
from ghl_real_estate_ai.intelligence.local.preferences.scope import Scope
from ghl_real_estate_ai.intelligence.local.preferences.text import Doc

_NUM = rf"(?:\d{{1,2}}(?:\.5)?|{WORD_NUMBER})"
_BED = (
    r"(?:bed\s?rooms?|bedrooms?|beds?|bdrms?|bdr|brs?|bds?|b/r|rooms?|recamaras?|habitacion(?:es)?|cuartos?"
    r"|dormitorios?|alcobas?)"
)
_BATH = r"(?:bath\s?rooms?|bathrooms?|baths?|bths?|ba|banos?)"
# Words people put between the count and the room ("4 real bedrooms", "2 full baths", "6 bedrooms total").
_ADJECTIVE = r"(?:(?:real|full|actual|good[- ]sized|big|large|decent|separate|proper|spare|whole)\s+)?"
_RANGE = rf"(?P<first>{_NUM})(?P<plus>\s?\+)?(?:\s?(?:-|–|to|or|o|a|y)\s?(?P<second>{_NUM}))?(?:\s?\+)?"
_HALF = r"(?P<half>\s+(?:and\s+a\s+half|y\s+medio|1/2|½))?"

_SLASH = re.compile(
    r"(?<![\d/$.,])(?<!\d\s)(?P<bed>[1-9])\s?/\s?(?P<bath>[1-6](?:\.5)?)(?![\d/%])(?!\s?acres?)"
)
_BEDROOMS = re.compile(rf"(?<![\w$.,/]){_RANGE}[\s-]?{_ADJECTIVE}{_BED}\b")
_BATHROOMS = re.compile(
    # "3 BR/2 BA" may put a slash before the count; "2 1/2 baths" may not (a fraction).
    rf"(?<![\w$.,])(?<!\d/){_RANGE}{_HALF}[\s-]?{_ADJECTIVE}{_BATH}\b(?P<half_after>\s+y\s+medio)?"
)
# One count for both: "3 bed and bath", "2 bed rooms and baths", "three bedrooms and bathrooms".
_BED_AND_BATH = re.compile(
    rf"(?<![\w$.,/])(?P<first>{_NUM})\s+(?:bed\s?rooms?|beds?)\s*(?:and|&|/|\+|y)\s*(?:bath\s?rooms?|baths?)\b"
)
_ORDINAL_VALUES = {
    "2nd": 2,
    "second": 2,
    "segunda": 2,
    "segundo": 2,
    "3rd": 3,
    "third": 3,
    "tercera": 3,
    "tercer": 3,
    "4th": 4,
    "fourth": 4,
    "cuarta": 4,
    "cuarto": 4,
    "5th": 5,
    "fifth": 5,
    "quinta": 5,
    "6th": 6,
    "sixth": 6,
}
_ORDINAL = re.compile(
    rf"\b(?:a|an|another|un|una|otra)\s+(?P<ordinal>{'|'.join(_ORDINAL_VALUES)})\s+"
    r"(?:bed\s?room|bedroom|recamara|habitacion|dormitorio)\b"
)
# "$2,100 for a 1 bed", "we pay 2900 for a 2br": the price of some unit, not what they want.
# Linear time: a number starts only where a digit run does, runs are taken whole (possessive).
_PRICED_UNIT = re.compile(r"(?<![\d,.])\d[\d,.]*+k?\s++(?:for|per|por)\s++(?:a|an|the|un|una)\s*+$")
# "looking at 350-375k for a 3bd", "budget is 400k for a 4 bed": a figure they want to spend is no price
# someone quoted; the rooms are wanted.
_WANTED_PRICE = re.compile(
    r"\b(?:looking at|budget\w*|spend|afford|up to|under|max|hoping|thinking|can do|willing to pay"
    r"|presupuesto|hasta)\b[^.!?]{0,14}$"
)
_MAX_ROOMS = 12


@dataclass(frozen=True)
class _Mention:
    position: int
    bedrooms: float | None = None
    bathrooms: float | None = None


def read_rooms(doc: Doc, scope: Scope) -> tuple[float | None, float | None]:
    """(bedrooms, bathrooms): the last count stated for each, outside the own home."""
    mentions = sorted(_mentions(doc), key=lambda mention: mention.position)
    bedrooms = bathrooms = None
    for mention in mentions:
        if scope.is_own_home(mention.position) or _is_priced_unit(doc, mention.position):
            continue
        bedrooms = mention.bedrooms if mention.bedrooms is not None else bedrooms
        bathrooms = mention.bathrooms if mention.bathrooms is not None else bathrooms
    return bedrooms, bathrooms


def _mentions(doc: Doc) -> list[_Mention]:
    text = doc.folded
    found = [
        _Mention(m.start(), float(m.group("bed")), float(m.group("bath"))) for m in _SLASH.finditer(text)
    ]
    found += [_Mention(m.start(), bedrooms=value) for m in _BEDROOMS.finditer(text) if (value := _minimum(m))]
    for match in _BATHROOMS.finditer(text):
        value = _minimum(match)
        if value is not None and (match.group("half") or match.group("half_after")):
            value += 0.5
        if value is not None:
            found.append(_Mention(match.start(), bathrooms=value))
    for match in _BED_AND_BATH.finditer(text):
        value = _count(match.group("first"))
        if value is not None:
            found.append(_Mention(match.start(), bedrooms=value, bathrooms=value))
    found += [
        _Mention(m.start(), bedrooms=float(_ORDINAL_VALUES[m.group("ordinal")]))
        for m in _ORDINAL.finditer(text)
    ]
    return found


def _minimum(match: re.Match[str]) -> float | None:
    values = [_count(match.group(name)) for name in ("first", "second") if match.group(name)]
    counts = [value for value in values if value is not None]
    return min(counts) if counts else None


def _count(text: str) -> float | None:
    value = parse_number(text)
    if value is None or value <= 0 or value > _MAX_ROOMS:
        return None
    return value


def _is_priced_unit(doc: Doc, position: int) -> bool:
    before = doc.folded[max(0, position - 40) : position]
    priced = _PRICED_UNIT.search(before)
    return priced is not None and _WANTED_PRICE.search(before[: priced.start()]) is None
