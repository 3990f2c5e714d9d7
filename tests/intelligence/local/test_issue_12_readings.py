"""Every message quoted in issue 12 (reading real prospects), with the reading an agent calls sensible."""

from __future__ import annotations

from datetime import date

import pytest

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import (
    Intent,
    Language,
    Motivation,
    ObjectionType,
    Speaker,
    UrgencyLevel,
)
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine

REFERENCE = date(2026, 3, 2)


def analyse(engine: LocalEngine, message: str, *context: tuple[str, str]) -> MessageAnalysis:
    turns = [ConversationTurn(speaker=Speaker(speaker), message=text) for speaker, text in context]
    return engine.analyze_now(AnalysisRequest(message=message, context=turns, reference_date=REFERENCE))


class TestShortEnglishTextsAreEnglish:
    @pytest.mark.parametrize(
        "message",
        ["Stop texting me. Remove me from your list", "ok sounds good, call me tmrw at 5", "no", "me too"],
    )
    def test_function_words_shared_with_spanish_do_not_make_a_text_spanish(
        self, local_engine: LocalEngine, message: str
    ) -> None:
        assert analyse(local_engine, message).language is Language.EN

    def test_an_opt_out_is_read_as_one(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "Stop texting me. Remove me from your list")
        assert reading.primary_intent.label is Intent.NOT_INTERESTED

    def test_agreeing_to_a_callback_is_no_financing_question(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "ok sounds good, call me tmrw at 5")
        assert reading.primary_intent.label not in (Intent.FINANCING_INQUIRY, Intent.NOT_INTERESTED)
        assert reading.objection is None
        # A callback tomorrow is not a move within days.
        assert reading.urgency_level.label is not UrgencyLevel.CRITICAL


class TestAcknowledgements:
    def test_k_is_an_acknowledgement_not_an_opt_out(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "k",
            ("prospect", "we want to buy a 3 bed house in Plano"),
            ("agent", "Great, I'll send a few listings tonight"),
        )
        assert reading.primary_intent.label is Intent.PROPERTY_SEARCH
        assert reading.objection is None


class TestSmsSpelling:
    def test_misspelt_rooms_and_preapproval_are_read(self, local_engine: LocalEngine) -> None:
        slots = analyse(
            local_engine, "were pre aproved for 425k ... need 4 bedrms"
        ).preferences.stated_slots()
        assert slots["bedrooms"] == 4
        assert slots["preapproved"] is True
        # A pre-approval amount is not a budget (taxonomy.md).
        assert "budget_max" not in slots

    def test_abbreviated_search_is_read_whole(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "lookin for a 3bd 2ba house undr 400k in katy tx asap")
        assert reading.preferences.stated_slots() == {
            "property_type": "single_family_home",
            "bedrooms": 3,
            "bathrooms": 2,
            "budget_max": 400000,
            "locations": ["katy"],
        }
        assert reading.primary_intent.label is Intent.PROPERTY_SEARCH
        assert reading.urgency_level.label is UrgencyLevel.CRITICAL


class TestIntentNeedsEvidence:
    def test_a_relative_who_is_an_agent_is_no_sale(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "We already work with my brother in law, he's a realtor")
        assert reading.primary_intent.label is not Intent.SELL_PROPERTY
        assert reading.objection is not None and reading.objection.type is ObjectionType.EXISTING_AGENT

    def test_talking_it_over_with_a_spouse_is_no_sale(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "My wife and I need to discuss it before we make any decision")
        assert reading.primary_intent.label is not Intent.SELL_PROPERTY
        assert reading.objection is not None and reading.objection.type is ObjectionType.DECISION_MAKER

    def test_a_renter_whose_lease_ends_naming_a_price_is_a_buyer(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "my lease ends in june and we're ready to look, 400k max")
        assert reading.primary_intent.label is Intent.PROPERTY_SEARCH
        assert reading.preferences.budget_max == 400000

    def test_a_family_needing_a_townhouse_is_a_buyer(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "need a townhouse in Cedar Park by summer, 2 kids")
        assert reading.primary_intent.label is Intent.PROPERTY_SEARCH
        assert reading.preferences.stated_slots()["locations"] == ["Cedar Park"]

    def test_a_baby_on_the_way_is_a_growing_family(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "wife is expecting so we need more room")
        assert reading.motivation is not None and reading.motivation.label is Motivation.FAMILY_EXPANSION
        assert reading.objection is None


class TestFollowUpsInheritTheDirection:
    BUY_DIALOGUE = (
        ("prospect", "I'm looking to buy a house in Fremont"),
        ("agent", "How many bedrooms do you need?"),
        ("prospect", "3 bedrooms"),
        ("agent", "I found a 3 bedroom house on Mowry Ave listed at $1,150,000."),
    )

    @pytest.mark.parametrize("message", ["I need 2 baths", "schedule a visit for me", "ok thats correct"])
    def test_a_follow_up_keeps_the_buy_decision(self, local_engine: LocalEngine, message: str) -> None:
        reading = analyse(local_engine, message, *self.BUY_DIALOGUE)
        assert reading.primary_intent.label is Intent.PROPERTY_SEARCH

    def test_a_price_the_agent_quoted_is_not_the_budget(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "schedule a visit for me", *self.BUY_DIALOGUE)
        assert reading.preferences.budget_max is None


class TestAmountsAsSaid:
    @pytest.mark.parametrize(
        ("message", "budget_max"),
        [
            ("we're thinking five fifty max", 550000),
            ("budget is around 4 hundred", 400000),
            ("fiveish is our max", 500000),
        ],
    )
    def test_spoken_amounts_are_hundreds_of_thousands(
        self, local_engine: LocalEngine, message: str, budget_max: int
    ) -> None:
        assert analyse(local_engine, message).preferences.budget_max == budget_max

    def test_a_spanish_cap_is_a_budget(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "buscamos casa en Katy que no pase de 300 mil")
        assert reading.preferences.budget_max == 300000
        assert reading.language is Language.ES

    def test_next_march_said_in_march_is_a_year_away(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "we want to move next march")
        assert reading.preferences.timeline_months == 12
        assert reading.urgency_level.label is UrgencyLevel.LOW

    def test_next_month_is_not_today(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "we want to move next june")
        assert reading.urgency_level.label is not UrgencyLevel.CRITICAL


class TestNoValueWithoutEvidence:
    def test_a_pet_weight_limit_is_not_a_budget(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "Pets allowed under 100 pounds. Patio, in-unit laundry.")
        slots = reading.preferences.stated_slots()
        assert "budget_max" not in slots
        assert "locations" not in slots

    def test_rejecting_a_listing_the_agent_sent_is_property_fit(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "that one's on a busy road and the yard is tiny, not for us",
            ("agent", "Here's a 3 bed on Elm St listed at 425k, what do you think?"),
        )
        assert reading.objection is not None and reading.objection.type is ObjectionType.PROPERTY_FIT


class TestShortRepliesReadInContext:
    SHOWING_OFFER = (
        ("prospect", "can we see the house on Birch St?"),
        ("agent", "Sure, Saturday at 11 or Sunday at 2?"),
    )

    def test_sat_works_agrees_to_a_showing_within_days(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "sat works", *self.SHOWING_OFFER)
        assert reading.urgency_level.label is UrgencyLevel.CRITICAL
        assert reading.objection is None
        assert reading.primary_intent.label is not Intent.NOT_INTERESTED

    def test_a_bare_yes_to_a_showing_offer_takes_the_offers_date(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "yes",
            ("prospect", "we want to buy in Katy"),
            ("agent", "Want to see the Oak St house this Saturday?"),
        )
        assert reading.urgency_level.label is UrgencyLevel.CRITICAL
        # The showing's date is no date of the move.
        assert reading.timeline_days is None

    def test_agreeing_to_a_callback_is_no_hurry(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "ok sounds good",
            ("prospect", "we want to buy in Katy"),
            ("agent", "Can I call you tomorrow to go over options?"),
        )
        assert reading.urgency_level.label is not UrgencyLevel.CRITICAL

    def test_a_hedge_to_a_showing_offer_agrees_to_nothing(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "maybe",
            ("prospect", "we want to buy in Katy"),
            ("agent", "Want to see the Oak St house this Saturday?"),
        )
        assert reading.urgency_level.label is not UrgencyLevel.CRITICAL
        assert reading.objection is None

    @pytest.mark.parametrize("message", ["k", "ok", "yes", "👍", "maybe"])
    def test_short_replies_keep_the_conversations_reading(
        self, local_engine: LocalEngine, message: str
    ) -> None:
        reading = analyse(
            local_engine,
            message,
            ("prospect", "we want to buy a 3 bed house in Plano"),
            ("agent", "Great, I'll send a few listings tonight"),
        )
        assert reading.primary_intent.label is Intent.PROPERTY_SEARCH
        assert reading.objection is None
        assert reading.preferences.stated_slots()["locations"] == ["Plano"]

    def test_si_keeps_a_spanish_buyers_reading(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "sí",
            ("prospect", "queremos comprar una casa en Katy"),
            ("agent", "¿Le mando unas opciones?"),
        )
        assert reading.primary_intent.label is Intent.PROPERTY_SEARCH
        assert reading.language is Language.ES

    @pytest.mark.parametrize("message", ["STOP", "remove me", "wrong number", "no me interesa"])
    def test_explicit_opt_outs_end_the_lead(self, local_engine: LocalEngine, message: str) -> None:
        assert analyse(local_engine, message).primary_intent.label is Intent.NOT_INTERESTED


class TestFeesAndPlacesAndRooms:
    def test_a_high_hoa_is_a_price_objection(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "that HOA is way too high",
            ("agent", "Here's a condo on 5th listed at 310k, HOA $450/mo"),
        )
        assert reading.objection is not None and reading.objection.type is ObjectionType.PRICE_CONCERN

    def test_hoa_fees_are_no_agents_commission(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "HOA fees are too much for us")
        assert reading.objection is not None
        assert reading.objection.type is not ObjectionType.COMMISSION_FEES

    def test_a_place_the_prospect_is_liking_is_where_they_search(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "I am liking fremont",
            ("prospect", "I need a 2 bedroom apartment"),
            ("agent", "I found apartments in Fremont and San Jose"),
        )
        assert reading.preferences.stated_slots()["locations"] == ["fremont"]

    @pytest.mark.parametrize(
        ("message", "bedrooms", "bathrooms"),
        [
            ("I need 2 bed rooms and baths", 2, 2),
            ("3 bed rooms 2 baths", 3, 2),
            ("need 3 hedrooms", 3, None),
        ],
    )
    def test_rooms_spelt_apart_or_mistyped_are_counted(
        self, local_engine: LocalEngine, message: str, bedrooms: int, bathrooms: int | None
    ) -> None:
        preferences = analyse(local_engine, message).preferences
        assert (preferences.bedrooms, preferences.bathrooms) == (bedrooms, bathrooms)

    def test_a_range_in_thousands_and_abbreviated_rooms(self, local_engine: LocalEngine) -> None:
        slots = analyse(local_engine, "looking at 350-375k for a 3bd").preferences.stated_slots()
        assert (slots["budget_min"], slots["budget_max"], slots["bedrooms"]) == (350000, 375000, 3)

    def test_a_monthly_figure_with_mo_and_bdrm(self, local_engine: LocalEngine) -> None:
        slots = analyse(local_engine, "need a 2 bdrm apt, 1800 a mo max").preferences.stated_slots()
        assert (slots["bedrooms"], slots["budget_max"], slots["budget_period"]) == (2, 1800, "month")


class TestOtherWritersReadings:
    """The fourth pass: readings another writer's messages showed to be fitted to dev's phrasing."""

    def test_liking_a_listing_raises_no_objection(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine, "I like it", ("agent", "Here's one on Crystal Falls Pkwy, 3bd, $410k")
        )
        assert reading.objection is None

    def test_brutal_property_taxes_are_affordability(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "property taxes there are brutal",
            ("prospect", "we're looking at houses in Fort Bend county"),
            ("agent", "Sugar Land has great schools, want me to send some?"),
        )
        assert reading.objection is not None and reading.objection.type is ObjectionType.AFFORDABILITY

    def test_turning_down_the_listing_sent_is_property_fit(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine,
            "not feeling that one, the layout is weird",
            ("agent", "This one just dropped to $389k!"),
        )
        assert reading.objection is not None and reading.objection.type is ObjectionType.PROPERTY_FIT

    def test_a_search_with_deal_breakers_is_no_objection(self, local_engine: LocalEngine) -> None:
        reading = analyse(
            local_engine, "my knees are shot so I can't do stairs. 2 bed condo in Sun City under 300"
        )
        assert reading.objection is None
        assert reading.preferences.deal_breakers == ["no stairs"]

    def test_moving_next_month_is_high_not_critical(self, local_engine: LocalEngine) -> None:
        reading = analyse(local_engine, "we have to move next month, 2 bed apartment in Killeen")
        assert reading.urgency_level.label is UrgencyLevel.HIGH

    def test_a_spoken_figure_answering_the_price_question_is_the_budget(
        self, local_engine: LocalEngine
    ) -> None:
        reading = analyse(
            local_engine, "four twenty", ("agent", "Is there a price you don't want to go over?")
        )
        assert reading.preferences.budget_max == 420000
