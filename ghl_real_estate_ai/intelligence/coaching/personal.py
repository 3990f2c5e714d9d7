"""Suggestions and talking points filled with the lead's own facts, in the lead's language.

The playbook's lines say what works for an objection in general; these say it about this lead: "Show
homes in Round Rock at up to $450,000", "Offer a time when their wife can join". A line whose fact is
unknown is left out rather than filled with a placeholder.
"""

from __future__ import annotations

from collections.abc import Callable

from ghl_real_estate_ai.domain.taxonomy import Intent, Language, ObjectionType
from ghl_real_estate_ai.intelligence.coaching.facts import LeadFacts

Line = Callable[[LeadFacts], str | None]


def _both(first: str | None, second: str | None) -> bool:
    return first is not None and second is not None


_EN: dict[ObjectionType | Intent, list[Line]] = {
    ObjectionType.PRICE_CONCERN: [
        lambda f: f"Bring two or three recent sales in {f.area} that back the price." if f.area else None,
        lambda f: (
            f"Offer homes in {f.area} within their {f.budget} budget." if _both(f.area, f.budget) else None
        ),
    ],
    ObjectionType.AFFORDABILITY: [
        lambda f: (
            f"Show the monthly payment at {f.budget} and a lender who can confirm it." if f.budget else None
        ),
        lambda f: f"Suggest nearby options to {f.area} that lower the price." if f.area else None,
    ],
    ObjectionType.FINANCING_CONCERN: [
        lambda f: f"Introduce a lender who can pre-approve at {f.budget}." if f.budget else None,
    ],
    ObjectionType.TIMING: [
        lambda f: (
            f"Work back from their timeline ({f.timeline}) to the date they need to start touring."
            if f.timeline
            else None
        ),
    ],
    ObjectionType.DECISION_MAKER: [
        lambda f: (
            f"Offer a time when {f.decider} can join: a call or a second showing." if f.decider else None
        ),
        lambda f: (
            f"Send a short summary {f.decider} can read: {f.area}, {f.budget}."
            if _both(f.decider, f.area) and f.budget
            else None
        ),
    ],
    ObjectionType.EXISTING_AGENT: [
        lambda f: (
            f"Respect the relationship; offer to send listings in {f.area} they can share with their agent."
            if f.area
            else None
        ),
    ],
    ObjectionType.PROPERTY_FIT: [
        lambda f: (
            f"Leave out what they ruled out ({', '.join(f.rejected)}) in the next homes you send."
            if f.rejected
            else None
        ),
        lambda f: f"Send options in {f.area} that fix what they disliked." if f.area else None,
    ],
    ObjectionType.MARKET_CONDITIONS: [
        lambda f: f"Share what homes in {f.area} sold for in the last 90 days." if f.area else None,
    ],
    Intent.PROPERTY_SEARCH: [
        lambda f: f"Send homes in {f.area} at {f.budget}." if _both(f.area, f.budget) else None,
        lambda f: f"Plan showings around their timeline ({f.timeline})." if f.timeline else None,
    ],
    Intent.RENTAL_SEARCH: [
        lambda f: f"Send rentals in {f.area} at {f.budget}." if _both(f.area, f.budget) else None,
    ],
}
_ES: dict[ObjectionType | Intent, list[Line]] = {
    ObjectionType.PRICE_CONCERN: [
        lambda f: (
            f"Muestre dos o tres ventas recientes en {f.area} que respalden el precio." if f.area else None
        ),
        lambda f: (
            f"Ofrezca casas en {f.area} dentro de su presupuesto ({f.budget})."
            if _both(f.area, f.budget)
            else None
        ),
    ],
    ObjectionType.AFFORDABILITY: [
        lambda f: (
            f"Muestre el pago mensual con {f.budget} y un prestamista que lo confirme." if f.budget else None
        ),
        lambda f: f"Sugiera zonas cercanas a {f.area} con precios más bajos." if f.area else None,
    ],
    ObjectionType.FINANCING_CONCERN: [
        lambda f: f"Presente un prestamista que pueda preaprobar {f.budget}." if f.budget else None,
    ],
    ObjectionType.TIMING: [
        lambda f: (
            f"Planee desde su plazo ({f.timeline}) hacia atrás hasta cuándo empezar a ver casas."
            if f.timeline
            else None
        ),
    ],
    ObjectionType.DECISION_MAKER: [
        lambda f: (
            f"Ofrezca un horario en que {f.decider} pueda participar: una llamada o otra visita."
            if f.decider
            else None
        ),
    ],
    ObjectionType.EXISTING_AGENT: [
        lambda f: (
            f"Respete la relación; ofrezca enviar casas en {f.area} que pueda compartir con su agente."
            if f.area
            else None
        ),
    ],
    ObjectionType.PROPERTY_FIT: [
        lambda f: (
            f"No incluya lo que descartó ({', '.join(f.rejected)}) en las próximas opciones."
            if f.rejected
            else None
        ),
        lambda f: f"Envíe opciones en {f.area} que corrijan lo que no le gustó." if f.area else None,
    ],
    ObjectionType.MARKET_CONDITIONS: [
        lambda f: f"Comparta los precios de venta en {f.area} de los últimos 90 días." if f.area else None,
    ],
    Intent.PROPERTY_SEARCH: [
        lambda f: f"Envíe casas en {f.area} con {f.budget}." if _both(f.area, f.budget) else None,
        lambda f: f"Planee las visitas según su plazo ({f.timeline})." if f.timeline else None,
    ],
    Intent.RENTAL_SEARCH: [
        lambda f: f"Envíe rentas en {f.area} con {f.budget}." if _both(f.area, f.budget) else None,
    ],
}
_LABELS = {
    Language.EN: ("Budget", "Area", "Timeline", "Decides with", "Ruled out"),
    Language.ES: ("Presupuesto", "Zona", "Plazo", "Decide con", "Descartó"),
}


def personal_suggestions(key: ObjectionType | Intent, facts: LeadFacts, language: Language) -> list[str]:
    """The lines for this objection (or intent) that the lead's facts can fill."""
    lines = (_ES if language is Language.ES else _EN).get(key, [])
    return [text for line in lines if (text := line(facts)) is not None]


def fact_points(facts: LeadFacts, language: Language) -> list[str]:
    """What the lead told you, as talking points to keep in front of the agent."""
    labels = _LABELS[language]
    values = (facts.budget, facts.area, facts.timeline, facts.decider, ", ".join(facts.rejected) or None)
    return [f"{label}: {value}" for label, value in zip(labels, values, strict=True) if value]


__all__ = ["fact_points", "personal_suggestions"]
