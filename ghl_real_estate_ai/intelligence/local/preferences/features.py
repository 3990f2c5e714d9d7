"""Features from the taxonomy's closed list (the deal breakers are read in `deal_breakers.py`).

A feature counts when it is wanted: not negated ("no pool", "don't need a garage"), not asked about a
listing ("do they allow pets?"), not a detail of their own home or of some other house ("the one down
the street WITH a pool sold for 490"). Two features are stated by negation: "no HOA" and "no stairs".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghl_real_estate_ai.domain.taxonomy import Feature
from ghl_real_estate_ai.intelligence.local.preferences.deal_breakers import SOFTENERS, read_ruled_out
from ghl_real_estate_ai.intelligence.local.preferences.locations import LocationReading
from ghl_real_estate_ai.intelligence.local.preferences.scope import Scope
from ghl_real_estate_ai.intelligence.local.preferences.text import Doc

_PETS = r"(?:pets?|dogs?|cats?|animals?|puppy|puppies|kitten|mascotas?|perros?|gatos?)"
_FEATURE_PATTERNS: tuple[tuple[Feature, re.Pattern[str]], ...] = (
    (
        Feature.YARD,
        re.compile(
            r"\b(?:back\s?yard|front\s?yard|yard|fenced(?:[- ]in)?\s+area|patio(?!\s+(?:furniture|door))"
            r"|jardin"
            r"|outdoor space|green space)\b"
        ),
    ),
    (Feature.GARAGE, re.compile(r"\b(?:garage|garaje|cochera)s?\b")),
    (Feature.POOL, re.compile(r"\b(?:pool|piscina|alberca)s?\b")),
    (
        Feature.HOME_OFFICE,
        re.compile(
            r"\bhome\s+office\b|\b(?:an?|real|dedicated|separate|extra|private|quiet|spare|room for an?"
            r"|space for an?|with an?|w/?\s?an?)\s+(?:\w+\s+)?(?:office|study)\b|\boffice\s+(?:space|room)\b"
            r"|\bwfh\s+(?:room|space|office)\b|\broom to work from home\b|\b(?:una|cuarto para|cuarto de|con"
            r"|y)\s+(?:una\s+)?oficina\b"
            r"|\boficina en casa\b"
        ),
    ),
    (Feature.BASEMENT, re.compile(r"\b(?:basement|sotano)s?\b")),
    (
        Feature.UPDATED_KITCHEN,
        re.compile(
            r"\b(?:updated|remodeled|renovated|new|newer|modern|redone|gourmet|chef'?s)\s+kitchens?\b"
            r"|\bkitchens?\s+(?:updated|remodeled|renovated|redone)\b|\bcocina\s+(?:remodelada|actualizada"
            r"|nueva"
            r"|moderna)\b"
        ),
    ),
    (
        Feature.OPEN_FLOOR_PLAN,
        re.compile(
            r"\bopen\s+(?:floor\s*plan|concept|layout|plan)\b|\bconcepto\s+abierto\b|\bplanta\s+abierta\b"
        ),
    ),
    (
        Feature.WATERFRONT,
        re.compile(
            r"\b(?:water|lake|ocean|beach|river|canal|bay)\s?front\b|\bon the (?:water|lake|river|beach)\b"
            r"|\bfrente al? (?:mar|lago|rio|agua|playa)\b"
        ),
    ),
    (
        Feature.VIEW,
        re.compile(
            r"\b(?:mountain|ocean|water|lake|city|bay|river|sea|golf course|skyline|sunset|great|nice|good"
            r"|pretty"
            r"|beautiful|amazing|a)\s+views?\b|\b(?:with|w/?)\s+(?:a\s+)?views?\b|\bcon\s+vista\b"
            r"|\bvista\s+(?:al|a la|a las)\s+\w+"
        ),
    ),
    (
        Feature.GOOD_SCHOOLS,
        re.compile(
            r"\b(?:good|great|top|best|excellent|strong|better|highly rated|top[- ]rated|high[- ]rated"
            r"|blue ribbon)\s+(?:schools?|school districts?|school system)\b|\bfor the schools\b"
            r"|\bschools? (?:is|are) (?:a must|important|key|a priority)\b|\b(?:buenas|mejores)\s+escuelas\b"
            r"|\bbuen distrito escolar\b"
        ),
    ),
    (
        Feature.SINGLE_STORY,
        re.compile(
            r"\b(?:single|one|1)[- ]?(?:story|storey|level|floor)\b|\branch\b|\bno\s+stairs\b"
            r"|\bsin\s+escaleras\b"
            r"|\buna\s+(?:sola\s+)?planta\b|\bun\s+solo\s+(?:piso|nivel)\b"
        ),
    ),
    (
        Feature.NEW_CONSTRUCTION,
        re.compile(
            r"\bnew\s+(?:construction|build|builds)\b|\bnewly\s+built\b|\bbrand\s+new\s+(?:home|house"
            r"|build)\b"
            r"|\b(?:nueva\s+construccion|construccion\s+nueva|recien\s+construid[ao]|obra\s+nueva"
            r"|reciente\s+construccion|construccion\s+reciente)\b"
        ),
    ),
    (
        Feature.NO_HOA,
        re.compile(
            r"\b(?:no|sin|without(?:\s+an?)?|w/?o(?:\s+an?)?|not\s+(?:be\s+)?(?:in|part of)\s+an?)\s+hoa\b"
            r"|\bhoa[- ]free\b|\b(?:don'?t|do not|won'?t|no)\s+(?:want|do|quiero|queremos)\s+(?:an?\s+"
            r"|una?\s+)?hoa\b"
        ),
    ),
    (
        Feature.PET_FRIENDLY,
        re.compile(
            rf"\bpet[- ]?friendly\b|\b(?:allows?|allowing|accepts?|accepting|takes?"
            rf"|permits?)\s+(?:\w+\s+){{0,2}}{_PETS}"
            rf"|\b{_PETS}\s+(?:are\s+|is\s+|should be\s+|have to be\s+|need to be\s+|must be\s+|would be\s+)?"
            r"(?:allowed|ok|okay|welcome|welcomed|permitted|accepted|friendly)\b"
            rf"|\b(?:place|room|space)\s+for\s+(?:the|my|our)\s+{_PETS}|\b(?:with|bring|have)\s+(?:my\s+"
            rf"|our\s+)?pets\b"
            rf"|\bacept(?:e|en|an|a)n?\s+{_PETS}|\bmascotas\s+permitidas\b|\bse\s+(?:aceptan"
            rf"|permiten)\s+{_PETS}"
        ),
    ),
    (Feature.PARKING, re.compile(r"\b(?:parking|estacionamiento|carport|place to park|spot to park)\b")),
    (
        Feature.WALKABLE,
        re.compile(
            r"\bwalk(?:able|ability)\b|\bwalking distance\b|\b(?:walk|walking) to\b|\bwalk everywhere\b"
            r"|\bcaminable\b|\ba pie\b"
        ),
    ),
    (
        Feature.QUIET_STREET,
        re.compile(
            r"\bquiet\s+(?:street|st|road|block|neighborhood|neighbourhood|area|cul[- ]de[- ]sac|location"
            r"|community)\b"
            r"|\bcul[- ]de[- ]sac\b|\b(?:calle|zona|colonia)\s+tranquila\b|\bsomewhere quiet\b"
        ),
    ),
    (
        Feature.LARGE_LOT,
        re.compile(
            r"\b(?:large|big|bigger|huge|good[- ]sized|larger|oversized)\s+(?:lot|piece of land|terreno)\b"
            r"|\b(?:\d+(?:\.\d+)?\+?|an?|one|two|three|five|ten|half an?|quarter|a quarter)[- ]?acres?\b"
            r"|\bacreage\b|\b(?:terreno|lote)\s+grande\b"
        ),
    ),
    (
        Feature.ACCESSIBLE,
        re.compile(
            r"\bwheelchair\b|\bhandicap(?:ped)?[- ]accessible\b|\bada\b|\baccessible\b|\baccesible\b"
            r"|\bgrab bars\b"
            r"|\bzero[- ]step\b|\bno[- ]step entry\b"
        ),
    ),
    (Feature.SOLAR, re.compile(r"\bsolar\b")),
)
# Features phrased as a negation: a negation word before them is part of the feature.
_NEGATIVE_FEATURES = frozenset({Feature.NO_HOA})
_NEGATIVE_WORDING = re.compile(r"^(?:no|sin)\s")
# "don't need a garage or a pool": a negation carries over "or" to the next item of the list.
_NEGATED_LIST_BEFORE = re.compile(
    r"\b(?:no|not|don'?t|do not|never|without|sin|ni)\b[^,.;]*\b(?:or|nor|ni|o)\s+(?:an?\s+|the\s+|una?\s+"
    r"|el\s+|la\s+)?$"
)
_NEGATED_AFTER = re.compile(
    r"^\s*(?:is\s+|are\s+)?(?:not\s+(?:needed|necessary|required|a must|important)|optional"
    r"|no es necesari[oa])"
)
# A clause about some other property, or the past: "the house next door WITH a pool went for 510",
# "we redid the kitchen and the patio two years ago".
_OTHER_PROPERTY = re.compile(r"\b(?:sold|had|comps?|listed|neighbor'?s?|vendio|tenia)\b")
_PAST_TIME = re.compile(r"\blast (?:year|month|week|spring|summer|fall|winter)\b|\bago\b|\bel ano pasado\b")
# The prospect owns a pet: in a rental that means the landlord must take pets.
_PET_OWNER = re.compile(
    rf"\b(?:(?:i|we|i'?ve|we'?ve)\s+)?(?:have|got|own|has)\s+(?:(?:a|an|two|three|\d|my|our)\s+)?"
    rf"(?:\w+\s+)?{_PETS}"
    r"|\b(?:my|our)\s+(?:\w+\s+)?(?:dog|cat|lab|pup|puppy|kitten|pets)\b"
    rf"|\b(?:tengo|tenemos)\s+(?:(?:un|una|dos|\d)\s+)?{_PETS}"
)


@dataclass(frozen=True)
class FeatureReading:
    features: tuple[Feature, ...]
    deal_breakers: tuple[str, ...]
    owns_pet: bool


def read_features(doc: Doc, scope: Scope, places: LocationReading) -> FeatureReading:
    features: list[Feature] = []
    deal_breakers: list[str] = []
    for feature, pattern in _FEATURE_PATTERNS:
        for match in pattern.finditer(doc.folded):
            if places.covers(match.start()) or not _wanted(doc, scope, feature, match):
                continue
            if feature not in features:
                features.append(feature)
            softened = SOFTENERS.search(doc.around(match.start(), match.end(), sentence=True))
            if feature is Feature.NO_HOA and not softened:
                _add(deal_breakers, "no HOA")
    ruled_out = read_ruled_out(doc, scope)
    for phrase in ruled_out.phrases:
        _add(deal_breakers, phrase)
    implied = [*ruled_out.wanted, *([Feature.NO_HOA] if ruled_out.no_hoa else [])]
    features += [feature for feature in dict.fromkeys(implied) if feature not in features]
    features = [feature for feature in features if feature not in ruled_out.unwanted]
    # "Can I have pets in it?" asks about a listing; it says nothing of owning one.
    owns_pet = any(
        not scope.is_own_home(m.start()) and not scope.is_info_question(m.start())
        for m in _PET_OWNER.finditer(doc.folded)
    )
    return FeatureReading(tuple(features), tuple(deal_breakers), owns_pet)


def _wanted(doc: Doc, scope: Scope, feature: Feature, match: re.Match[str]) -> bool:
    start = match.start()
    if scope.is_own_home(start) or scope.is_info_question(start):
        return False
    if _OTHER_PROPERTY.search(doc.around(start, match.end())) or _is_place_name(doc, match):
        return False
    if _PAST_TIME.search(doc.around(start, match.end(), sentence=True)):
        return False
    if feature in _NEGATIVE_FEATURES or _NEGATIVE_WORDING.match(match.group()):
        return True
    if doc.negated(start) or _NEGATED_LIST_BEFORE.search(doc.before(start)):
        return False
    return not _NEGATED_AFTER.match(doc.folded[match.end() :])


def _is_place_name(doc: Doc, match: re.Match[str]) -> bool:
    """'Ocean View', 'Shadow Ranch': a capitalised word in the match that is not sentence-initial."""
    raw = doc.raw[match.start() : match.end()]
    words = raw.split()
    if len(words) < 2 and match.start() > 0:
        previous = doc.raw[: match.start()].rstrip().split()
        return raw.istitle() and bool(previous) and previous[-1].istitle()
    return len(words) >= 2 and all(word.istitle() for word in words[-2:])  # "No HOA" is no name


def _add(items: list[str], item: str) -> None:
    # "HOA is a dealbreaker" is read both as named ("no hoa") and as ruled out ("no HOA"): once.
    if item.lower() not in (existing.lower() for existing in items):
        items.append(item)
