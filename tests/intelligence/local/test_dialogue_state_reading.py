"""The engine reads a follow-up with the conversation's state (issue 12, Build 1): SGD-style dialogues."""

from __future__ import annotations

from datetime import date

import pytest

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.conversation_state import Direction
from ghl_real_estate_ai.domain.taxonomy import Intent, Speaker
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine

REFERENCE = date(2019, 6, 1)
BUY_DIALOGUE = [
    ("prospect", "I'm looking to buy a house in Fremont."),
    ("agent", "How many bedrooms would you like?"),
    ("prospect", "at least 3"),
    ("agent", "I found 6 properties. 4120 Stevenson Blvd has 3 bedrooms and 2 baths, priced at $1,150,000."),
]
RENT_LISTING = ("agent", "Amber Court at 34050 Westchester Terrace has 3 bedrooms, rent is $3,500 per month.")


def analyse(engine: LocalEngine, message: str, turns: list[tuple[str, str]]) -> MessageAnalysis:
    context = [ConversationTurn(speaker=Speaker(speaker), message=text) for speaker, text in turns]
    return engine.analyze_now(AnalysisRequest(message=message, context=context, reference_date=REFERENCE))


class TestFollowUpsInheritTheDialoguesDirection:
    @pytest.mark.parametrize(
        "message", ["I need 2 baths", "schedule a visit for me", "ok thats correct", "does it have a garage"]
    )
    def test_with_the_whole_dialogue(self, local_engine: LocalEngine, message: str) -> None:
        analysis = analyse(local_engine, message, BUY_DIALOGUE)
        assert analysis.primary_intent.label is Intent.PROPERTY_SEARCH
        assert analysis.state is not None and analysis.state.direction is Direction.BUY

    @pytest.mark.parametrize("message", ["that's too pricey, anything cheaper?", "schedule a visit for me"])
    def test_when_only_the_agents_sale_prices_are_visible(
        self, local_engine: LocalEngine, message: str
    ) -> None:
        # The 4-turn window of a converted dialogue may have lost the prospect's "buy".
        window = [("prospect", "4 bedrooms"), BUY_DIALOGUE[-1]]
        assert analyse(local_engine, message, window).primary_intent.label is Intent.PROPERTY_SEARCH

    def test_a_rental_dialogue_stays_a_rental(self, local_engine: LocalEngine) -> None:
        turns = [("prospect", "I need 3 bedrooms."), RENT_LISTING]
        assert analyse(local_engine, "That sounds nice.", turns).primary_intent.label is Intent.RENTAL_SEARCH

    def test_a_prospect_who_changes_their_mind_is_read_as_they_now_say(
        self, local_engine: LocalEngine
    ) -> None:
        turns = [("prospect", "rent for now"), ("agent", "How many bedrooms?")]
        analysis = analyse(local_engine, "actually I'd rather buy. 2 bedrooms", turns)
        assert analysis.primary_intent.label is Intent.PROPERTY_SEARCH


class TestFirstMessagesOfABuyer:
    def test_purchasing_a_property_is_no_investment_without_words_of_investing(
        self, local_engine: LocalEngine
    ) -> None:
        analysis = analyse(local_engine, "hi i want to purchase a property in sunnyvale", [])
        assert analysis.primary_intent.label is Intent.PROPERTY_SEARCH

    def test_an_investor_is_still_one(self, local_engine: LocalEngine) -> None:
        message = "looking to buy a duplex in San Antonio for rental income, cash flow matters most"
        assert analyse(local_engine, message, []).primary_intent.label is Intent.INVESTMENT

    def test_in_unit_laundry_is_no_rental_word(self, local_engine: LocalEngine) -> None:
        analysis = analyse(local_engine, "I need a house with in-unit laundry in Santa Clara.", [])
        assert analysis.primary_intent.label is Intent.PROPERTY_SEARCH

    def test_homes_for_sale_are_bought(self, local_engine: LocalEngine) -> None:
        analysis = analyse(local_engine, "Search for homes for sale in Pleasanton", [])
        assert analysis.state is not None and analysis.state.direction is Direction.BUY


class TestTheStateCarriesTheSlots:
    def test_a_bare_count_answers_the_agents_question(self, local_engine: LocalEngine) -> None:
        turns = BUY_DIALOGUE[:2]
        assert analyse(local_engine, "at least 3", turns).preferences.bedrooms == 3

    def test_preferences_who_decides_and_timeline_accumulate(self, local_engine: LocalEngine) -> None:
        turns = [
            ("prospect", "we want to buy a 3 bed in Round Rock under 425k by August"),
            ("agent", "Great! Anything else?"),
            ("prospect", "my wife has to see it before we decide"),
            ("agent", "Of course. Want me to set up a showing?"),
        ]
        state = analyse(local_engine, "sat works", turns).state
        assert state is not None
        assert state.direction is Direction.BUY
        assert state.preferences.bedrooms == 3 and state.preferences.budget_max == 425000
        assert state.preferences.locations == ["Round Rock"]
        assert state.decision_makers == ["wife"]
        assert state.timeline_days is not None and state.prospect_turns == 3

    def test_the_state_is_not_part_of_the_readings_serialised_form(self, local_engine: LocalEngine) -> None:
        analysis = analyse(local_engine, "I need 2 baths", BUY_DIALOGUE)
        assert "state" not in analysis.model_dump()


class TestReadingAcrossTurns:
    def test_an_acknowledgement_keeps_the_conversations_hurry(self, local_engine: LocalEngine) -> None:
        turns = [
            ("prospect", "need to buy a house in Conroe asap, relocating for work"),
            ("agent", "I have 2 showings open Saturday, want one?"),
        ]
        assert analyse(local_engine, "yes sat works", turns).urgency_level.label.value == "critical"

    def test_spanglish_follows_the_language_the_prospect_mostly_writes_in(
        self, local_engine: LocalEngine
    ) -> None:
        turns = [
            ("prospect", "hola! we want to buy a casa in San Antonio, 3 bed"),
            ("agent", "What's your budget?"),
        ]
        analysis = analyse(local_engine, "around 300k, tenemos el enganche ready", turns)
        assert analysis.language.value == "en"

    def test_a_spanish_conversation_stays_spanish_through_an_english_word(
        self, local_engine: LocalEngine
    ) -> None:
        turns = [
            ("prospect", "buscamos casa en Cicero con 3 recamaras"),
            ("agent", "¿Cuál es su presupuesto?"),
        ]
        analysis = analyse(local_engine, "unos 300k, ya tenemos el down payment", turns)
        assert analysis.language.value == "es"

    def test_a_date_given_in_answer_is_no_timing_objection(self, local_engine: LocalEngine) -> None:
        turns = [
            ("prospect", "looking for a house to buy in Humble, 3 bd 2 ba"),
            ("agent", "Got it. Any timeline?"),
        ]
        assert analyse(local_engine, "next june probably", turns).objection is None

    def test_putting_the_move_off_is_still_timing(self, local_engine: LocalEngine) -> None:
        turns = [("agent", "Would you like me to start sending you homes in Wesley Chapel?")]
        message = "not ready yet, we want to wait until our lease is up next year"
        analysis = analyse(local_engine, message, turns)
        assert analysis.objection is not None and analysis.objection.type.value == "timing"
