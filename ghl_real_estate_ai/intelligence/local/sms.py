"""SMS spelling made readable: abbreviations, glued room counts and misspelt domain words.

Prospects text "lookin for a 3bd 2ba house undr 400k nr katy asap" and "were pre aproved, need 4 bedrms".
Every reader after this one (classifiers, slot readers, cues) was written for words spelt out, so the
message is rewritten once, word by word, before anyone reads it:

- abbreviations from a fixed table ("bdrm" -> "bedrooms", "tmrw" -> "tomorrow", "nr" -> "near", "w/" ->
  "with", "EOY" -> "end of the year", "xmas" -> "christmas");
- counts glued to their unit ("3bd", "2ba", "4br") are split and the unit spelt out;
- a word the engine does not know that is one or two edits from a domain word ("aproved", "townhose",
  "bathrms") becomes that word (rapidfuzz). Words the engine's own corpus uses are never touched, nor are
  capitalised words (place names keep their spelling), nor short words (too many neighbours).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ghl_real_estate_ai.intelligence.local.corpus import corpus_bytes

# Whole-word abbreviations, matched case-insensitively. Only spellings that mean one thing in a real
# estate text: "k" alone is an acknowledgement and stays; "mo" becomes "month" only after a figure.
ABBREVIATIONS: dict[str, str] = {
    "bdrm": "bedroom",
    "bdrms": "bedrooms",
    "bedrm": "bedroom",
    "bedrms": "bedrooms",
    "bdrooms": "bedrooms",
    "bths": "baths",
    "bthrm": "bathroom",
    "bthrms": "bathrooms",
    "bathrm": "bathroom",
    "bathrms": "bathrooms",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrow": "tomorrow",
    "tmw": "tomorrow",
    "2morrow": "tomorrow",
    "2moro": "tomorrow",
    "tomoro": "tomorrow",
    "tmrrw": "tomorrow",
    "tonite": "tonight",
    "eoy": "end of the year",
    "eom": "end of the month",
    "xmas": "christmas",
    "nr": "near",
    "undr": "under",
    "abt": "about",
    "approx": "approximately",
    "appt": "appointment",
    "avail": "available",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "ty": "thank you",
    "u": "you",
    "ur": "your",
    "r": "are",
    "b4": "before",
    "bc": "because",
    "cuz": "because",
    "bcuz": "because",
    "yr": "year",
    "yrs": "years",
    "wk": "week",
    "wks": "weeks",
    "mos": "months",
    "mths": "months",
    "hse": "house",
    "twnhs": "townhouse",
    "twnhm": "townhome",
    "sfh": "single family home",
    "preapp": "preapproved",
    "pre-app": "preapproved",
    "lookin": "looking",
    "movin": "moving",
    "tryin": "trying",
    "thinkin": "thinking",
    "gettin": "getting",
    "sellin": "selling",
    "buyin": "buying",
    "rentin": "renting",
    "searchin": "searching",
    "goin": "going",
    "nothin": "nothing",
    "somethin": "something",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "im": "I'm",
    "ive": "I've",
    "pq": "porque",
    "xq": "porque",
    "q": "que",
    "tb": "también",
    "tmb": "también",
    "dnd": "donde",
}
# A count glued to (or next to) its unit: "3bd", "2ba", "4br", "3 bd", "2.5ba", "3/2" stays as written.
_ROOMS = re.compile(
    r"\b(?P<count>\d+(?:\.5)?)\s?(?P<unit>bds?|bdr|bdrms?|br|brs|bedrms?|beds?|bedrooms?|bas?|bth|bths|baths?)\b",
    re.IGNORECASE,
)
_BATH_UNITS = frozenset({"ba", "bas", "bth", "bths", "bath", "baths"})
# "pre aproved", "pre-aproved", "preaproved", "pre approvd": one word the readers know.
_PREAPPROVED = re.compile(r"\bpre[\s-]?a?pp?rov(?:ed|d|e)?\b", re.IGNORECASE)
# "2k a mo", "1800/mo", "1500 mo": a month only after a figure ("mo" alone is too many other things).
_PER_MONTH = re.compile(r"(?<=\d)(?P<k>k?)\s?(?:/\s?|a\s|per\s)?mo\b", re.IGNORECASE)
# "San Jose's a good area": the contraction, not a possessive, before an article or a verdict.
_IS_CONTRACTION = re.compile(
    r"(?<=\w)['’]s\s+(?=(?:a|an|good|fine|great|nice|perfect|ok|okay|best|ideal)\b)", re.IGNORECASE
)
# "sat works", "this fri", "tues at 4": a weekday where a day is meant. "sat", "sun", "wed" and "mon" are
# also words ("we sat down", "lots of sun"), so a day word must stand beside them.
_WEEKDAY_SHORT = {
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "thu": "thursday",
    "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday", "sun": "sunday",
}  # fmt: skip
_DAY_WORDS_AFTER = (
    r"\s+(?:works?|would work|is (?:good|fine|better|best|ok|okay|perfect|great)|ok\b|okay|morning|afternoon"
    r"|evening|night|am\b|pm\b|at\s+\d|@|\d|or\s+(?:mon|tue|wed|thu|fri|sat|sun))"
)
_WEEKDAY = re.compile(
    r"(?:(?<=\bthis )|(?<=\bnext )|(?<=\bon )|(?<=\bby )|(?<=\bsee you )|(?<=\bsee u ))"
    r"(?P<day>mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b"
    rf"|\b(?P<bare>mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b(?={_DAY_WORDS_AFTER})"
    # Days no everyday word spells may also end a clause ("how about fri?").
    r"|\b(?P<end>tues?|thu(?:rs?)?|fri|sat)\b(?=\s*(?:[?!,]|$))",
    re.IGNORECASE,
)
_WITH = re.compile(r"\bw/(?!o)\s?", re.IGNORECASE)
_WITHOUT = re.compile(r"\bw/o\b\s?", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-zÁÉÍÓÚÑÜáéíóúñü0-9'’]+")

# Words worth correcting: long, specific to the domain, and unlike everyday words.
DOMAIN_WORDS: tuple[str, ...] = (
    "bedroom",
    "bedrooms",
    "bathroom",
    "bathrooms",
    "approved",
    "preapproved",
    "townhouse",
    "townhome",
    "condo",
    "basement",
    "garage",
    "mortgage",
    "interested",
    "looking",
    "tomorrow",
    "property",
    "neighborhood",
    "apartment",
    "available",
    "appointment",
    "schedule",
    "showing",
    "budget",
    "financing",
    "realtor",
    "kitchen",
    "backyard",
    "schools",
    "single",
    "family",
    "under",
    "maximum",
    "minimum",
    "weekend",
    "september",
    "october",
    "november",
    "december",
    "january",
    "february",
    "august",
    "recámaras",
    "habitaciones",
    "presupuesto",
    "aprobado",
    "preaprobado",
    "necesitamos",
    "buscando",
)
_MIN_FUZZY_LENGTH = 5
_MIN_FIRST_LETTER_TYPO_LENGTH = 7


_DIGIT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TENS_WORDS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_DIGIT = "|".join(_DIGIT_WORDS)
_TENS = "|".join(_TENS_WORDS)
# "five fifty", "four twenty five", "4 fifty": hundreds said the way prices are said aloud (written as digits
# after).
_SPOKEN_HUNDREDS = re.compile(
    rf"\b(?P<h>{_DIGIT}|[1-9])[\s-](?P<t>{_TENS})(?:[\s-](?P<u>{_DIGIT}))?\b(?!\s*(?:hundred|thousand))",
    re.IGNORECASE,
)
# "a million two" is 1.2 million ("a million two hundred thousand" is left to the number words).
_MILLION_AND_DIGIT = re.compile(
    rf"\b(?:a|one)\s+million\s+(?P<d>{_DIGIT})\b(?!\s*(?:hundred|thousand|bed|bath|br|ba|k\b))", re.IGNORECASE
)
# "4 hundred" is 400 ("4 hundred thousand" keeps its thousand: "400 thousand").
_DIGIT_HUNDRED = re.compile(r"\b(?P<d>[1-9])\s?hundred\b", re.IGNORECASE)
# "mid 3s", "low 4's": hundreds of thousands in the price buckets people say.
_SHORT_BUCKET = re.compile(r"\b(?P<p>low|lower|mid|middle|high|upper)[\s-]?(?P<d>[1-9])'?s\b", re.IGNORECASE)
# "fiveish" is a price ("500ish") unless it is a time ("at fiveish", "fiveish tonight").
_ISH = re.compile(rf"\b(?P<d>{_DIGIT}|[1-9])[\s-]?ish\b", re.IGNORECASE)
_TIME_BEFORE = re.compile(r"\b(?:at|by|around|after|before|til|till|until)\s*$", re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"^\s*(?:am|pm|o'?clock|today|tonight|tomorrow|tmrw|this|in the|on)\b", re.IGNORECASE
)


def normalize(text: str) -> str:
    """The message with SMS spellings written out; words it does not recognise stay as typed."""
    return _normalize(text)


@lru_cache(maxsize=8192)
def _normalize(text: str) -> str:
    text = _spoken_amounts(text)
    text = _IS_CONTRACTION.sub(" is ", text)
    text = _WITHOUT.sub("without ", text)
    text = _WITH.sub("with ", text)
    text = _PREAPPROVED.sub("preapproved", text)
    text = _ROOMS.sub(_spell_rooms, text)
    text = _PER_MONTH.sub(lambda m: f"{m.group('k')} a month", text)
    text = _WEEKDAY.sub(_spell_weekday, text)
    return _TOKEN.sub(_spell_word, text)


def _spoken_amounts(text: str) -> str:
    text = _MILLION_AND_DIGIT.sub(lambda m: f"1.{_DIGIT_WORDS[m.group('d').lower()]} million", text)
    text = _SPOKEN_HUNDREDS.sub(_hundreds_as_digits, text)
    text = _DIGIT_HUNDRED.sub(lambda m: f"{m.group('d')}00", text)
    text = _SHORT_BUCKET.sub(lambda m: f"{m.group('p')} {m.group('d')}00s", text)
    return _ISH.sub(_ish_as_price, text)


def _hundreds_as_digits(match: re.Match[str]) -> str:
    hundreds = match.group("h").lower()  # "five fifty" or "4 fifty"
    value = 100 * (_DIGIT_WORDS.get(hundreds) or int(hundreds)) + _TENS_WORDS[match.group("t").lower()]
    if match.group("u"):
        value += _DIGIT_WORDS[match.group("u").lower()]
    return str(value)


def _ish_as_price(match: re.Match[str]) -> str:
    if _TIME_BEFORE.search(match.string[: match.start()]) or _TIME_AFTER.match(match.string[match.end() :]):
        return match.group(0)
    digit = match.group("d").lower()
    value = _DIGIT_WORDS.get(digit) or int(digit)
    return f"{value}00ish"


def _spell_weekday(match: re.Match[str]) -> str:
    typed = match.group(0)
    day = _WEEKDAY_SHORT[typed.lower()]
    return day.capitalize() if typed[0].isupper() else day


def _spell_rooms(match: re.Match[str]) -> str:
    unit = match.group("unit").lower()
    if unit.startswith("bedroom"):
        return match.group(0)
    if unit in ("bath", "baths"):
        return f"{match.group('count')} {unit}"
    word = "bath" if unit in _BATH_UNITS else "bed"
    return f"{match.group('count')} {word}"


def _spell_word(match: re.Match[str]) -> str:
    word = match.group(0)
    lowered = word.lower()
    expansion = ABBREVIATIONS.get(lowered)
    if expansion is not None:
        if word.isupper() and len(word) == 1:  # "U of A", "Q3": a name, not "you" or "que"
            return word
        return expansion
    return _corrected(word)


def _corrected(word: str) -> str:
    lowered = word.lower()
    if len(word) < _MIN_FUZZY_LENGTH or not word.isalpha() or word[0].isupper():
        return word
    if lowered in known_words():
        return word
    return _closest_domain_word(lowered) or word


@lru_cache(maxsize=8192)
def _closest_domain_word(word: str) -> str | None:
    # One edit for five- and six-letter words, two beyond: "aproved" -> "approved", "townhose" -> "townhouse".
    allowed = 1 if len(word) <= 6 else 2
    candidates = [w for w in DOMAIN_WORDS if w[0] == word[0] and abs(len(w) - len(word)) <= allowed]
    found = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=allowed)
    if found is None and len(word) >= _MIN_FIRST_LETTER_TYPO_LENGTH:
        # A slip on the first key ("hedrooms", "nedrooms"): one substitution there, the rest as spelt.
        found = process.extractOne(
            word,
            [w for w in DOMAIN_WORDS if len(w) == len(word) and w[1:] == word[1:]],
            scorer=Levenshtein.distance,
            score_cutoff=1,
        )
    return None if found is None else str(found[0])


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every word the engine's own corpus uses: spelt as the corpus spells it, so never 'corrected'."""
    words: set[str] = set()
    for line in corpus_bytes().decode("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        texts = [row["message"], *(turn["message"] for turn in row.get("context", []))]
        for text in texts:
            words.update(token.lower() for token in _TOKEN.findall(text))
    return frozenset(words - set(ABBREVIATIONS))


__all__ = ["ABBREVIATIONS", "DOMAIN_WORDS", "known_words", "normalize"]
