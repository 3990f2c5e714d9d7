"""Next-best-question selection: ask about what is still unknown, heaviest qualification area first.

Area weights follow the spec's QUALIFICATION_AREAS. A question's expected information gain is its
share of the area's weight, zero once the answer is known, scaled by how relevant it is for this
kind of lead and boosted when the current objection makes it the natural next thing to ask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ghl_real_estate_ai.domain.coaching import RankedQuestion
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import Intent, Language, ObjectionType


@dataclass(frozen=True)
class Area:
    name: str
    weight: int
    required: bool
    questions: tuple[str, ...]
    # The flow stage a lead cannot reach (or pass) until this area is complete, as in the spec.
    stage_threshold: str | None = None


QUALIFICATION_AREAS: tuple[Area, ...] = (
    Area("budget", 30, True, ("budget_range", "financing_status", "down_payment"), "qualified"),
    Area("timeline", 25, True, ("move_timeline", "urgency_level", "flexibility")),
    Area("preferences", 20, False, ("property_type", "location", "size", "amenities")),
    Area("motivation", 15, True, ("why_moving", "must_haves", "deal_breakers")),
    Area("contact", 10, True, ("preferred_contact", "availability", "decision_maker")),
)
TOTAL_WEIGHT = sum(area.weight for area in QUALIFICATION_AREAS)

QUESTION_TEXT: dict[str, dict[Language, str]] = {
    "budget_range": {
        Language.EN: "What budget range would you be comfortable exploring?",
        Language.ES: "¿Qué rango de presupuesto le resultaría cómodo?",
    },
    "financing_status": {
        Language.EN: "Have you spoken with a lender about financing options?",
        Language.ES: "¿Ya habló con un prestamista sobre sus opciones de financiamiento?",
    },
    "down_payment": {
        Language.EN: "How much are you planning to put down?",
        Language.ES: "¿Cuánto piensa dar de enganche?",
    },
    "move_timeline": {
        Language.EN: "When would you ideally like to be moved in?",
        Language.ES: "¿Para cuándo le gustaría mudarse idealmente?",
    },
    "urgency_level": {
        Language.EN: "Is there a date driving the move, like a lease ending or a new job?",
        Language.ES: "¿Hay alguna fecha que marque la mudanza, como el fin de un contrato o un empleo nuevo?",
    },
    "flexibility": {
        Language.EN: "How flexible is that timing if the right home comes up sooner or later?",
        Language.ES: "¿Qué tan flexibles son esas fechas si aparece la casa ideal antes o después?",
    },
    "property_type": {
        Language.EN: "Are you thinking of a house, a condo or a townhome?",
        Language.ES: "¿Buscan casa, condominio o townhouse?",
    },
    "location": {
        Language.EN: "Which areas or neighborhoods are you focusing on?",
        Language.ES: "¿En qué zonas o colonias están buscando?",
    },
    "size": {
        Language.EN: "How many bedrooms and bathrooms do you need?",
        Language.ES: "¿Cuántas recámaras y baños necesitan?",
    },
    "amenities": {
        Language.EN: "Which features matter most to you, like a yard, garage or home office?",
        Language.ES: "¿Qué características son más importantes, como patio, cochera u oficina?",
    },
    "why_moving": {
        Language.EN: "What's prompting the move right now?",
        Language.ES: "¿Qué los motiva a mudarse en este momento?",
    },
    "must_haves": {
        Language.EN: "What are your absolute must-haves in the next home?",
        Language.ES: "¿Qué es indispensable para ustedes en la próxima casa?",
    },
    "deal_breakers": {
        Language.EN: "Is there anything that would rule a home out for you?",
        Language.ES: "¿Hay algo que descartaría una casa para ustedes?",
    },
    "preferred_contact": {
        Language.EN: "What's the best way to reach you: call, text or email?",
        Language.ES: "¿Cuál es la mejor forma de contactarle: llamada, mensaje o correo?",
    },
    "availability": {
        Language.EN: "When are you usually available for showings?",
        Language.ES: "¿Cuándo tiene disponibilidad normalmente para visitas?",
    },
    "decision_maker": {
        Language.EN: "Will anyone else be part of the decision?",
        Language.ES: "¿Alguien más participará en la decisión?",
    },
}

# Questions that matter less (or not at all) for some kinds of lead.
RELEVANCE: dict[Intent, Mapping[str, float]] = {
    Intent.RENTAL_SEARCH: {"financing_status": 0.0, "down_payment": 0.0},
    Intent.SELL_PROPERTY: {
        "budget_range": 0.3,
        "financing_status": 0.3,
        "down_payment": 0.2,
        "amenities": 0.5,
    },
    Intent.HOME_VALUATION: {"budget_range": 0.2, "financing_status": 0.2, "down_payment": 0.1},
    Intent.INVESTMENT: {"why_moving": 0.3, "must_haves": 0.6},
}

OBJECTION_FOCUS: dict[ObjectionType, Mapping[str, float]] = {
    ObjectionType.AFFORDABILITY: {"budget_range": 3.0, "financing_status": 3.0},
    ObjectionType.FINANCING_CONCERN: {"financing_status": 3.0, "down_payment": 2.5},
    ObjectionType.PRICE_CONCERN: {"budget_range": 3.0, "must_haves": 2.0},
    ObjectionType.TIMING: {"move_timeline": 3.0, "flexibility": 2.5},
    ObjectionType.DECISION_MAKER: {"decision_maker": 8.0, "availability": 4.0},
    ObjectionType.PROPERTY_FIT: {"must_haves": 3.0, "deal_breakers": 3.0},
    ObjectionType.MARKET_CONDITIONS: {"move_timeline": 2.0, "financing_status": 2.0},
    ObjectionType.LOW_COMMITMENT: {"why_moving": 2.5, "move_timeline": 1.5},
}


def relevance_for(intent: Intent | None, key: str) -> float:
    """How likely a lead with this intent is to have (and give) an answer: 0 means not applicable."""
    if intent is None:
        return 1.0
    return RELEVANCE.get(intent, {}).get(key, 1.0)


def known_questions(preferences: Preferences, *, motivation_known: bool, timeline_known: bool) -> set[str]:
    """Question keys that what the engine has read already answers."""
    known: set[str] = set()
    facts = {
        "budget_range": preferences.budget_max is not None or preferences.budget_min is not None,
        "financing_status": preferences.preapproved is not None or preferences.cash_buyer is not None,
        "down_payment": bool(preferences.cash_buyer),
        "move_timeline": timeline_known,
        "urgency_level": timeline_known,
        "property_type": preferences.property_type is not None,
        "location": bool(preferences.locations),
        "size": preferences.bedrooms is not None,
        "amenities": bool(preferences.features),
        "why_moving": motivation_known,
        "must_haves": bool(preferences.features),
        "deal_breakers": bool(preferences.deal_breakers),
    }
    known.update(key for key, is_known in facts.items() if is_known)
    return known


@dataclass
class QuestionPlanner:
    """Ranks the open qualification questions by expected information gain."""

    areas: tuple[Area, ...] = QUALIFICATION_AREAS
    relevance: Mapping[Intent, Mapping[str, float]] = field(default_factory=lambda: RELEVANCE)

    def rank(
        self,
        *,
        answered: Iterable[str],
        intent: Intent,
        objection: ObjectionType | None,
        language: Language,
        limit: int = 3,
    ) -> list[RankedQuestion]:
        if intent is Intent.NOT_INTERESTED:
            return []
        done = set(answered)
        focus = OBJECTION_FOCUS.get(objection, {}) if objection else {}
        ranked = []
        for area in self.areas:
            share = area.weight / TOTAL_WEIGHT / len(area.questions)
            for key in area.questions:
                if key in done:
                    continue
                gain = share * self.relevance.get(intent, {}).get(key, 1.0) * focus.get(key, 1.0)
                if gain <= 0:
                    continue
                ranked.append(
                    RankedQuestion(
                        question=QUESTION_TEXT[key][language],
                        area=area.name,
                        slot=key,
                        expected_information_gain=round(gain, 4),
                        rationale=_rationale(area, key, focus),
                    )
                )
        ranked.sort(key=lambda q: q.expected_information_gain, reverse=True)
        return ranked[:limit]

    def completeness(self, answered: Iterable[str]) -> float:
        """Weighted share of qualification questions answered (0..1)."""
        done = set(answered)
        score = sum(
            area.weight * sum(key in done for key in area.questions) / len(area.questions)
            for area in self.areas
        )
        return round(score / TOTAL_WEIGHT, 4)


def _rationale(area: Area, key: str, focus: Mapping[str, float]) -> str:
    reason = f"{area.name} ({area.weight}% of qualification) is still open"
    if key in focus:
        reason += "; it addresses the objection just raised"
    return reason
