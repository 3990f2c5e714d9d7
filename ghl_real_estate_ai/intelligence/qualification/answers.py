"""What one prospect reply answers, keyed by question: the engine's reading plus the flow's own cues."""

from __future__ import annotations

from collections.abc import Callable

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.qualification import AnswerValue
from ghl_real_estate_ai.intelligence.qualification import cues

DAYS_PER_MONTH = 30


def _budget(prefs: Preferences) -> AnswerValue | None:
    bounds = [
        f"{label}:{value}" for label, value in (("min", prefs.budget_min), ("max", prefs.budget_max)) if value
    ]
    return " ".join(bounds) or None


def _financing(prefs: Preferences) -> AnswerValue | None:
    if prefs.cash_buyer:
        return "cash"
    if prefs.preapproved is not None:
        return "preapproved" if prefs.preapproved else "not_preapproved"
    return None


def _move_days(analysis: MessageAnalysis) -> AnswerValue | None:
    if analysis.timeline_days is not None:
        return round(analysis.timeline_days)
    months = analysis.preferences.timeline_months
    return months * DAYS_PER_MONTH if months is not None else None


def _from_engine(analysis: MessageAnalysis) -> dict[str, AnswerValue | None]:
    prefs = analysis.preferences
    timeline = _move_days(analysis)
    return {
        "budget_range": _budget(prefs),
        "financing_status": _financing(prefs),
        "down_payment": "cash" if prefs.cash_buyer else None,
        "move_timeline": timeline,
        # A stated date carries its own urgency; the engine grades it.
        "urgency_level": analysis.urgency_level.label.value if timeline is not None else None,
        "property_type": prefs.property_type.value if prefs.property_type else None,
        "location": list(prefs.locations) or None,
        "size": _size(prefs),
        "amenities": [f.value for f in prefs.features] or None,
        "why_moving": analysis.motivation.label.value if analysis.motivation else None,
        "must_haves": [f.value for f in prefs.features] or None,
        "deal_breakers": list(prefs.deal_breakers) or None,
    }


def _size(prefs: Preferences) -> AnswerValue | None:
    if prefs.bedrooms is None:
        return None
    baths = f" {prefs.bathrooms:g} bath" if prefs.bathrooms is not None else ""
    return f"{prefs.bedrooms:g} bed{baths}"


_MESSAGE_CUES: dict[str, Callable[[str], AnswerValue | None]] = {
    "down_payment": cues.down_payment,
    "urgency_level": cues.move_driver,
    "flexibility": cues.flexibility,
    "why_moving": cues.reason_for_moving,
    "preferred_contact": cues.preferred_contact,
    "availability": lambda message: cues.availability(message) or None,
    "decision_maker": cues.decision_maker,
}


def answers_in(analysis: MessageAnalysis, message: str) -> dict[str, AnswerValue]:
    """Every question the conversation so far answers, as of this reply.

    The engine accumulates preferences over the prospect's messages, so a reply that adds nothing new
    yields the same answers as before; the flow keeps only what changed.
    """
    found = {key: value for key, value in _from_engine(analysis).items() if value is not None}
    for key, read in _MESSAGE_CUES.items():
        value = read(message)
        if value is not None:
            found.setdefault(key, value)
    return found
