"""Deal breakers: what the prospect rules out, however they say it.

People rule a thing out before it ("no HOA", "nothing near the airport", "zero interest in a fixer upper",
"can't do stairs", "nada de HOA", "que no esté en una calle transitada"), after it ("anything on a busy
road is out", "HOAs are a hard no", "a pool is a no-go", "sin cochera no nos sirve"), by naming it a deal
breaker ("backing up to train tracks is a dealbreaker"), or by listing things when the agent asks what
they don't want ("HOA and stairs"; `answers.py` marks such a reply). Only things a home or its location
can have count: "no rush", "no thanks", "not sure" rule nothing out. A softened wish ("no HOA if
possible") is a feature, not a deal breaker; the prospect's own home ("our HOA is a nightmare") is
neither.

The phrase reported is the ruled-out thing in a fixed, short form: "no HOA", "no stairs", "not on a busy
road" (the preposition as written), "sin cochera". Ruling out a home *without* something ("won't consider
anything without a garage", "sin alberca no") also makes that thing a wanted feature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghl_real_estate_ai.domain.taxonomy import Feature
from ghl_real_estate_ai.intelligence.local.preferences.scope import Scope
from ghl_real_estate_ai.intelligence.local.preferences.text import Doc

# What `answers.py` writes before a reply to "Any deal breakers?": every thing in it is ruled out.
RULED_OUT_ANSWER = "ruled out:"


@dataclass(frozen=True)
class _Thing:
    pattern: str
    name: str  # the short form after "no " / "sin "
    wanted: Feature | None = None  # the feature a home "without" it lacks
    spanish: bool = False
    # Whether a bare "no"/"sin" rules it out. "no stairs please" asks for one level (the single_story
    # feature), where "can't do stairs" rules stairs out.
    bare: bool = True


# Things a home has. "sin X" rules out X when X is a burden (HOA, stairs); "sin X no" rules out homes
# lacking X when X is wanted (a pool, a garage).
_THINGS = (
    _Thing(r"hoas?|home ?owners'? associations?|cuotas? de mantenimiento", "HOA"),
    _Thing(r"stairs|steps|staircases?", "stairs", bare=False),
    _Thing(r"escaleras", "escaleras", spanish=True, bare=False),
    _Thing(r"(?:swimming )?pools?", "pool", Feature.POOL),
    _Thing(r"albercas?|piscinas?", "alberca", Feature.POOL, spanish=True),
    _Thing(r"garages?", "garage", Feature.GARAGE),
    _Thing(r"cocheras?|garajes?", "cochera", Feature.GARAGE, spanish=True),
    _Thing(r"(?:back ?)?yards?", "yard", Feature.YARD),
    _Thing(r"patios?|jardin(?:es)?", "patio", Feature.YARD, spanish=True),
    _Thing(r"carpet(?:ing|s)?", "carpet"),
    _Thing(r"alfombras?", "alfombra", spanish=True),
    _Thing(r"septic(?: tanks?| systems?)?", "septic"),
    _Thing(r"shared walls?", "shared walls"),
    _Thing(r"fixer[- ]?uppers?|fixers?", "fixer-upper"),
    _Thing(r"(?:two|2|multi)[- ]?stor(?:y|ies|ey)(?: homes?| houses?)?", "two story"),
    _Thing(r"town ?(?:homes?|houses?)", "townhomes"),
    _Thing(r"condos?", "condos"),
    _Thing(r"apartments?(?: complex(?:es)?)?", "apartments"),
    _Thing(r"well water", "well water"),
)
# Places a home can be on or near; the ruled-out phrase keeps the preposition ("not near the airport").
_PLACES = (
    r"(?:a |the )?(?:busy|main|major|loud) (?:roads?|streets?)|(?:a |the )?(?:highway|freeway|interstate)s?"
    r"|(?:the )?(?:train|railroad) tracks?|(?:a |the )?(?:railroad|rail line)s?|(?:the )?power lines?"
    r"|(?:an? |the )?airports?|(?:a |the )?flood ?(?:zones?|plains?)|(?:the )?bars|(?:a |the )?gas stations?"
    r"|(?:a |the )?cemeter(?:y|ies)"
)
_PLACES_ES = (
    r"(?:una |la )?(?:calle|avenida)s?(?: muy)? (?:transitadas?|principal(?:es)?)|(?:la |una )?carretera"
    r"|(?:las )?vias del tren|(?:una |la )?zona de inundacion"
)
_PREPOSITION = (
    r"on|near|in|by|next to|close to|backing (?:up )?(?:on)?to|backs? (?:up )?(?:on)?to|facing|off of|off"
)
_PREPOSITION_ES = r"en|cerca de|junto a|al lado de|sobre"

_THING_ALTERNATION = "|".join(f"(?P<t{i}>{t.pattern})" for i, t in enumerate(_THINGS))
_THING_RE = rf"(?:{_THING_ALTERNATION})\b"
_FILLER = r"(?:(?:a|an|the|any|more|another|again|of|with|that has|that have|un|una|el|la|los|las)\s+)*"

# Rule-out words before a thing: "zero interest in", "can't do", "no quiero" rule out anything; a bare
# "no" / "sin" only a burden ("no HOA", "sin escaleras"): "no pool" may only mean one is not needed.
_BEFORE_THING_STRONG = re.compile(
    r"\b(?:nope on|zero interest in|no interest in|not doing|not interested in|no more|don'?t want"
    r"|do not want|don'?t show (?:me|us) anything with|can'?t (?:do|handle|have|climb)|cannot (?:do|climb)"
    r"|avoid|stay away from|no quiero|no queremos|refuse to (?:do|have|buy)|hate|won'?t (?:do|have)"
    r"|will not (?:do|have)|nothing with|(?:hard )?pass on(?: anything with)?|que no tenga|no tenga"
    r"|no (?:puede|puedo|podemos|pueden) subir)\s+" + _FILLER + _THING_RE
)
_BEFORE_THING_BARE = re.compile(r"\b(?:no|not|never|nada de|sin|ni)\s+" + _FILLER + _THING_RE)
# Rule-out words before a place: "nothing near", "not on", "refuse to live in", "que no esté en".
_BEFORE_PLACE = re.compile(
    r"\b(?:not|nothing|never|no|don'?t want to be|do not want to be|refuse to (?:live|be|buy)"
    r"|(?:must|could|should|would)(?:n'?t| not) be|can'?t be|cannot be|can not be|won'?t be|will not be"
    r"|don'?t show (?:me|us) anything|won'?t (?:consider|look at|buy) anything|avoid anything)\s+"
    rf"(?P<prep>{_PREPOSITION})\s+(?P<place>{_PLACES})\b"
    r"|\b(?:que no (?:este|quede|sea)|nada|(?:no queremos|no quiero) (?:vivir|estar))"
    rf"\s+(?P<prep_es>{_PREPOSITION_ES})\s+(?P<place_es>{_PLACES_ES})\b"
)
# "anything on a busy road is out", "HOAs are a hard no", "a pool is a no-go", "sin cochera no nos sirve".
_OUT_AFTER = (
    r"(?:\s+(?:is|are|would be|'s|'re))?\s+(?:(?:totally|completely|definitely|just)\s+)?(?:out|off the table"
    r"|not an option|an? (?:hard |firm |big |absolute )?(?:no|nope|pass|no-go|no go)|(?:a )?no-go|a no go"
    r"|hard pass|a hard pass|an? (?:absolute |total )?deal ?-?breaker)\b"
)
# The thing opens the match: articles before it ("a pool is a no-go") need not be matched, and a run of
# them would be re-scanned from every start.
_THING_THEN_OUT = re.compile(rf"\b{_THING_RE}{_OUT_AFTER}")
_ANYTHING_PLACE_OUT = re.compile(
    rf"\banything\s+(?P<prep>{_PREPOSITION})\s+(?P<place>{_PLACES})\b(?:\s+\w+){{0,1}}{_OUT_AFTER}"
)
# A home lacking a wanted thing is ruled out: "won't consider anything without a garage", "sin alberca no".
_WITHOUT = (
    re.compile(
        r"\b(?:(?:won'?t|will not|wouldn'?t|would not)\s+(?:consider|look at|buy|do|even look at)\s+"
        r"(?:anything|a (?:house|home|place))|nothing)\s+without\s+" + _FILLER + _THING_RE
    ),
    re.compile(
        r"\bsin\s+"
        + _FILLER
        + _THING_RE
        + r"\s+(?:no\b|no (?:nos|me) sirve|ni (?:lo|la) (?:consideramos|vemos))"
    ),
)
# A listed reply to "any deal breakers?": each thing or place in it.
_LISTED = re.compile(rf"{_THING_RE}|(?P<place>{_PLACES}|{_PLACES_ES})")
SOFTENERS = re.compile(
    r"\b(?:if possible|ideally|preferably|prefer|would be nice|would be great|bonus|hopefully|de preferencia"
    r"|si es posible|idealmente|if we can|nice to have|rather)\b"
)
# Fixed phrasings read before the general rules below (kept from the first passes).
_DEAL_BREAKERS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"\b(?:not|never|no)\s+(?:in|near)\s+(?:a\s+|the\s+)?flood\s*(?:zone|plain)\b"), None),
    (re.compile(r"\bno\s+flood\s*(?:zone|plain)\b"), None),
    (re.compile(r"\b(?:not|no|never)\s+(?:\w+\s+)?(?:a\s+)?fixer(?:[- ]?upper)?s?\b"), "no fixer-upper"),
    (re.compile(r"\b(?:not\s+a|no)\s+flips?\b"), None),
    (
        re.compile(
            r"\b(?:not|no|never)\s+(?:on|near|by|next to|backing (?:up )?to|close to|facing)\s+"
            r"(?:(?:a|the)\s+)?(?:highway|freeway|interstate|busy (?:road|street)|main road|train tracks?"
            r"|railroad|rail line|power lines|airport)\b"
        ),
        None,
    ),
    (re.compile(r"\bno\s+(?:shared walls|septic|carpet|busy (?:road|street)s?)\b"), None),
)
_DEAL_BREAKER_NAMED = re.compile(
    r"(?P<thing>\b[a-z][a-z' -]{2,30}?)\s+(?:is|are|would be)\s+an?\s+(?:absolute\s+)?deal\s?-?breakers?\b"
    r"|\bdeal\s?-?breakers?\s*(?:is|would be|:|-|if)\s+(?:it'?s\s+|it is\s+"
    r"|anything\s+)?(?P<after>[a-z][a-z' -]{2,30})"
)


@dataclass(frozen=True)
class RuledOut:
    phrases: tuple[str, ...]
    wanted: tuple[Feature, ...]  # features a ruled-out "without X" implies
    unwanted: tuple[Feature, ...]  # features ruled out themselves ("a pool is a no-go")
    no_hoa: bool


_Found = list[tuple[int, str, Feature | None]]  # (position, phrase, the feature a home lacking it lacks)


def read_ruled_out(doc: Doc, scope: Scope) -> RuledOut:
    """The things and places the prospect rules out, in the order they are said."""
    found, unwanted = _things(doc.folded)
    found += [
        (m.start(), _place_phrase(m), None)
        for p in (_BEFORE_PLACE, _ANYTHING_PLACE_OUT)
        for m in p.finditer(doc.folded)
    ]
    found += [item for item in _listed_answer(doc.folded) if not _said_already(item[1], found)]
    kept = [item for item in sorted(found, key=lambda item: item[0]) if _stated(doc, scope, item[0])]
    # Case differs between readings of one phrase ("no hoa" named, "no HOA" ruled out): features.py adds once.
    phrases = tuple(dict.fromkeys([*_fixed_deal_breakers(doc, scope), *(phrase for _, phrase, _ in kept)]))
    return RuledOut(
        phrases,
        wanted=tuple(dict.fromkeys(w for _, _, w in kept if w is not None)),
        unwanted=tuple(feature for position, feature in unwanted if _stated(doc, scope, position)),
        no_hoa="no hoa" in (phrase.lower() for phrase in phrases),
    )


def _things(text: str) -> tuple[_Found, list[tuple[int, Feature]]]:
    """Things ruled out, and the wanted features among them ("a pool is a no-go": not wanted)."""
    without = [match for pattern in _WITHOUT for match in pattern.finditer(text)]
    found: _Found = []
    for match in without:
        thing = _matched_thing(match)
        found.append((match.start(), f"{'sin' if thing.spanish else 'no'} {thing.name}", thing.wanted))
    unwanted: list[tuple[int, Feature]] = []
    for pattern in (_BEFORE_THING_STRONG, _BEFORE_THING_BARE, _THING_THEN_OUT):
        for match in pattern.finditer(text):
            if any(other.start() <= match.start() < other.end() for other in without):
                continue
            thing = _matched_thing(match)
            if pattern is _BEFORE_THING_BARE and (thing.wanted is not None or not thing.bare):
                continue  # "no pool needed", "sin alberca está bien": lacking a nice thing is no rule
            found.append((match.start(), _thing_phrase(thing, match.group()), None))
            if thing.wanted is not None:
                unwanted.append((match.start(), thing.wanted))
    return found, unwanted


def _stated(doc: Doc, scope: Scope, position: int) -> bool:
    """Not the prospect's own home ("our HOA is a nightmare"), not a softened wish ("if possible")."""
    return not scope.is_own_home(position) and not _softened(doc, position)


def _fixed_deal_breakers(doc: Doc, scope: Scope) -> list[str]:
    found = []
    for pattern, canonical in _DEAL_BREAKERS:
        for match in pattern.finditer(doc.folded):
            if not scope.is_own_home(match.start()):
                found.append(canonical or match.group())
    found += [_named_deal_breaker(match) for match in _DEAL_BREAKER_NAMED.finditer(doc.folded)]
    return found


def _named_deal_breaker(match: re.Match[str]) -> str:
    """'a busy road is a deal breaker' -> 'no busy road'; '... if it's on a busy road' -> 'not on ...'."""
    thing = (match.group("thing") or match.group("after")).strip()
    thing = re.sub(r"^(?:a|an|the|any|and|but)\s+", "", thing)
    if thing.startswith(("no ", "not ")):
        return thing
    located = re.match(r"(?:on|near|in|by|next to|close to|facing)\b", thing)
    return f"not {thing}" if located else f"no {thing}"


def _matched_thing(match: re.Match[str]) -> _Thing:
    for index, thing in enumerate(_THINGS):
        if match.group(f"t{index}") is not None:
            return thing
    raise ValueError(match.group())  # unreachable: the pattern is built from _THINGS


def _thing_phrase(thing: _Thing, written: str) -> str:
    if thing.name == "HOA":
        return "no HOA"
    # "sin escaleras" stays Spanish; "nada de HOA" is the canonical "no HOA" above.
    prefix = "sin" if thing.spanish or written.startswith("sin ") else "no"
    return f"{prefix} {thing.name}"


def _place_phrase(match: re.Match[str]) -> str:
    if match.groupdict().get("place_es"):
        return f"no {match.group('prep_es')} {match.group('place_es')}"
    return f"not {match.group('prep')} {match.group('place')}"


def _listed_answer(text: str) -> _Found:
    start = text.find(RULED_OUT_ANSWER)
    if start < 0:
        return []
    found: _Found = []
    for match in _LISTED.finditer(text, start + len(RULED_OUT_ANSWER)):
        if match.group("place"):
            found.append((match.start(), f"no {match.group('place')}", None))
        else:
            thing = _matched_thing(match)
            found.append((match.start(), _thing_phrase(thing, match.group()), None))
    return found


def _said_already(listed: str, found: _Found) -> bool:
    """'que no esté en una calle transitada' answered to the question: read once, with its preposition."""
    core = listed.split(" ", 1)[1]
    return any(core in phrase for _, phrase, _ in found)


def _softened(doc: Doc, position: int) -> bool:
    return SOFTENERS.search(doc.around(position, position + 1, sentence=True)) is not None


__all__ = ["RULED_OUT_ANSWER", "SOFTENERS", "RuledOut", "read_ruled_out"]
