"""Numbers as people type them: digits, English and Spanish number words, money shorthands.

All patterns work on folded text (lowercase, no accents): "millón" is matched as "millon".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ghl_real_estate_ai.domain.taxonomy import Language

_HUNDREDS_STEMS = ("dosc", "tresc", "cuatroc", "quin", "seisc", "setec", "ochoc", "novec")
# Number words up to the hundreds; "thousand", "mil", "million" are multipliers read with the amount.
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "half": 0.5,
    "cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
    "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiuno": 21, "veintiun": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
    "noventa": 90, "cien": 100, "ciento": 100, "medio": 0.5, "media": 0.5,
} | {  # "doscientos"/"doscientas" ... "novecientos"/"novecientas"
    f"{stem}ient{ending}": hundreds * 100
    for hundreds, stem in enumerate(_HUNDREDS_STEMS, start=2)
    for ending in ("os", "as")
}  # fmt: skip
_HUNDRED = "hundred"
_POINT = frozenset({"point", "punto"})
_MULTIPLIERS = {
    "k": 1_000, "thousand": 1_000, "grand": 1_000, "mil": 1_000, "m": 1_000_000, "mm": 1_000_000,
    "million": 1_000_000, "millions": 1_000_000, "millon": 1_000_000, "millones": 1_000_000,
}  # fmt: skip

_WORD_ALTERNATION = "|".join(sorted([*_UNITS, _HUNDRED], key=len, reverse=True))
_NUMBER_WORD = rf"(?:{_WORD_ALTERNATION})"
# "four hundred fifty", "trescientos cincuenta", "two point five", "twenty-five", "treinta y cinco".
WORD_NUMBER = (
    rf"\b{_NUMBER_WORD}(?:(?:\s+|-)(?:and\s+|y\s+)?{_NUMBER_WORD}\b)*"
    rf"(?:\s+(?:point|punto)\s+{_NUMBER_WORD}(?:\s+{_NUMBER_WORD})*)?\b"
)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULTIPLIER = r"k|mm|m|millions?|mil|millon(?:es)?|thousand|grand"
MONTHLY = (
    r"\s?(?:/\s?(?:mo|mth|month|mes)\b|(?:a|per|each|every|x)\s?(?:month|mo|mes)\b|monthly"
    r"|(?:al|por|cada|x)\s?mes\b|mensual(?:es)?)"
)


def money_pattern(name: str) -> str:
    """An amount as a regex whose groups are `{name}_cur`, `{name}_num`, `{name}_unit`, `{name}_monthly`."""
    return (
        rf"(?<![\w.,/])(?P<{name}_cur>\$\s?)?"
        rf"(?P<{name}_num>(?:half\s+)?an?(?=\s?(?:mil|millon|million|grand)\b)|{DIGITS}|{WORD_NUMBER})"
        rf"(?:\s?(?P<{name}_unit>{_MULTIPLIER})\b)?(?:\s?(?:usd|dollars?|dolares|bucks))?"
        rf"(?P<{name}_monthly>{MONTHLY})?"
    )


MONEY_RE = re.compile(money_pattern("m"))
SMALL_NUMBER = rf"(?:\d+(?:\.5)?|{WORD_NUMBER})"


@dataclass(frozen=True)
class Money:
    """An amount as written: `value` in dollars, whether it carried a unit or $ sign, and a month marker."""

    value: float
    explicit: bool
    monthly: bool


def parse_number(text: str) -> float | None:
    """Digits ("1,800", "2.5") or number words ("four hundred fifty", "dos", "two point five")."""
    cleaned = text.strip().replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return _parse_words(re.findall(r"[a-z]+", cleaned))


def _parse_words(tokens: list[str]) -> float | None:
    total = 0.0
    current = 0.0
    decimals = ""
    in_decimals = False
    seen = False
    for token in tokens:
        if token in ("and", "y", "a", "an"):
            continue
        if token in _POINT:
            in_decimals = True
            continue
        if token == _HUNDRED:
            current = (current or 1) * 100
        elif token in _UNITS:
            if in_decimals:
                decimals += str(int(_UNITS[token]))
            else:
                current += _UNITS[token]
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + current + (float(f"0.{decimals}") if decimals else 0.0)


def parse_money(match: re.Match[str], language: Language, name: str = "m") -> Money | None:
    """The dollar value of a money_pattern(name) match, or None when it is not an amount at all."""
    number_text = match.group(f"{name}_num")
    if number_text is None:
        return None
    unit = match.group(f"{name}_unit")
    if number_text.startswith(("a", "half")) and number_text.split()[0] in ("a", "an", "half"):
        if unit is None:
            return None
        base = 0.5 if number_text.startswith("half") else 1.0
    else:
        parsed = parse_number(number_text)
        if parsed is None:
            return None
        base = parsed
    value = base * multiplier(unit, base, language)
    explicit = unit is not None or match.group(f"{name}_cur") is not None
    return Money(value=value, explicit=explicit, monthly=match.group(f"{name}_monthly") is not None)


def multiplier(unit: str | None, base: float, language: Language) -> float:
    if unit is None:
        return 1.0
    # English "half a mil" / "1.5 mil" mean millions; Spanish "300 mil" means thousands.
    if unit == "mil" and language is Language.EN and base < 10:
        return 1_000_000.0
    return float(_MULTIPLIERS[unit])
