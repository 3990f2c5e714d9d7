"""The embedded engine, read as a specification of what it understands."""

from __future__ import annotations

from datetime import date

import pytest

from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine

REFERENCE = date(2026, 1, 10)


def read(engine: LocalEngine, message: str, *context: tuple[str, str]) -> dict[str, object]:
    analysis = engine.analyze_now(
        AnalysisRequest(
            message=message,
            context=[ConversationTurn(speaker=Speaker(s), message=m) for s, m in context],
            reference_date=REFERENCE,
        )
    )
    return {
        "intent": analysis.primary_intent.label,
        "objection": analysis.objection.type if analysis.objection else None,
        "urgency": analysis.urgency_level.label,
        "language": analysis.language,
        "preferences": analysis.preferences.stated_slots(),
        "confidence": analysis.confidence,
    }


class TestIntent:
    @pytest.mark.parametrize(
        ("message", "intent"),
        [
            ("We'd love to buy a 3 bed house in Plano", "property_search"),
            ("Looking for a 1 bedroom apartment to rent, up to $1,500/mo", "rental_search"),
            ("We might sell the townhouse after the holidays", "sell_property"),
            ("What is my home worth in today's market?", "home_valuation"),
            ("STOP", "not_interested"),
            ("wrong number", "not_interested"),
        ],
    )
    def test_common_intents(self, local_engine: LocalEngine, message: str, intent: str) -> None:
        assert read(local_engine, message)["intent"] == intent

    def test_a_short_answer_takes_its_intent_from_the_conversation(self, local_engine: LocalEngine) -> None:
        reading = read(
            local_engine,
            "2 bedrooms please",
            ("prospect", "I need an apartment to rent in San Jose"),
            ("agent", "How many bedrooms?"),
        )
        assert reading["intent"] == "rental_search"


class TestObjections:
    @pytest.mark.parametrize(
        ("message", "objection"),
        [
            ("I'm not sure if I can afford this right now...", "affordability"),
            ("My wife has to see it before we decide anything", "decision_maker"),
            ("We already have an agent, thanks", "existing_agent"),
            ("We're going to wait until rates come down", "market_conditions"),
        ],
    )
    def test_objections_are_named_by_their_reason(
        self, local_engine: LocalEngine, message: str, objection: str
    ) -> None:
        assert read(local_engine, message)["objection"] == objection

    def test_a_plain_request_raises_no_objection(self, local_engine: LocalEngine) -> None:
        assert read(local_engine, "Can we see the house on Elm this Saturday?")["objection"] is None


class TestUrgencyAndLanguage:
    def test_urgency_follows_a_stated_timeline(self, local_engine: LocalEngine) -> None:
        assert read(local_engine, "we need to move within 2 weeks")["urgency"] == "critical"
        assert read(local_engine, "hoping to buy in about 4 months")["urgency"] == "medium"
        assert read(local_engine, "maybe in a couple of years")["urgency"] == "low"

    def test_spanish_messages_are_read_as_spanish(self, local_engine: LocalEngine) -> None:
        reading = read(local_engine, "Hola, buscamos una casa de 3 recámaras cerca de la escuela")
        assert reading["language"] == "es"
        assert reading["preferences"]["bedrooms"] == 3

    def test_confidence_is_a_probability_from_the_model(self, local_engine: LocalEngine) -> None:
        clear = read(local_engine, "We'd love to buy a 3 bed house in Plano")["confidence"]
        vague = read(local_engine, "hmm ok")["confidence"]
        assert 0 < vague < clear <= 1


class TestClassifierArithmetic:
    def test_fast_probabilities_equal_scikit_learns(self, local_engine: LocalEngine) -> None:
        import numpy as np

        from ghl_real_estate_ai.intelligence.local.classifier import _prediction

        classifiers = local_engine.classifiers
        features = classifiers.featurizer.transform(["is the price negotiable?"], [""])
        for head in ("primary_intent", "objection_type", "objection_severity"):
            model = classifiers.heads[head]
            fast = _prediction(model, features)
            reference = dict(zip(model.classes_, model.predict_proba(features)[0], strict=True))
            assert np.allclose([reference[label] for label in fast.labels], fast.probabilities)
