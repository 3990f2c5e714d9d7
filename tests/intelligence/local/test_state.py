"""The conversation's state: folded from its turns, kept unless a message changes it."""

from __future__ import annotations

from ghl_real_estate_ai.domain.conversation_state import ConversationState, Direction, DirectionSource
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import Intent, UrgencyLevel
from ghl_real_estate_ai.intelligence.local.state import (
    advance,
    decision_makers,
    inherited_direction,
    prior_state,
)


class TestTheDirectionBeforeAMessage:
    def test_the_prospects_last_stated_direction_holds(self) -> None:
        state = prior_state(["we're renting now", "actually we'd rather buy", "2 bedrooms"], [])
        assert (state.direction, state.direction_source) == (Direction.BUY, DirectionSource.PROSPECT)

    def test_a_renter_today_who_wants_to_own_is_a_buyer(self) -> None:
        state = prior_state(["tired of throwing money at rent, want to finally own something"], [])
        assert state.direction is Direction.BUY

    def test_without_the_prospects_word_sale_prices_the_agent_offered_say_buy(self) -> None:
        agent = ["I found 6 properties. 4120 Stevenson Blvd has 3 bedrooms, priced at $1,150,000."]
        state = prior_state(["I need 2 baths"], agent)
        assert (state.direction, state.direction_source) == (Direction.BUY, DirectionSource.AGENT_LISTINGS)

    def test_without_the_prospects_word_monthly_rents_the_agent_offered_say_rent(self) -> None:
        agent = ["Amber Court has 3 bedrooms, 2 baths, and the rent is $3,500 per month."]
        assert prior_state(["can you keep looking"], agent).direction is Direction.RENT

    def test_a_mortgage_payment_quoted_monthly_is_no_rent(self) -> None:
        agent = ["le mande 5 casas. con 3.5% de enganche el pago seria de unos 2,600 al mes"]
        assert prior_state(["gracias"], agent).direction is None

    def test_a_list_price_recommended_to_a_seller_says_nothing_of_buying(self) -> None:
        agent = ["based on recent sales, i'd recommend listing at $415,000."]
        assert prior_state(["hmm"], agent).direction is None

    def test_the_prospects_word_outranks_the_agents_listings(self) -> None:
        agent = ["there is a 2 bed at $2,450 per month"]
        assert prior_state(["i want to buy in oakland"], agent).direction is Direction.BUY


class TestWhatTheAgentsListingsMayDecide:
    def test_buy_or_rent_for_a_search_but_never_a_sellers_reading(self) -> None:
        offered = ConversationState(direction=Direction.BUY, direction_source=DirectionSource.AGENT_LISTINGS)
        assert inherited_direction(offered, Intent.RENTAL_SEARCH) is Direction.BUY
        assert inherited_direction(offered, Intent.SELL_PROPERTY) is None

    def test_the_prospects_own_direction_is_inherited_by_any_reading(self) -> None:
        stated = ConversationState(direction=Direction.SELL, direction_source=DirectionSource.PROSPECT)
        assert inherited_direction(stated, Intent.GENERAL_INQUIRY) is Direction.SELL


class TestWhoDecides:
    def test_a_spouse_in_the_decision_is_named(self) -> None:
        assert decision_makers(["my wife and i need to discuss it before we make any decision"]) == ["wife"]

    def test_spanish_family_who_must_see_it(self) -> None:
        texts = ["tengo que ensenarsela a mi esposo primero, el es el que va a firmar el prestamo"]
        assert decision_makers(texts) == ["esposo"]

    def test_a_spouse_mentioned_without_deciding_is_not(self) -> None:
        assert decision_makers(["wife is expecting, need a bigger place"]) == []


class TestAdvancingTheState:
    def test_a_follow_up_keeps_what_it_does_not_change(self) -> None:
        before = prior_state(["i'm looking to buy a house in fremont", "my husband has to see it too"], [])
        after = advance(
            before, "i need 2 baths", Intent.PROPERTY_SEARCH, Preferences(bathrooms=2), None, UrgencyLevel.LOW
        )
        assert after.direction is Direction.BUY
        assert after.decision_makers == ["husband"]
        assert after.prospect_turns == 3
        assert after.intent is Intent.PROPERTY_SEARCH

    def test_a_message_that_states_a_direction_changes_it(self) -> None:
        before = prior_state(["looking to rent in oakland"], [])
        after = advance(
            before, "actually we'd rather buy", Intent.PROPERTY_SEARCH, Preferences(), None, UrgencyLevel.LOW
        )
        assert (after.direction, after.direction_source) == (Direction.BUY, DirectionSource.PROSPECT)

    def test_an_earlier_emergency_is_remembered(self) -> None:
        before = prior_state(["we need a place asap"], [])
        after = advance(before, "ok", Intent.PROPERTY_SEARCH, Preferences(), None, UrgencyLevel.CRITICAL)
        assert after.emergency
