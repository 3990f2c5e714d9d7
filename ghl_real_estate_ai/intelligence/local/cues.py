"""A few explicit cues that outrank the classifiers.

They cover what a statistical model trained on a small corpus gets wrong at a cost an agent would not
accept: treating an opt-out as a lead, or a rental conversation as a purchase.
"""

from __future__ import annotations

import re

from ghl_real_estate_ai.domain.analysis import Scored
from ghl_real_estate_ai.domain.taxonomy import Intent
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
OPT_OUT_CONFIDENCE = 0.9
# A reading this sure of itself is not overturned by the conversation's vocabulary.
RENTAL_SWITCH_CEILING = 0.75
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
    if best in RENTAL_SWITCHABLE and prediction.confidence < RENTAL_SWITCH_CEILING:
        conversation = f"{context} {message}"
        if _RENTAL.search(conversation) and not _PURCHASE.search(conversation):
            rental = prediction.probability(Intent.RENTAL_SEARCH)
            return Scored[Intent](
                label=Intent.RENTAL_SEARCH, probability=max(rental, 1 - prediction.confidence)
            )
    return None


def is_emergency(message: str) -> bool:
    return bool(_EMERGENCY.search(message))


def objection_evidence(message: str) -> list[str]:
    return list(dict.fromkeys(match.group(0).lower() for match in _EVIDENCE.finditer(message)))
