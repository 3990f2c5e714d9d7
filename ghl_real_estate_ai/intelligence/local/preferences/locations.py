"""Place names as the prospect wrote them: cities, neighbourhoods, zips, school districts, counties.

How people name the places they want, and what this reads:
- after a preposition: "in Cedar Park", "near ASU", "en Tempe o Mesa", "por el Westside", "in 46201";
  lowercase too ("in cape coral"), as long as the words are not ordinary ones ("in cash", "en renta");
- before a place noun: "Plano ISD", "Eanes school district", "hamilton county", "Salt Lake City area";
- as alternatives: "Boulder or Longmont", "carmel/zionsville", "Cicero o Berwyn";
- a bare answer that is a known place: "Sacramento.".
A list continues a found place through "or", "and", "/", "," ("in Sandy or Draper").
Known places come from a general US gazetteer (us_places), needed for lowercase names with no preposition.
Places that are not wanted are dropped: the own home ("our house in Tulsa"), where someone else is
("my parents live in Naples", "he's in Paris"), where they come from ("from Iowa") and service
questions ("inspectors in Reno").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghl_real_estate_ai.intelligence.local.preferences.scope import Scope
from ghl_real_estate_ai.intelligence.local.preferences.text import Doc, Span
from ghl_real_estate_ai.intelligence.local.preferences.us_places import US_PLACE_NAMES, US_STATE_CODES
from ghl_real_estate_ai.intelligence.local.preferences.vocabulary import (
    AREA_WORDS,
    BLOCKER_WORDS,
    CAPITALISED_NON_PLACES,
    COMMON_WORDS,
    PLACE_HEAD_WORDS,
    PLACE_TAIL_WORDS,
    SEARCH_WORDS,
    STATE_NAMES,
)

_TOKEN = re.compile(r"(?:St|Ft|Mt|st|ft|mt|[NSEWnsew])\.|[^\W\d_][\w'’-]*|\d+(?:[.,]\d+)*|[^\w\s]")
# Words before a place name. Lowercase names are trusted only after the plain prepositions: motion verbs
# and example lists need a capitalised name ("moving to a new place", "something like that").
_PREPOSITION_LIST = (
    "in",
    "near",
    "around",
    "outside",
    "outside of",
    "en",
    "por",
    "zona de",
    "area of",
    "lado de",
    "close to",
    "closer to",
    "cerca de",
    "alrededor de",
    "city of",
    "town of",
    "ciudad de",
)
_CAPITALISED_ONLY_LIST = (
    "move to",
    "moving to",
    "relocating to",
    "relocate to",
    "transferred to",
    "mudarnos a",
    "mudarme a",
    "trabajo a",
    "mudamos a",
    "mudo a",
    "mudaremos a",
    "mudar a",
    "vamos a",
    "voy a",
    "like",
    "such as",
    "tipo",
    "what about",
    "how about",  # "suburbs like Orem", "what about Lehi?"
)
# First word -> (all words, whether a lowercase name may follow).
_PREPOSITIONS: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
for _phrase, _lower in [(p, True) for p in _PREPOSITION_LIST] + [(p, False) for p in _CAPITALISED_ONLY_LIST]:
    _PREPOSITIONS.setdefault(_phrase.split()[0], []).append((tuple(_phrase.split()), _lower))
_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
_LIST_WORDS = frozenset({"or", "o", "and", "y", "/", ",", "&"})
# Place nouns after a name, with the label kept in the result ("" drops it: "Salt Lake City area").
_SUFFIXES: dict[tuple[str, ...], str] = {
    ("isd",): "ISD", ("county",): "county", ("school", "district"): "school district", ("parish",): "parish",
    ("area",): "", ("areas",): "", ("neighborhood",): "",
}  # fmt: skip
_OWN_PLACE_BEFORE = re.compile(
    r"(?:\b(?:my|our|mi|nuestr[oa]s?|her|his|their)\s+(?:\w+\s+){0,2}(?:house|home|place|condo|townhouse"
    r"|townhome|property|casa|condominio|departamento|apartment|rental|farm|farmhouse)"
    r"|\bfrom\s+(?:\w+\s+){0,4}"
    # Where they or their family are now: "we currently live in", "my parents live in".
    r"|\b(?:currently|still|now|right now)\s+(?:live|living|reside|residing|based|located|stay|staying)"
    r"|\b(?:parents|mom|dad|mother|father|kids|son|daughter|family|sister|brother|grandkids|in-?laws|friends?)"
    r"\s+(?:\w+\s+)?(?:live|lives|living|is|are|stays?|reside))\s*$"
)
# "we're in Denver this week", "estamos en Dallas": where they are, unless they are looking there.
_BEING_IN = re.compile(
    r"\b(?:we'?re|we are|i'?m|i am|estamos|estoy)(?:\s+(?:currently|still|now|ahorita))?\s+(?:in|en)\s*$"
)
_MOVING_FROM = re.compile(
    r"\b(?:mov\w+|relocat\w+|transferr?\w*|pcs\w*|mud\w+|cambi\w+)\b.*\b(?:from|de|desde)\s+\S+(?:\s+\S+)?\s*$"
)
_GREETING = re.compile(
    # (?<!\W): starts only where a non-word run starts, so a long run is scanned once (linear time).
    r"(?<!\W)\W*+(?:thanks|thank you|regards|best|cheers|hi|hello|hey|dear|sincerely|gracias|hola|saludos)\b"
)
# Picking a place without a preposition (folded text).
_CHOSEN_BEFORE = re.compile(
    r"(?:\b(?:search|check out|look at|try|need|prefer|lookin|looking|find me an?|find an?|show me)"
    r"|\b(?:place|city|area|location|town) (?:is|should be|must be|would be|will be)|^\W*preferably,?"
    # A liking said of a known place: "I am liking fremont", "we really like sunnyvale", "wife loves napa".
    r"|\b(?:i|we|i'?m|we'?re|i am|we are|i'?d|we'?d|wife|husband|partner|she|he)"
    r"(?: really| also| kinda| kind of)?"
    r" (?:like|likes|liking|love|loves|loving|prefer|prefers|preferring|go with|going with|pick|choose))\s*$"
)
_PRAISED_AFTER = re.compile(
    r"^(?:'s|\s+(?:is|will be|would be|works|looks|seems|sounds|should be))\s+(?:\w+\s+)?"
    r"(?:good|fine|nice|great|best|ideal|perfect|ok|okay|alright|better)\b"
)
# The first word of every gazetteer name: most words start none, and are dismissed by one lookup.
_FIRST_WORDS = frozenset(name.split(" ", 1)[0] for name in US_PLACE_NAMES)
_LEADING_WORDS = frozenset({"in", "en", "near", "to", "at", "around", "the", "el", "la", "of", "de"})
_MAX_NAME_TOKENS = 4
# Verb and adverb forms after "in"/"en" are no places: "interested in scheduling", "tarda en venderla",
# "in previously said locations" (but "philly" is a place: only long -ly words count).
_VERB_FORM = re.compile(r"(?:ing|rse|arlo|erlo|irlo|ando|iendo)$|^\w{6,}ly$|^\w+(?:ar|er|ir)$")


_CENTRAL_AREAS = frozenset({"downtown", "uptown", "midtown"})
_HOME_NOUNS = frozenset(
    {"condo", "condos", "apartment", "apartments", "apt", "place", "loft", "house", "home", "townhome",
     "townhouse", "unit", "studio", "something", "depa", "departamento"}
)  # fmt: skip
_EVENT_BEFORE = frozenset({"after", "before", "since", "during", "until", "till", "despues"})


@dataclass(frozen=True)
class _Token:
    raw: str
    low: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.raw[:1].isalpha()

    @property
    def is_capitalised(self) -> bool:
        if not self.raw[:1].isupper():
            return False
        # SHOUTED ordinary words ("IN THE AREA") are not names; short acronyms (SF, NE, UCLA) are.
        return not (self.raw.isupper() and len(self.raw) > 1 and self.low in COMMON_WORDS)

    @property
    def is_zip(self) -> bool:
        return len(self.raw) == 5 and self.raw.isdigit()


@dataclass(frozen=True)
class _Name:
    first: int  # token index
    last: int  # token index, inclusive
    text: str


@dataclass(frozen=True)
class LocationReading:
    names: tuple[str, ...]
    covered: bytes  # 1 where any place name found stands, wanted or not ("Guest House Lane" is no house)

    def covers(self, position: int) -> bool:
        return 0 <= position < len(self.covered) and self.covered[position] == 1


def read_locations(doc: Doc, scope: Scope) -> LocationReading:
    tokens = _tokenize(doc)
    reader = _Reader(doc, tokens)
    names = (
        reader.after_prepositions() + reader.before_suffixes() + reader.alternatives() + reader.bare_answers()
    )
    names += reader.known_multiword() + reader.chosen_places() + reader.central_areas()
    covered = bytearray(len(doc.raw))
    for name in names:
        start, end = tokens[name.first].start, tokens[name.last].end
        covered[start:end] = b"\x01" * (end - start)
    wanted = _dedupe(doc, scope, sorted(names, key=lambda name: name.first), tokens)
    return LocationReading(wanted, bytes(covered))


def _tokenize(doc: Doc) -> list[_Token]:
    return [
        _Token(m.group(), doc.folded[m.start() : m.end()].rstrip("."), m.start(), m.end())
        for m in _TOKEN.finditer(doc.raw)
    ]


class _Reader:
    def __init__(self, doc: Doc, tokens: list[_Token]) -> None:
        self.doc = doc
        self.tokens = tokens

    # --- where names are looked for -------------------------------------------------------------

    def after_prepositions(self) -> list[_Name]:
        names: list[_Name] = []
        for index, token in enumerate(self.tokens):
            for words, allow_lower in _PREPOSITIONS.get(token.low, ()):
                if self._words_at(index, len(words)) == words and not self._blocked(index):
                    names += self._names_from(index + len(words), allow_lower)
            if token.low in ("to", "a") and self._moving_from_before(index):
                names += self._names_from(index + 1, allow_lower=False)  # "moving from Ohio to Tucson"
        return names

    def _moving_from_before(self, index: int) -> bool:
        before = self.doc.before(self.tokens[index].start, sentence=True)
        return _MOVING_FROM.search(before) is not None

    def before_suffixes(self) -> list[_Name]:
        names: list[_Name] = []
        for index, token in enumerate(self.tokens):
            for words, label in _SUFFIXES.items():
                if token.low != words[0] or self._words_at(index, len(words)) != words:
                    continue
                end = index - 2 if self._word(index - 1) == "type" else index - 1
                name = self._name_ending_at(end, lower=True, label=label, covers=index + len(words) - 1)
                if name is not None and not self._blocked(name.first):
                    names += [name, *self._list_before(name)]
        return names

    def alternatives(self) -> list[_Name]:
        """'Boulder or Longmont', 'fort collins or loveland': both sides must look like places."""
        names: list[_Name] = []
        for index, token in enumerate(self.tokens):
            if token.low not in ("or", "o", "/"):
                continue
            left = self._name_ending_at(index - 1, lower=True)
            right = self._name_at(index + 1, allow_lower=True)
            if left is None or right is None or self._blocked(left.first):
                continue
            if self._both_capitalised(left, right) or self._known(left) or self._known(right):
                names += [*self._known_before(left), left, right]
        return names

    def bare_answers(self) -> list[_Name]:
        """A place on its own: the opening sentence ('Sacramento.', 'Heron Ranch.') or an item of a list
        of wants ('3br house, $450k, Boise'). Elsewhere a lone name is often a signature ('Thanks, Tyler').
        """
        names: list[_Name] = []
        for index, sentence in enumerate(self.doc.sentences):
            parts = [sentence, *self._list_items(sentence)] if index == 0 else self._list_items(sentence)
            for part in parts:
                name = self._only_name_in(part)
                if name is not None and self._looks_like_answer(name):
                    names.append(name)
        return names

    def _list_items(self, sentence: Span) -> list[Span]:
        """The clauses of a sentence that lists several wants, unless it greets or signs off."""
        clauses = [clause for clause in self.doc.clauses if sentence.start <= clause.start < sentence.end]
        if len(clauses) < 2 or _GREETING.match(self.doc.text(sentence)):
            return []
        return clauses

    def _only_name_in(self, span: Span) -> _Name | None:
        inside = [i for i, t in enumerate(self.tokens) if span.start <= t.start < span.end]
        words = [i for i in inside if self.tokens[i].is_word and self.tokens[i].low not in ("please", "pls")]
        if not words or len(words) > _MAX_NAME_TOKENS or self._word(words[0]) in ("in", "en"):
            return None
        name = self._name_at(words[0], allow_lower=False)
        return name if name is not None and name.last == words[-1] else None

    def known_multiword(self) -> list[_Name]:
        """Capitalised multi-word gazetteer names anywhere ('mostly Cedar Park and Leander')."""
        names: list[_Name] = []
        for index, token in enumerate(self.tokens):
            if not token.is_capitalised or self._blocked(index):
                continue
            name = self._name_at(index, allow_lower=False)
            if name is not None and name.last > name.first and name.text.lower() in US_PLACE_NAMES:
                names += [name, *self._list_after(name)]
        return names

    def chosen_places(self) -> list[_Name]:
        """A known place the prospect picks without a preposition: 'San Jose's a good area', 'Fremont will
        be fine', 'search Fremont for apartments', 'the place is concord', 'Preferably, SF.', 'I am liking
        fremont'."""
        names: list[_Name] = []
        for index, token in enumerate(self.tokens):
            last = self._longest_known(index) if token.is_word else None
            if last is None or self._blocked(index):
                continue
            before = self.doc.before(token.start)
            after = self.doc.folded[self.tokens[last].end : self.tokens[last].end + 40]
            if _CHOSEN_BEFORE.search(before) or _PRAISED_AFTER.match(after):
                start, end = token.start, self.tokens[last].end
                names.append(_Name(index, last, self.doc.raw[start:end]))
        return names

    def central_areas(self) -> list[_Name]:
        """'a 2 bed condo downtown', 'a loft uptown': the city's centre named after the home wanted."""
        names: list[_Name] = []
        for index, token in enumerate(self.tokens):
            after_home = self._word(index - 1) in _HOME_NOUNS
            if token.low in _CENTRAL_AREAS and after_home and not self._blocked(index):
                names.append(_Name(index, index, token.raw))
        return names

    # --- reading one name -----------------------------------------------------------------------

    def _names_from(self, index: int, allow_lower: bool) -> list[_Name]:
        if self._word(index) in ("zip", "zipcode", "codigo"):
            index += 2 if self._word(index + 1) in ("code", "postal") else 1  # "in zip 78745"
        token = self._token(index)
        after_article = token is not None and token.low in _ARTICLES and not token.is_capitalised
        if after_article:
            index += 1
        name = self._name_at(index, allow_lower=allow_lower and not after_article)
        if name is None:
            return []
        return [name, *self._list_after(name)]

    def _name_at(self, index: int, *, allow_lower: bool) -> _Name | None:
        token = self._token(index)
        if token is None:
            return None
        if token.is_zip:
            return _Name(index, index, token.raw)
        if token.is_capitalised:
            return self._capitalised_name(index)
        return self._lowercase_name(index) if allow_lower and token.is_word else None

    def _capitalised_name(self, index: int) -> _Name | None:
        # "The Villages", "The Woodlands": a capitalised article belongs to the name.
        titled = self.tokens[index].raw == "The" and self._capitalised(index + 1)
        titled = titled and not self._opens_sentence(index)
        # "Wells Branch", "Chase Oaks": a bank's name followed by a place's tail word is a place.
        tailed = self._capitalised(index + 1) and self._word(index + 1) in PLACE_TAIL_WORDS
        if self.tokens[index].low in CAPITALISED_NON_PLACES and not titled and not tailed:
            return None
        last = index
        while last + 1 < len(self.tokens) and last - index + 1 < _MAX_NAME_TOKENS:
            following = self.tokens[last + 1]
            if following.is_capitalised and following.low not in CAPITALISED_NON_PLACES:
                last += 1
            elif following.low in ("de", "del", "of") and self._capitalised(last + 2):
                last += 2
            else:
                break
        last = self._extend_known_lowercase(index, last)
        return self._finish(index, last)

    def _lowercase_name(self, index: int) -> _Name | None:
        """'cape coral', 'ft myers', 'deer park': a known place, or words ending in a place word."""
        known = self._longest_known(index)
        if not self._starts_name(index):
            return self._finish(index, known) if known is not None else None
        last = index
        while last + 1 < len(self.tokens) and last - index + 1 < _MAX_NAME_TOKENS - 1:
            following = self.tokens[last + 1]
            if not following.is_word or following.is_capitalised:
                break
            # Only a place word continues a lowercase name: "tempe closer to 2000" stops at "tempe";
            # a head word takes one more word ("ft myers", "fort collins").
            after_head = (
                last == index and self._word(index) in PLACE_HEAD_WORDS and following.low not in COMMON_WORDS
            )
            if following.low not in PLACE_TAIL_WORDS and not after_head:
                break
            last += 1
        if all(self._word(i) in AREA_WORDS for i in range(index, last + 1)) and self._capitalised(last + 1):
            capitalised = self._capitalised_name(last + 1)  # "downtown Miami", "north Austin"
            if capitalised is not None:
                return self._finish(index, capitalised.last)
        return self._finish(index, max(last, known if known is not None else last))

    def _starts_name(self, index: int) -> bool:
        word = self._word(index) or ""
        if word in PLACE_HEAD_WORDS:
            return self._word(index + 1) not in COMMON_WORDS | {None}
        return len(word) >= 3 and word not in COMMON_WORDS and word[:1].isalpha()

    def _finish(self, first: int, last: int) -> _Name | None:
        """Add a state code ('Ames IA') or a place noun ('Plano ISD'), and check the result."""
        following = self._token(last + 1)
        if following is not None and following.raw == "," and self._is_state(last + 2):
            last += 2
        elif self._is_state(last + 1):
            last += 1
        for words, label in _SUFFIXES.items():
            if label and self._words_at(last + 1, len(words)) == words:
                last += len(words)
                break
        first, last = self._trim(first, last)
        text = self._text(first, last)
        if sum(char.isalpha() for char in text) < 2 or text.endswith("-"):
            return None
        if self.tokens[first].low.startswith(("i'", "i’")):
            return None  # "I'm", "I've"
        verb_like = (
            first == last and not self.tokens[first].is_capitalised and _VERB_FORM.search(text.lower())
        )
        if verb_like and text.lower() not in US_PLACE_NAMES:
            return None  # "interested in scheduling", "tarda en venderla"
        # A capitalised word inside a sentence is a name even if it is also a word ("por Humble o Spring").
        if text.lower() in COMMON_WORDS and not (
            self.tokens[first].is_capitalised and not self._opens_sentence(first)
        ):
            return None
        return _Name(first, self._absorb_state_name(last), text)

    def _trim(self, first: int, last: int) -> tuple[int, int]:
        """'City of Irvine' -> 'Irvine'; 'Try Irvine' -> 'Irvine' (only the rest is known)."""
        if (
            self._words_at(first, 2) in (("city", "of"), ("town", "of"), ("ciudad", "de"))
            and last >= first + 2
        ):
            first += 2
        rest = " ".join(token.low for token in self.tokens[first + 1 : last + 1])
        whole = " ".join(token.low for token in self.tokens[first : last + 1])
        if (
            last > first
            and self._opens_sentence(first)
            and rest in US_PLACE_NAMES
            and whole not in US_PLACE_NAMES
        ):
            first += 1
        return first, last

    def _absorb_state_name(self, last: int) -> int:
        """'Bay City, Michigan': the state belongs to the place, not to the list."""
        following = self._token(last + 1)
        if following is None or following.raw != ",":
            return last
        for length in (2, 1):
            words = self._words_at(last + 2, length)
            if None not in words and " ".join(w for w in words if w) in STATE_NAMES:
                return last + 1 + length
        return last

    def _opens_sentence(self, index: int) -> bool:
        """No word of the same sentence comes before token `index` (quotes and brackets do not count)."""
        sentence = self.doc.sentence_at(self.tokens[index].start)
        previous = index - 1
        while previous >= 0 and self.tokens[previous].raw in "\"'(¿¡":
            previous -= 1
        return previous < 0 or self.tokens[previous].start < sentence.start

    def _name_ending_at(
        self, end: int, *, lower: bool, label: str = "", covers: int | None = None
    ) -> _Name | None:
        """Read a name backwards from token `end` ('X area', 'X ISD', the X of 'X or Y').

        The earliest start whose forward reading ends at `end` wins, so "mesa gilbert" ends as
        "gilbert" when only that reads as one place.
        """
        first = end
        while (
            first - 1 >= 0 and end - first + 1 < _MAX_NAME_TOKENS - 1 and self._continues_back(first - 1, end)
        ):
            first -= 1
        if lower and self._unknown_lowercase_run(first, end):
            # Bounded by the place noun or list word after it, the whole run is the name ("deep ellum area").
            text = self._text(first, end) + (f" {label}" if label else "")
            return _Name(first, max(end, covers or end), text)
        for start in range(first, end + 1):
            token = self._token(start)
            if token is None or not (token.is_capitalised or token.is_zip or lower):
                continue
            name = self._name_at(start, allow_lower=lower)
            if name is not None and name.last >= end:
                first = self._trim(start, end)[0]
                text = self._text(first, end) + (f" {label}" if label else "")
                return _Name(first, max(end, covers or end, name.last), text)
        return None

    def _unknown_lowercase_run(self, first: int, end: int) -> bool:
        """Several plain lowercase words that are not each a known place ("mesa gilbert" are)."""
        tokens = self.tokens[first : end + 1]
        plain = all(t.is_word and not t.is_capitalised and self._place_like(t.low) for t in tokens)
        return end > first and plain and not all(t.low in US_PLACE_NAMES for t in tokens)

    def _place_like(self, word: str) -> bool:
        return word not in COMMON_WORDS or word in PLACE_HEAD_WORDS or word in PLACE_TAIL_WORDS

    def _known_before(self, name: _Name) -> list[_Name]:
        """A known place typed right before another without a comma ('mesa gilbert')."""
        known = self._name_ending_at(name.first - 1, lower=True)
        return [known] if known is not None and self._known(known) else []

    def _continues_back(self, index: int, end: int) -> bool:
        token = self.tokens[index]
        if not token.is_word:
            return False
        if self.tokens[end].is_capitalised:
            return token.is_capitalised and token.low not in CAPITALISED_NON_PLACES
        return (token.low not in COMMON_WORDS or token.low in PLACE_HEAD_WORDS) and not token.is_capitalised

    def _list_after(self, name: _Name) -> list[_Name]:
        found: list[_Name] = []
        current = name
        while True:
            index = current.last + 1
            separators = []
            while self._word(index) in _LIST_WORDS:
                separators.append(self._word(index))
                index += 1
            if not separators and not self._is_zip(index):
                return found
            lower_ok = not self.tokens[name.first].is_capitalised
            following = self._name_at(index, allow_lower=lower_ok)
            if following is not None and not separators and not self.tokens[index].is_zip:
                return found  # only a zip follows a name without a separator ("Austin TX 78745")
            # After a bare comma the list may be over ("in hyde park, walkable"): only a name that
            # looks like one (capitalised, or a known place) continues it.
            if following is None or (
                separators == [","] and not self._capitalised(index) and not self._known(following)
            ):
                return found
            found.append(following)
            current = following

    def _list_before(self, name: _Name) -> list[_Name]:
        index = name.first - 1
        if self._word(index) not in _LIST_WORDS:
            return []
        while self._word(index) in _LIST_WORDS:
            index -= 1
        previous = self._name_ending_at(index, lower=not self.tokens[name.first].is_capitalised)
        return [previous, *self._list_before(previous)] if previous is not None else []

    # --- small helpers --------------------------------------------------------------------------

    def _longest_known(self, index: int) -> int | None:
        if self._word(index) not in _FIRST_WORDS:
            return None  # no gazetteer name starts with this word: skip building the phrases
        for length in (3, 2, 1):
            words = [self._word(index + offset) for offset in range(length)]
            if None in words:
                continue
            phrase = " ".join(w for w in words if w is not None)
            if phrase in US_PLACE_NAMES and (length > 1 or phrase not in COMMON_WORDS):
                return index + length - 1
        return None

    def _extend_known_lowercase(self, first: int, last: int) -> int:
        """'Santa rosa': a capitalised start completed by lowercase words when the whole is a known place."""
        for extra in (2, 1):
            words = [self._word(i) for i in range(first, last + extra + 1)]
            if None not in words and " ".join(w for w in words if w) in US_PLACE_NAMES:
                return last + extra
        return last

    def _looks_like_answer(self, name: _Name) -> bool:
        text = name.text.lower()
        if text in US_PLACE_NAMES:
            return True
        return name.last > name.first and self.tokens[name.last].low in PLACE_TAIL_WORDS

    def _both_capitalised(self, left: _Name, right: _Name) -> bool:
        return self.tokens[left.first].is_capitalised and self.tokens[right.first].is_capitalised

    def _known(self, name: _Name) -> bool:
        return name.text.lower() in US_PLACE_NAMES

    def _blocked(self, index: int) -> bool:
        """Whether the words before token `index` (in its sentence) say the place is not wanted."""
        while self._word(index - 1) in _LEADING_WORDS:
            index -= 1  # judge "in San Diego" by what stands before "in"
        token = self._token(index)
        if token is None:
            return False
        sentence = self.doc.sentence_at(token.start)
        if self._word(index - 1) in _EVENT_BEFORE:
            return True  # "a flood plain after Harvey", "since Christmas": an event, not a place
        if _OWN_PLACE_BEFORE.search(self.doc.before(token.start, sentence=True)):
            return True
        if _BEING_IN.search(self.doc.before(token.end, sentence=True)):
            return True
        for offset in (1, 2, 3):
            previous = self._token(index - offset)
            if previous is None or previous.start < sentence.start or not previous.is_word:
                return False
            if previous.low in SEARCH_WORDS:
                return False
            if previous.low in BLOCKER_WORDS:
                return True
        return False

    def _is_zip(self, index: int) -> bool:
        token = self._token(index)
        return token is not None and token.is_zip

    def _is_state(self, index: int) -> bool:
        token = self._token(index)
        return token is not None and token.raw in US_STATE_CODES and token.raw.isupper()

    def _capitalised(self, index: int) -> bool:
        token = self._token(index)
        return token is not None and token.is_capitalised

    def _token(self, index: int) -> _Token | None:
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def _word(self, index: int) -> str | None:
        token = self._token(index)
        return token.low if token is not None else None

    def _words_at(self, index: int, count: int) -> tuple[str | None, ...]:
        return tuple(self._word(index + offset) for offset in range(count))

    def _text(self, first: int, last: int) -> str:
        return self.doc.raw[self.tokens[first].start : self.tokens[last].end].strip(" ,.")


def _dedupe(doc: Doc, scope: Scope, names: list[_Name], tokens: list[_Token]) -> tuple[str, ...]:
    kept: list[str] = []
    seen: set[str] = set()
    covered: list[tuple[int, int]] = []
    for name in names:
        position = tokens[name.first].start
        if scope.is_own_home(position) or any(a <= name.first <= b for a, b in covered):
            continue
        key = re.sub(r"[^a-z0-9]+", " ", doc.folded[position : tokens[name.last].end]).strip()
        if key in seen:
            continue
        seen.add(key)
        covered.append((name.first, name.last))
        kept.append(name.text)
    return tuple(kept)
