"""Text plumbing shared by the slot readers.

Every reader matches its patterns against a *folded* copy of the message (lowercase, accents
stripped) whose character offsets are the same as the original's, so a match can always be
mapped back to the words as the prospect wrote them (place names keep their spelling).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

# Abbreviations whose final dot does not end a sentence ("St. Pete", "approx. 400k").
_ABBREVIATIONS = frozenset(
    {
        "st",
        "ft",
        "mt",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sr",
        "sra",
        "jr",
        "vs",
        "approx",
        "apt",
        "no",
        "e.g",
        "i.e",
        "n",
        "s",
        "e",
        "w",
    }
)
# Emoji end sentences in texting ("by the 30th 😩 anything 3 bed ...").
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|[!?¿¡]+|\n+|\s[-–—]\s|[\U0001F300-\U0001FAFF\u2600-\u27BF]+")
# A comma breaks a clause unless it separates thousands ("$1,600 a month" is one clause).
_CLAUSE_BREAK = re.compile(
    r"(?<!\d),|,(?!\d{3}(?!\d))|\(|\)|:|\s(?:and|but|so|then|because|since|while|y|pero|porque|pues|entonces|aunque|mientras)\s"
)
_WINDOW = 160  # characters a reader looks at around a match
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
NEGATORS = frozenset(
    {
        "no",
        "not",
        "never",
        "without",
        "sin",
        "ni",
        "nunca",
        "nothing",
        "none",
        "nor",
        "dont",
        "don't",
        "doesnt",
        "doesn't",
        "isnt",
        "isn't",
        "arent",
        "aren't",
        "wont",
        "won't",
        "cant",
        "can't",
        "didnt",
        "didn't",
        "wouldnt",
        "wouldn't",
        "w/o",
        "nada",
        "neither",
    }
)


def fold(text: str) -> str:
    """Lowercase and strip accents character by character, so offsets stay aligned with `text`."""
    if text.isascii():
        return text.lower()  # what the loop below gives for ASCII, at C speed (most texts)
    chars = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)[0] if ord(char) > 127 else char
        lowered = base.lower()
        chars.append(lowered if len(lowered) == 1 else base)
    return "".join(chars)


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def contains(self, position: int) -> bool:
        return self.start <= position < self.end


@dataclass
class Doc:
    """One prospect message with its folded copy, sentences and clauses."""

    raw: str
    folded: str = field(init=False)
    sentences: list[Span] = field(init=False)
    clauses: list[Span] = field(init=False)
    _sentence_starts: list[int] = field(init=False, repr=False)
    _clause_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.folded = fold(self.raw)
        self.sentences = _split(0, len(self.folded), _sentence_breaks(self.folded))
        self.clauses = [
            clause
            for sentence in self.sentences
            for clause in _split(
                sentence.start,
                sentence.end,
                _CLAUSE_BREAK.finditer(self.folded, sentence.start, sentence.end),
            )
        ]
        self._sentence_starts = [span.start for span in self.sentences]
        self._clause_starts = [span.start for span in self.clauses]

    def sentence_at(self, position: int) -> Span:
        return _find(self.sentences, self._sentence_starts, position, len(self.folded))

    def clause_at(self, position: int) -> Span:
        return _find(self.clauses, self._clause_starts, position, len(self.folded))

    def text(self, span: Span) -> str:
        return self.folded[span.start : span.end]

    # Readers look at the words near a match. The windows are capped so that a 10,000-character message
    # without punctuation still reads in linear time; real sentences are far shorter than the caps.

    def before(self, position: int, *, sentence: bool = False, limit: int = _WINDOW) -> str:
        """Folded text right before `position`, within its clause (or sentence)."""
        span = self.sentence_at(position) if sentence else self.clause_at(position)
        return self.folded[max(span.start, position - limit) : position]

    def around(self, start: int, end: int, *, sentence: bool = False, limit: int = _WINDOW) -> str:
        """Folded text around [start, end), within its clause (or sentence)."""
        span = self.sentence_at(start) if sentence else self.clause_at(start)
        return self.folded[max(span.start, start - limit) : min(max(span.end, end), end + limit)]

    def words_before(self, position: int, count: int) -> list[str]:
        """The `count` folded words right before `position`, inside its clause."""
        return _WORD.findall(self.before(position))[-count:]

    def negated(self, position: int, window: int = 3) -> bool:
        """Whether a negation word stands among the few words before `position` in its clause."""
        return any(word in NEGATORS for word in self.words_before(position, window))


def _sentence_breaks(text: str) -> list[re.Match[str]]:
    breaks = []
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith(".") and _ends_with_abbreviation(text, match.start()):
            continue
        breaks.append(match)
    return breaks


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    previous = re.search(r"([a-z.]+)$", text[max(0, dot - 6) : dot])
    return previous is not None and previous.group(1) in _ABBREVIATIONS


def _split(start: int, end: int, breaks: Iterable[re.Match[str]]) -> list[Span]:
    """Cut [start, end) at the given break matches; the breaks themselves belong to no span."""
    spans: list[Span] = []
    cursor = start
    for match in breaks:
        if match.start() < start or match.end() > end:
            continue
        if match.start() > cursor:
            spans.append(Span(cursor, match.start()))
        cursor = max(cursor, match.end())
    if cursor < end:
        spans.append(Span(cursor, end))
    return spans or [Span(start, end)]


def _find(spans: list[Span], starts: list[int], position: int, length: int) -> Span:
    """The span holding `position`, else the last one starting before it (a break between spans)."""
    index = bisect_right(starts, position) - 1
    return spans[index] if index >= 0 else Span(0, length)
