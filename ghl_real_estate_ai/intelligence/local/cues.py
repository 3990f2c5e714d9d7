"""A few explicit cues that outrank the classifiers.

They cover what a statistical model trained on a small corpus gets wrong at a cost an agent would not
accept: treating an opt-out as a lead, or a rental conversation as a purchase.
"""

from __future__ import annotations

import re

from ghl_real_estate_ai.domain.analysis import Scored
from ghl_real_estate_ai.domain.taxonomy import Intent
from ghl_real_estate_ai.intelligence.local.classifier import Prediction

_OPT_OUT = re.compile(
    r"\b(stop|unsubscribe|remove me|take me off|wrong number|wrong person|do not (text|contact|call)|"
    r"don'?t (text|contact|call) me|leave me alone|quit (texting|messaging)|not interested|"
    r"no me interesa|n[uú]mero equivocado|no me (escriba|contacte|llame)s?|d[eé]jeme en paz|"
    r"dejen de escribir|ya no (estamos|estoy) (buscando|interesad))\b",
    re.IGNORECASE,
)
_RENTAL = re.compile(
    r"\b(rent|rental|renting|lease|leasing|apartment|apt|per month|a month|/mo|monthly|landlord|tenant|"
    r"deposit|rentar|renta|alquiler|alquilar|arrendar|departamento|apartamento|al mes|mensual)\b",
    re.IGNORECASE,
)
_PURCHASE = re.compile(
    r"\b(buy|buying|purchase|mortgage|pre-?approv\w*|down payment|offer|closing|escrow|comprar|hipoteca|"
    r"enganche|cr[eé]dito hipotecario)\b",
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
RENTAL_SWITCH_FLOOR = 0.15


def intent_override(message: str, context: str, prediction: Prediction) -> Scored[Intent] | None:
    """An explicit opt-out wins; a purchase reading flips to rental when the talk is all about renting."""
    if _OPT_OUT.search(message):
        return Scored[Intent](
            label=Intent.NOT_INTERESTED, probability=max(prediction.probability(Intent.NOT_INTERESTED), OPT_OUT_CONFIDENCE)
        )
    if prediction.best == Intent.PROPERTY_SEARCH:
        conversation = f"{context} {message}"
        rental_probability = prediction.probability(Intent.RENTAL_SEARCH)
        if (
            _RENTAL.search(conversation)
            and not _PURCHASE.search(conversation)
            and rental_probability >= RENTAL_SWITCH_FLOOR
        ):
            return Scored[Intent](label=Intent.RENTAL_SEARCH, probability=rental_probability)
    return None


def is_emergency(message: str) -> bool:
    return bool(_EMERGENCY.search(message))


def objection_evidence(message: str) -> list[str]:
    return list(dict.fromkeys(match.group(0).lower() for match in _EVIDENCE.finditer(message)))
