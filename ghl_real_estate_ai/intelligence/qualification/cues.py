"""Answers the engine does not read: contact channel, availability, decision maker, down payment,
timing flexibility, what drives the move and the reason for moving, in English and Spanish.

Rules rather than a model: these answers are short, formulaic phrases, and a wrong reading costs a
repeated question at worst.
"""

from __future__ import annotations

import re

MAX_AMOUNT_DIGITS = 12
_CHANNELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("text", re.compile(r"\b(text|texting|sms|message me|mensajes?|mensaje de texto)\b", re.I)),
    ("call", re.compile(r"\b(call|calling|phone|ll[aá]m\w*|llamadas?|tel[eé]fono)\b", re.I)),
    ("email", re.compile(r"\b(e-?mail|correo|mail me)\b", re.I)),
    ("whatsapp", re.compile(r"\bwhats ?app\b", re.I)),
)
_CONTACT_CONTEXT = re.compile(r"\b(best|prefer|preferably|reach me|contact me|me|mejor|prefiero|por)\b", re.I)
_AVAILABILITY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mornings", re.compile(r"\b(mornings?|before noon|por las ma[nñ]anas|en las ma[nñ]anas)\b", re.I)),
    ("afternoons", re.compile(r"\b(afternoons?|por las tardes|en las tardes)\b", re.I)),
    (
        "evenings",
        re.compile(
            r"\b(evenings?|nights?|after (work|\d{1,2}\s*(pm|p\.m\.)?)|por las noches|noches)\b", re.I
        ),
    ),
    (
        "weekends",
        re.compile(r"\b(weekends?|saturdays?|sundays?|fines? de semana|s[aá]bados?|domingos?)\b", re.I),
    ),
    ("weekdays", re.compile(r"\b(weekdays?|entre semana)\b", re.I)),
    ("anytime", re.compile(r"\b(any ?time|whenever|cualquier (hora|momento|d[ií]a))\b", re.I)),
)
_JOINT = re.compile(
    r"\b(my|our) (wife|husband|spouse|partner|fianc[eé]e?|parents?|family)\b.{0,40}\b(decid\w*|together|"
    r"too|also|as well|both)\b|\b(we|both of us) (decide|will decide)\b|\bdecide together\b|"
    r"\b(wife|husband|spouse|partner) and i\b|\bmi (esposo|esposa|pareja)( y yo)?\b.{0,40}\b(decid\w*|"
    r"juntos|tambi[eé]n)\b|\bdecidimos juntos\b",
    re.I,
)
_SOLE = re.compile(
    r"\b(just me|only me|i decide|i('m| am) the (only )?(one|decision maker)|my (own )?decision|"
    r"solo yo|yo decido|yo solo|la decisi[oó]n es m[ií]a)\b",
    re.I,
)
# Linear time on any input: a number starts only where no digit run does ((?<![\d,.])), runs and
# spaces are taken whole (possessive *+), so a long run of digits or spaces is scanned once, not once per
# start position (a 10,000-digit message took 7.5 s and stalled the server).
_DOWN_PAYMENT = re.compile(
    r"(?P<percent>\d{1,2}(?:\.\d)?)\s*+%\s*+(?:down|de enganche|enganche|down payment)|"
    r"\$?\s?(?<![\d,.])(?P<amount>\d[\d,.]*+)\s*+(?:(?P<unit>k|mil)\s*+)?(?:dollars\s*+)?"
    r"(?:down|de enganche|as a down payment)|"
    r"(?:down payment|enganche)\s*+(?:(?:of|de|is|es)\s*+)?(?:(?:about|around|unos|como)\s*+)?"
    r"(?:(?P<percent2>\d{1,2})\s*+%|\$?\s?(?P<amount2>\d[\d,.]*+)\s*+(?P<unit2>k|mil)?)",
    re.I,
)
_FLEXIBILITY: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "fixed",
        re.compile(
            r"\b((date|timing|deadline) is (firm|fixed|set)|not flexible|no flexibility|has to be|must be by|"
            r"hard deadline|fecha (fija|l[ií]mite)|no (es|somos) flexibles?|tiene que ser)\b",
            re.I,
        ),
    ),
    (
        "flexible",
        re.compile(
            r"\b(flexible|no rush|no hurry|in no hurry|whenever the right|open on timing|"
            r"somos flexibles|sin prisa|no hay prisa|no tenemos prisa)\b",
            re.I,
        ),
    ),
)
_DRIVER = re.compile(
    r"\b(lease (ends|is up|expires)|our lease|new job|relocat\w*|transfer\w*|baby|retir\w*|divorce|"
    r"school year|contrato (termina|vence)|nuevo trabajo|trabajo nuevo|beb[eé]|jubil\w*)\b",
    re.I,
)
_REASON = re.compile(r"\b(?:because|porque|ya que)\s+(?P<reason>[^.;!?]{6,120})", re.I)


def preferred_contact(message: str) -> str | None:
    found = [name for name, pattern in _CHANNELS if pattern.search(message)]
    # "call" alone is often a verb about something else ("we'll call the bank"), so it needs a cue.
    if found == ["call"] and not _CONTACT_CONTEXT.search(message):
        return None
    return found[0] if found else None


def availability(message: str) -> list[str]:
    return [name for name, pattern in _AVAILABILITY if pattern.search(message)]


def decision_maker(message: str) -> str | None:
    if _JOINT.search(message):
        return "joint"
    if _SOLE.search(message):
        return "sole"
    return None


def down_payment(message: str) -> str | None:
    """The down payment as stated: '20%' or an amount in whole units ('100000')."""
    match = _DOWN_PAYMENT.search(message)
    if match is None:
        return None
    percent = match.group("percent") or match.group("percent2")
    if percent:
        return f"{percent}%"
    amount = match.group("amount") or match.group("amount2")
    unit = match.group("unit") or match.group("unit2")
    digits = (amount or "").replace(",", "").rstrip(".")
    # A run of digits longer than any price is no amount (and would not fit a float).
    if not digits.replace(".", "").isdigit() or len(digits) > MAX_AMOUNT_DIGITS:
        return None
    value = float(digits) * (1000 if unit else 1)
    return str(round(value))


def flexibility(message: str) -> str | None:
    return next((name for name, pattern in _FLEXIBILITY if pattern.search(message)), None)


def move_driver(message: str) -> str | None:
    """What sets the date, when the lead names it (a lease ending, a new job ...)."""
    match = _DRIVER.search(message)
    return match.group(0).lower() if match else None


def reason_for_moving(message: str) -> str | None:
    match = _REASON.search(message)
    return match.group("reason").strip() if match else None
