"""A few explicit cues that outrank the classifiers.

They cover what a statistical model trained on a small corpus gets wrong at a cost an agent would not
accept: treating an opt-out as a lead, a rental conversation as a purchase, or a baby on the way as no
motivation at all (a coin flip between the two on the corpus, which the CPU's rounding decides).
"""

from __future__ import annotations

import re

from ghl_real_estate_ai.domain.analysis import Scored
from ghl_real_estate_ai.domain.taxonomy import Intent, Motivation
from ghl_real_estate_ai.intelligence.local.classifier import Prediction

# What someone looking for a rental says. Leases, landlords and "paying rent" are left out on purpose:
# renters who want to buy mention them all the time.
_RENTAL = re.compile(
    r"\b(apartments?|apts?|for rent|to rent|rentals?|renting an?|rent an?|per month|a month|/mo|monthly|"
    r"rentar|alquil\w*|arrendar|departamentos?|apartamentos?|al mes|mensuales?)\b",
    re.IGNORECASE,
)
_PURCHASE = re.compile(
    r"\b(buy|buying|bought|purchase|mortgage|pre-?approv\w*|down payment|offer|closing|own|owning|"
    r"investment|invest\w*|flip|comprar|compra|hipoteca|enganche|cr[eé]dito hipotecario)\b",
    re.IGNORECASE,
)
_EMERGENCY = re.compile(
    r"\b(asap|a\.s\.a\.p|urgent|urgently|emergency|immediately|right away|evict\w*|foreclos\w*|"
    r"this week|tomorrow|today|urgente|de inmediato|lo antes posible|cuanto antes|esta semana|ma[nñ]ana)\b",
    re.IGNORECASE,
)
_EVIDENCE = re.compile(
    r"\b(afford|too (high|much|expensive)|overpriced|expensive|rates?|interest|credit|down payment|"
    r"not ready|wait(ing)?|my (wife|husband|spouse|partner)|already (have|working with) an? agent|"
    r"commission|fees?|market|crash|bubble|too (small|big|far)|scam|spam|just (looking|browsing)|"
    r"caro|cara|no (nos|me) alcanza|cr[eé]dito|esperar|mi (esposo|esposa)|comisi[oó]n)\b",
    re.IGNORECASE,
)
# A baby on the way, said outright. "Expecting" alone is not enough ("expecting your call"): it needs to
# end the clause, or name the baby or the month it is due.
_BABY_ON_THE_WAY = re.compile(
    r"\b(pregnant|baby on the way|(another|a|the) (baby|kid|child) (is )?(coming|on the way|due)|"
    r"(wife|she|partner|we|we're|we are|i'm|i am)\s+(is |are |'s )?expecting"
    r"(?=\s*(?:$|[.,!;]|\s(?:so|and|a baby|our|twins|in \w+|this|next)\b))|"
    r"embarazada|esperamos (un )?beb[eé]|viene (un )?beb[eé]|(otro|un) beb[eé] en camino)",
    re.IGNORECASE,
)
OPT_OUT_CONFIDENCE = 0.9
# A reading this sure of itself is not overturned by a cue.
UNSURE_CEILING = 0.75
RENTAL_SWITCHABLE = {
    Intent.PROPERTY_SEARCH,
    Intent.GENERAL_INQUIRY,
    Intent.HOME_VALUATION,
    Intent.SELL_PROPERTY,
    Intent.FINANCING_INQUIRY,
}


def intent_override(message: str, context: str, prediction: Prediction) -> Scored[Intent] | None:
    """An unsure reading becomes rental when the talk is all about renting (opt-outs: `reading.py`)."""
    best = Intent(prediction.best)
    if best in RENTAL_SWITCHABLE and prediction.confidence < UNSURE_CEILING:
        conversation = f"{context} {message}"
        if _RENTAL.search(conversation) and not _PURCHASE.search(conversation):
            rental = prediction.probability(Intent.RENTAL_SEARCH)
            return Scored[Intent](
                label=Intent.RENTAL_SEARCH, probability=max(rental, 1 - prediction.confidence)
            )
    return None


def motivation_override(message: str, prediction: Prediction) -> Scored[Motivation] | None:
    """An unsure motivation reading becomes a growing family when the prospect says a baby is coming."""
    family = Motivation.FAMILY_EXPANSION
    if prediction.best == family or prediction.confidence >= UNSURE_CEILING:
        return None
    if not _BABY_ON_THE_WAY.search(message):
        return None
    return Scored[Motivation](
        label=family, probability=max(prediction.probability(family), 1 - prediction.confidence)
    )


def is_emergency(message: str) -> bool:
    return bool(_EMERGENCY.search(message))


def objection_evidence(message: str) -> list[str]:
    return list(dict.fromkeys(match.group(0).lower() for match in _EVIDENCE.finditer(message)))
