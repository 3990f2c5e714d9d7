"""The lead's own facts, for coaching that speaks about this lead and not about leads in general.

Facts come from what the prospect said (the engine's preferences, the objection's evidence) and from
what the caller knows about the lead (`lead_context` / extra fields of `conversation_context`, scalar
values only). What the prospect said wins over the CRM: it is newer. A fact nobody stated stays out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.taxonomy import BudgetPeriod, Language

LeadFields = Mapping[str, str | int | float | bool | None]

# Keys callers use for the same fact (GHL custom fields, the spec's examples, plain names).
_KEYS = {
    "name": ("first_name", "name", "contact_name", "lead_name", "firstName"),
    "budget": ("budget", "budget_max", "max_budget", "price_range", "budget_range"),
    "area": ("location", "area", "preferred_area", "city", "preferred_location", "neighborhood"),
    "timeline": ("timeline", "move_timeline", "timeframe", "time_frame"),
    "decider": ("decision_maker", "spouse", "partner", "co_buyer", "decides_with"),
}
_PEOPLE = {
    "wife": ("wife", "esposa"),
    "husband": ("husband", "esposo"),
    "spouse": ("spouse", "pareja"),
    "partner": ("partner", "pareja"),
    "esposa": ("wife", "esposa"),
    "esposo": ("husband", "esposo"),
}
_PERSON = re.compile(r"\b(?:my|our|mi|nuestra|nuestro) (wife|husband|spouse|partner|esposa|esposo)\b")


@dataclass(frozen=True)
class LeadFacts:
    name: str | None = None
    budget: str | None = None
    area: str | None = None
    timeline: str | None = None
    decider: str | None = None
    rejected: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return any((self.budget, self.area, self.timeline, self.decider, self.rejected))


def lead_facts(analysis: MessageAnalysis, lead: LeadFields | None, language: Language) -> LeadFacts:
    fields = lead or {}
    preferences = analysis.preferences
    return LeadFacts(
        name=_field(fields, "name"),
        budget=_budget(analysis, language) or _money_field(fields, language),
        area=" / ".join(preferences.locations) or _field(fields, "area"),
        timeline=_timeline(preferences.timeline_months, language) or _field(fields, "timeline"),
        decider=_decider(analysis, language) or _field(fields, "decider"),
        rejected=tuple(preferences.deal_breakers),
    )


def _field(fields: LeadFields, fact: str) -> str | None:
    for key in _KEYS[fact]:
        value = fields.get(key)
        if value is not None and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()[:80]
    return None


def _money(value: int, language: Language) -> str:
    return f"${value:,}" if language is Language.EN else f"${value:,} dólares"


def _budget(analysis: MessageAnalysis, language: Language) -> str | None:
    p = analysis.preferences
    if p.budget_max is None:
        return None
    monthly = p.budget_period is BudgetPeriod.MONTH
    suffix = ("/month" if language is Language.EN else " al mes") if monthly else ""
    if p.budget_min is not None:
        joiner = " to " if language is Language.EN else " a "
        return f"{_money(p.budget_min, language)}{joiner}{_money(p.budget_max, language)}{suffix}"
    lead = "up to " if language is Language.EN else "hasta "
    return f"{lead}{_money(p.budget_max, language)}{suffix}"


def _money_field(fields: LeadFields, language: Language) -> str | None:
    for key in _KEYS["budget"]:
        value = fields.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return _money(int(value), language)
    return _field(fields, "budget")


def _timeline(months: int | None, language: Language) -> str | None:
    if months is None:
        return None
    if language is Language.ES:
        return f"unos {months} meses" if months != 1 else "un mes"
    return f"about {months} months" if months != 1 else "about a month"


def _decider(analysis: MessageAnalysis, language: Language) -> str | None:
    evidence = " ".join(analysis.objection.evidence) if analysis.objection else ""
    found = _PERSON.search(evidence)
    if found is None:
        return None
    english, spanish = _PEOPLE[found.group(1)]
    return f"their {english}" if language is Language.EN else f"su {spanish}"


__all__ = ["LeadFacts", "LeadFields", "lead_facts"]
