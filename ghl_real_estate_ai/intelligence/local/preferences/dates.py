"""Date phrases in lead messages, read as days from the reference date.

Each reader finds one kind of phrase with a regex ("by March", "in 3 months", "end of next month",
"this spring", "for Christmas", "asap", "el 20 del próximo mes") and turns it into days. dateparser reads
only short phrases these readers found ("October 1", "in 3 months"): never whole sentences, where it
misreads words like "a 3". Months without a day land mid-month ("in June" is June 15); "early" and
"late" move that to the 5th and 25th, "end of" to the last day. Seasons, "this year" and "next year"
are vague: a rough day count for urgency, not a timeline.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import dateparser

from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.local.preferences.numbers import WORD_NUMBER, parse_number

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class TimelineReading:
    """Days from the reference date until they want to move or transact (0 for "asap")."""

    days: float
    vague: bool


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    reading: TimelineReading
    precise: bool  # a stated date or delay, not "asap", "soon", a weekday, a season or an event estimate


def find_date_phrases(text: str, reference: date, language: Language) -> list[DatePhrase]:
    """Every date phrase in folded `text`; where phrases overlap, the longest ("end of next month")."""
    found = [
        DatePhrase(start, end, reading, reader not in _ESTIMATING_READERS)
        for reader in _READERS
        for start, end, reading in reader(text, reference, language)
    ]
    found.sort(key=lambda phrase: (phrase.start, phrase.start - phrase.end))
    kept: list[DatePhrase] = []
    for phrase in found:
        if not any(other.start <= phrase.start < other.end for other in kept):
            kept.append(phrase)
    return kept


_MONTH_NAMES = (
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"],
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
     "noviembre", "diciembre"],
)  # fmt: skip
_MONTHS = {name: number for names in _MONTH_NAMES for number, name in enumerate(names, start=1)}
_MONTHS |= {"sept": 9, "setiembre": 9}
_SPANISH_MONTHS = frozenset([*_MONTH_NAMES[2], "setiembre"])
_SPANISH_WORDS = re.compile(r"\b(?:que|el|los|las|para|mi|nos|queremos|quiero|tenemos|una|del|casa|antes)\b")
_BEFORE = re.compile(r"\b(?:before|prior to|antes de)\s*$")
# Month names that are also ordinary words ("may", "mar" = sea) need a date word around them.
_AMBIGUOUS_MONTHS = frozenset({"may", "mar", "jun", "sep"})
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MODIFIER = (
    r"early|mid|mid-|middle of|late|end of|the end of|beginning of|the beginning of|start of|the start of"
    r"|first of|principios de|a principios de|inicios de|mediados de|a mediados de|finales de|a finales de"
    r"|fines de|a fines de|fin de|a fin de"
)
_DATE_WORD_BEFORE = re.compile(
    r"\b(?:in|by|before|until|till|til|of|since|early|mid|late|end|around|after|next|en|para|antes de"
    r"|hasta|desde|principios de|mediados de|finales de|fines de)\s*$"
)
_MONTH_DATE = re.compile(
    rf"\b(?:(?P<mod>{_MODIFIER})\s*)?(?P<month>{_MONTH_ALT})\b\.?"
    r"(?:\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b)?(?:,?\s+(?:de\s+|del\s+)?(?P<year>20\d\d))?"
    r"(?P<next_year>\s+(?:of\s+)?next year|\s+del\s+(?:proximo\s+ano|ano\s+que\s+viene))?"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<day>[12]\d|3[01]|0?[1-9]|primero|first)(?:st|nd|rd|th)?\s+(?:of|de)\s+(?P<month>{_MONTH_ALT})\b"
    r"(?:\s+(?:de\s+|del\s+)?(?P<year>20\d\d))?"
)
_DAY_OF_NEXT_MONTH = re.compile(
    r"\b(?:el|the)\s+(?P<day>[12]\d|3[01]|0?[1-9]|primero)(?:st|nd|rd|th)?\s+(?:of|del?)\s+"
    r"(?:next month|(?:el\s+)?(?:proximo|siguiente)\s+mes|mes que viene)\b"
)
_NUMERIC_DATE = re.compile(
    r"\b(?:by|on|before|until|till|ends?|ending|up|after|starting|from|el|para|antes del?"
    r"|hasta)\s+(?:the\s+)?"
    r"(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|[12]\d|0?[1-9])(?:/\d{2,4})?(?![\d/])"
)
_DAY_ONLY = re.compile(
    r"\b(?:by|on|before|until|till|the)\s+(?:the\s+)?(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
)
_UNIT_DAYS = {
    "day": 1.0, "week": 7.0, "wk": 7.0, "month": DAYS_PER_MONTH, "mo": DAYS_PER_MONTH, "year": 365.25,
    "yr": 365.25, "dia": 1.0, "semana": 7.0, "mes": DAYS_PER_MONTH, "ano": 365.25,
}  # fmt: skip
_UNIT_NAMES = {f"{unit}{'es' if unit == 'mes' else 's'}": unit for unit in _UNIT_DAYS}  # plural -> unit
_RELATIVE = re.compile(
    r"\b(?P<lead>in|within|en|dentro de|en los proximos|en las proximas|in the next|over the next|next|maybe"
    r"|probably|about|around|roughly|timeline is|timeframe is|tal vez|quizas|como)\s+"
    r"(?:about\s+|like\s+|around\s+|approx\.?\s+|unos\s+|unas\s+|~\s?)?"
    rf"(?P<count>\d+(?:\.\d+)?(?:\s?-\s?\d+)?|{WORD_NUMBER}|an?|a couple(?: of)?|couple(?: of)?|a few|few"
    r"|un par de|unos cuantos|unas cuantas)\s+"
    r"(?P<unit>days?|weeks?|wks?|months?|mos|years?|yrs?|dias|semanas|meses|mes|anos|ano)\b"
    r"(?P<or_more>\s+or\s+(?:two|so|more|three)|\s+o\s+(?:dos|tres))?"
)
_FROM_NOW = re.compile(
    rf"\b(?P<count>\d+|{WORD_NUMBER}|a couple(?: of)?|a few|an?)\s+(?P<unit>days?|weeks?|months?|years?)\s+"
    r"(?:from now|out)\b"
)
_ASAP = re.compile(
    r"\b(?:asap|a\.s\.a\.p|as soon as possible|right away|immediately|urgent(?:ly)?|emergency|cuanto antes"
    r"|lo antes posible|lo mas pronto posible|de inmediato|urgente|nos urge|me urge"
    r"|(?:necesito|necesitamos|lo necesito|lo necesitamos|mudarme|mudarnos)\s+ya|ya mismo)\b"
    r"|\b(?:need|needs|move|moving)\b[^.!?,]{0,25}\b(?:right now|now)\b(?!\s*(?:that|but))"
)
_NOT_URGENT_BEFORE = re.compile(r"\b(?:not|nothing|no|nada|isn'?t|never)\s*$")
_SOON = re.compile(
    r"\b(?:need|needs|move|moving|close|closing|out|in)\b[^.!?]{0,30}\b(?:fast|quick(?:ly)?|soon|quickly"
    r"|rapido|pronto)\b|\bthe sooner the better\b"
)
_NEAR_DAYS = (
    (re.compile(r"\b(?:today|tonight|hoy)\b"), 0.0),
    (re.compile(r"\b(?:tomorrow)\b|(?<!la )(?<!por la )(?<!en la )\bmanana\b"), 1.0),
    (re.compile(r"\b(?:this weekend|este fin de semana)\b"), 4.0),
    (re.compile(r"\b(?:this week|esta semana)\b"), 3.0),
    (re.compile(r"\b(?:next week|la proxima semana|la semana que viene)\b"), 7.0),
    (re.compile(r"\b(?:next weekend|el proximo fin de semana)\b"), 9.0),
)
_NEXT_MONTH = re.compile(r"\bnext month\b|\b(?:el\s+)?(?:proximo|siguiente)\s+mes\b|\bel mes que viene\b")
_END_OF_NEXT_MONTH = re.compile(
    r"\b(?:the\s+)?(?:end|fin|finales|fines)\s+(?:of|de|del)\s+(?:the\s+|el\s+)?"
    r"(?:next month|(?:proximo|siguiente)\s+mes|mes que viene)\b"
)
_END_OF_MONTH = re.compile(
    r"\b(?:the\s+)?end of (?:the|this) month\b|\bend of month\b|\bfin(?:ales)? de(?:l)? mes\b"
)
_END_OF_YEAR = re.compile(
    r"\b(?:the\s+)?end of (?:the |this )?year\b|\byear[- ]end\b|\bend of year\b|\b(?:fin|finales|fines)"
    r" del? (?:este )?ano\b"
)
_NEXT_YEAR = re.compile(
    r"\b(?P<early>early |beginning of |start of |principios del |inicios del )?(?:next year|(?:el\s+)?"
    r"(?:proximo|siguiente) ano|el ano que viene)\b"
)
_THIS_YEAR = re.compile(r"\b(?:this year|este ano|later this year)\b")
_BARE_YEAR = re.compile(r"\b(?:in|by|en|para|around|until|till)\s+(?P<year>20\d\d)\b")
_SEASONS = {
    "spring": 4,
    "primavera": 4,
    "summer": 7,
    "verano": 7,
    "fall": 10,
    "autumn": 10,
    "otono": 10,
    "winter": 1,
    "invierno": 1,
}  # fmt: skip (the middle month of each season)
_SEASON = re.compile(
    r"\b(?:(?P<mod>early|mid|late|end of|the end of|beginning of|start of|principios de|mediados de"
    r"|finales de|fines de|fin de|a finales de|a fines de)\s+)?(?:(?P<which>the|this|next|el|la|este|esta"
    r"|proximo|proxima|el proximo|coming)\s+)?"
    r"(?P<season>spring|summer|fall|autumn|winter|primavera|verano|otono|invierno)\b(?!\s+(?:break|hill|lake|valley|creek|branch))"
    r"(?:\s+(?:of\s+|del\s+)?(?P<next>next year|proximo ano|ano que viene|(?P<year>20\d\d)))?"
)
# A season whose middle is this close is the one under way: "next" names the one after it.
_SEASON_UNDER_WAY_DAYS = 45
_HOLIDAYS = (
    (re.compile(r"\b(?:christmas|xmas|navidad|noche ?buena)\b"), 12, 25),
    (re.compile(r"\bthanksgiving\b|\baccion de gracias\b"), 11, 25),
    (re.compile(r"\bnew year'?s\b|\bano nuevo\b"), 1, 1),
    (re.compile(r"\bmemorial day\b"), 5, 27),
    (re.compile(r"\blabor day\b"), 9, 3),
    (re.compile(r"\bhalloween\b"), 10, 31),
    (re.compile(r"\bspring break\b"), 3, 15),
)
_SCHOOL_START = re.compile(
    r"\b(?:before|by)\s+school\s+(?:starts|begins)\b|\bstart of (?:the )?school(?: year)?\b"
    r"|\bback to school\b"
    r"|\b(?:empiecen|empiece|inicien|inicio de)\s+(?:las\s+)?clases\b|\bfall semester\b"
)
_SCHOOL_END = re.compile(
    r"\b(?:after|when|once)\s+(?:the\s+)?school(?:\s+year)?\s+(?:ends|is out|gets out|lets out|'s out)\b"
    r"|\b(?:after|when|once)\s+the\s+school\s+year\b"
    r"|\bend of (?:the )?school year\b|\bschool year ends\b|\bafter graduation\b|\bsummer break\b"
    r"|\b(?:terminen|termine|acaben)\s+(?:las\s+clases|la\s+escuela|el\s+ano escolar)\b|\bfin de clases\b"
)
_QUARTER_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "primer": 1,
    "segundo": 2,
    "tercer": 3,
    "cuarto": 4,
}
_QUARTER = re.compile(
    r"\b(?P<end>end of (?:the )?|fin(?:ales)? del )?"
    r"(?:q(?P<quarter>[1-4])\b|(?P<word>first|second|third|fourth"
    r"|primer|segundo|tercer|cuarto) (?:quarter|trimestre)\b)"
)
_WEEKDAYS = {
    day: number % 7
    for number, day in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
         "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"]
    )
}  # fmt: skip
_WEEKDAY = re.compile(rf"\b(?P<weekday>{'|'.join(_WEEKDAYS)})\b")


# --- readers: each returns (start, end, reading) for one kind of phrase ---------------------------

Found = list[tuple[int, int, TimelineReading]]


def _month_dates(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    for match in [*_MONTH_DATE.finditer(text), *_DAY_MONTH.finditer(text)]:
        month_word = match.group("month")
        if month_word in _AMBIGUOUS_MONTHS and not _looks_like_date(text, match):
            continue
        spanish = language is Language.ES or _looks_spanish(text) or _spanish_before(text, match)
        if month_word in _SPANISH_MONTHS and not spanish:
            continue  # "a job at Mayo clinic": a Spanish month word in English text is a name
        before = _BEFORE.search(text[max(0, match.start() - 12) : match.start()]) is not None
        target = _month_target(match, reference, before)
        after_next = _NEXT_BEFORE.search(text[max(0, match.start() - 8) : match.start()]) is not None
        # "next March" said in March is a year away, not this month.
        if (
            target is not None
            and after_next
            and (target.year, target.month) == (reference.year, reference.month)
        ):
            target = target.replace(year=target.year + 1)
        if target is not None:
            # "next June" said in March may be this June or the one after; said in October it is the
            # coming June, unambiguous.
            unsure = after_next and target.year == reference.year
            found.append((match.start(), match.end(), _reading(target, reference, vague=unsure)))
    return found


_NEXT_BEFORE = re.compile(r"\bnext\s+$")


def _looks_spanish(text: str) -> bool:
    """For callers that do not know the language (read_timeline): a few Spanish function words."""
    return len(_SPANISH_WORDS.findall(text)) >= 2


def _spanish_before(text: str, match: re.Match[str]) -> bool:
    return (
        re.search(
            r"\b(?:en|de|para|antes de|hasta|desde|del)\s*$", text[max(0, match.start() - 12) : match.start()]
        )
        is not None
    )


def _looks_like_date(text: str, match: re.Match[str]) -> bool:
    if match.group("day") or match.groupdict().get("mod"):
        return True
    return _DATE_WORD_BEFORE.search(text[max(0, match.start() - 20) : match.start()]) is not None


def _month_target(match: re.Match[str], reference: date, before: bool) -> date | None:
    """The date a month phrase means; "before November" is November 1st, "in November" the 15th."""
    month = _MONTHS[match.group("month")]
    day_text = match.group("day")
    year_text = match.group("year")
    if day_text:
        day = 1 if day_text in ("primero", "first") else int(day_text)
        phrase = f"{calendar.month_name[month]} {day}" + (f" {year_text}" if year_text else "")
        return _parse_date(phrase, reference, Language.EN) or _roll(reference, month, day, year_text)
    modifier = (match.groupdict().get("mod") or "").strip() or ("first" if before else "")
    year = (
        int(year_text) if year_text else (reference.year if month >= reference.month else reference.year + 1)
    )
    if match.groupdict().get("next_year"):
        year = reference.year + 1  # "junio del próximo año"
    return date(year, month, _day_for_modifier(modifier, year, month))


def _day_for_modifier(modifier: str, year: int, month: int) -> int:
    if modifier.startswith(
        ("early", "beginning", "the beginning", "start", "the start", "principios", "a principios", "inicios")
    ):
        return 5
    if modifier.startswith(("late", "finales", "a finales", "fines", "a fines")):
        return 25
    if modifier.startswith(("end", "the end", "fin", "a fin")):
        return calendar.monthrange(year, month)[1]
    if modifier.startswith("first"):
        return 1
    return 15


def _roll(reference: date, month: int, day: int, year_text: str | None) -> date | None:
    year = int(year_text) if year_text else reference.year
    try:
        target = date(year, month, day)
    except ValueError:
        return None
    if not year_text and target < reference:
        target = date(year + 1, month, day)
    return target


def _numeric_dates(text: str, reference: date, language: Language) -> Found:
    """'lease ends 6/30', 'by 8/15': month/day, US order, only with a date word before it."""
    found: Found = []
    for match in _NUMERIC_DATE.finditer(text):
        month, day = int(match.group("month")), int(match.group("day"))
        target = _roll(reference, month, day, None)
        if target is not None:
            found.append((match.start("month"), match.end(), _reading(target, reference)))
    return found


def _day_of_next_month(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    for match in _DAY_OF_NEXT_MONTH.finditer(text):
        day = 1 if match.group("day") == "primero" else int(match.group("day"))
        year, month = _next_month(reference)
        day = min(day, calendar.monthrange(year, month)[1])
        found.append((match.start(), match.end(), _reading(date(year, month, day), reference)))
    return found


def _day_only(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    for match in _DAY_ONLY.finditer(text):
        day = int(match.group("day"))
        year, month = (reference.year, reference.month) if day >= reference.day else _next_month(reference)
        day = min(day, calendar.monthrange(year, month)[1])
        found.append((match.start(), match.end(), _reading(date(year, month, day), reference)))
    return found


def _relative(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    for pattern in (_RELATIVE, _FROM_NOW):
        for match in pattern.finditer(text):
            reading = _relative_reading(match, reference, language)
            if reading is not None:
                found.append((match.start(), match.end(), reading))
    return found


def _relative_reading(match: re.Match[str], reference: date, language: Language) -> TimelineReading | None:
    count_text = match.group("count")
    unit = _UNIT_NAMES.get(match.group("unit"), match.group("unit"))
    or_more = match.groupdict().get("or_more") or ""
    count = _count(count_text)
    if count is None or unit not in _UNIT_DAYS:
        return None
    # "a year or so" is vague; "a month or two" is about six weeks.
    long_unit = unit in ("year", "yr", "ano")
    vague = "few" in count_text or "cuant" in count_text or (bool(or_more) and long_unit)
    if or_more and not long_unit:
        count += 0.5
    if match.groupdict().get("lead") == "next" and count_text in ("a", "an"):
        return None
    days = count * _UNIT_DAYS[unit]
    if count == int(count) and unit in ("month", "mes", "week", "semana") and not or_more:
        parsed = _parse_date(
            f"in {int(count)} {'months' if unit in ('month', 'mes') else 'weeks'}", reference, Language.EN
        )
        days = float((parsed - reference).days) if parsed is not None else days
    return TimelineReading(days=days, vague=vague or (long_unit and count >= 2))


def _count(text: str) -> float | None:
    if "couple" in text or "par de" in text:
        return 2.0
    if "few" in text or "cuant" in text:
        return 3.0
    if text in ("a", "an"):
        return 1.0
    if "-" in text:
        text = text.split("-")[0]
    return parse_number(text)


def _fixed_phrases(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    for match in _ASAP.finditer(text):
        if not _NOT_URGENT_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
            found.append((match.start(), match.end(), TimelineReading(0.0, vague=False)))
    for match in _SOON.finditer(text):
        found.append((match.start(), match.end(), TimelineReading(14.0, vague=True)))
    for pattern, days in _NEAR_DAYS:
        found += [(m.start(), m.end(), TimelineReading(days, vague=False)) for m in pattern.finditer(text)]
    for match in _WEEKDAY.finditer(text):
        days = _days_to_weekday(text, match, reference)
        found.append((match.start(), match.end(), TimelineReading(float(days), vague=False)))
    return found


def _days_to_weekday(text: str, match: re.Match[str], reference: date) -> int:
    """'Tuesday' is the coming one; 'next Tuesday' / 'el martes que viene' is the one in next week's
    calendar week: said on a Monday it is eight days away, not tomorrow; said on a Friday, four."""
    weekday = _WEEKDAYS[match.group("weekday")]
    coming = (weekday - reference.weekday()) % 7 or 7
    before = text[max(0, match.start() - 14) : match.start()]
    if not (_NEXT_WEEKDAY_BEFORE.search(before) or _NEXT_WEEKDAY_AFTER.match(text[match.end() :])):
        return coming
    return 7 - reference.weekday() + weekday


_NEXT_WEEKDAY_BEFORE = re.compile(r"\b(?:next|(?:el|la)\s+(?:proximo|proxima|siguiente))\s+$")
_NEXT_WEEKDAY_AFTER = re.compile(r"^\s+(?:que viene|of next week)\b")


def _month_phrases(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    year, month = _next_month(reference)
    for match in _END_OF_NEXT_MONTH.finditer(text):
        target = date(year, month, calendar.monthrange(year, month)[1])
        found.append((match.start(), match.end(), _reading(target, reference)))
    for match in _NEXT_MONTH.finditer(text):
        found.append((match.start(), match.end(), TimelineReading(DAYS_PER_MONTH, vague=False)))
    for match in _END_OF_MONTH.finditer(text):
        end = date(reference.year, reference.month, calendar.monthrange(reference.year, reference.month)[1])
        found.append((match.start(), match.end(), _reading(end, reference)))
    return found


def _year_phrases(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    for match in _END_OF_YEAR.finditer(text):
        found.append((match.start(), match.end(), _reading(date(reference.year, 12, 31), reference)))
    for match in _NEXT_YEAR.finditer(text):
        target = date(reference.year + 1, 2 if match.group("early") else 7, 1)
        found.append((match.start(), match.end(), _reading(target, reference, vague=True)))
    for match in _THIS_YEAR.finditer(text):
        middle = reference + (date(reference.year, 12, 31) - reference) / 2
        found.append((match.start(), match.end(), _reading(middle, reference, vague=True)))
    for match in _BARE_YEAR.finditer(text):
        year = int(match.group("year"))
        if year > reference.year:
            found.append((match.start(), match.end(), _reading(date(year, 7, 1), reference, vague=True)))
    return found


def _season_phrases(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    for match in _SEASON.finditer(text):
        month = _SEASONS[match.group("season")]
        modifier = match.group("mod") or ""
        target = _next_occurrence(reference, month, 15)
        if (match.group("which") or "").endswith(("next", "proximo", "proxima")) and (
            target - reference
        ).days < _SEASON_UNDER_WAY_DAYS:
            # "next fall" said in early October is the fall after this one, not next week.
            target = target.replace(year=target.year + 1)
        if match.group("next"):
            year = int(match.group("year")) if match.group("year") else reference.year + 1
            target = date(max(year, target.year), target.month, target.day)
        if modifier.startswith(("end", "the end", "fin", "finales", "fines", "a fin")):
            end_month = month + 1
            target = _next_occurrence(reference, end_month, calendar.monthrange(reference.year, end_month)[1])
            found.append((match.start(), match.end(), _reading(target, reference)))
        else:
            found.append((match.start(), match.end(), _reading(target, reference, vague=True)))
    return found


def _event_phrases(text: str, reference: date, language: Language) -> Found:
    found: Found = []
    for match in _QUARTER.finditer(text):
        quarter = int(match.group("quarter") or _QUARTER_WORDS[match.group("word")])
        last_month = quarter * 3
        if match.group("end"):
            last_day = calendar.monthrange(reference.year, last_month)[1]
            target = _next_occurrence(reference, last_month, last_day)
        else:
            target = _next_occurrence(reference, last_month - 1, 15)  # mid-quarter
        found.append((match.start(), match.end(), _reading(target, reference)))
    for pattern, month, day in _HOLIDAYS:
        for match in pattern.finditer(text):
            found.append(
                (match.start(), match.end(), _reading(_next_occurrence(reference, month, day), reference))
            )
    for pattern, month, day in ((_SCHOOL_START, 8, 15), (_SCHOOL_END, 6, 1)):
        for match in pattern.finditer(text):
            found.append(
                (match.start(), match.end(), _reading(_next_occurrence(reference, month, day), reference))
            )
    return found


_READERS = (
    _month_dates,
    _numeric_dates,
    _day_of_next_month,
    _day_only,
    _relative,
    _fixed_phrases,
    _month_phrases,
    _year_phrases,
    _season_phrases,
    _event_phrases,
)
_ESTIMATING_READERS = (_fixed_phrases, _season_phrases, _event_phrases)


# --- dates ------------------------------------------------------------------------------------------


def _reading(target: date, reference: date, *, vague: bool = False) -> TimelineReading:
    return TimelineReading(days=float(max(0, (target - reference).days)), vague=vague)


def _next_month(reference: date) -> tuple[int, int]:
    return (reference.year + 1, 1) if reference.month == 12 else (reference.year, reference.month + 1)


def _next_occurrence(reference: date, month: int, day: int) -> date:
    month = (month - 1) % 12 + 1
    day = min(day, calendar.monthrange(reference.year, month)[1])
    target = date(reference.year, month, day)
    return target if target >= reference else date(reference.year + 1, month, day)


@lru_cache(maxsize=4096)
def _parse_date(phrase: str, reference: date, language: Language) -> date | None:
    """dateparser on one short, already-found phrase (never on whole sentences: it misreads those)."""
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day),  # noqa: DTZ001
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(phrase, languages=[language.value], settings=settings)
    return parsed.date() if parsed is not None else None


def warm_up() -> None:
    """dateparser loads its language data on first use (tens of ms): do that before real traffic."""
    reference = date.today()  # noqa: DTZ011
    for language in Language:
        for phrase in ("in 3 months", "March 8", "October 1 2027"):
            _parse_date(phrase, reference, language)
    _parse_date.cache_clear()
