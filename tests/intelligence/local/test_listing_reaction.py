"""What a reply judges: the listing the agent sent, a property it names, or nothing yet."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.intelligence.local.listing_reaction import (
    doubts_owning_costs,
    judges_something,
    offers_listing,
    rejects_offered_listing,
)

SENT = "check out 402 maple dr, 3/2, $350k"


class TestListingRejections:
    @pytest.mark.parametrize(
        "reply",
        [
            "not feeling that one, the layout is weird",
            "the price is fine but it backs right up to the highway, no thanks",
            "no me convence, esta muy lejos de mi trabajo",
            "the neighborhood looks sketchy",
            "not our style tbh",
            "no, queda en una avenida muy transitada",
        ],
    )
    def test_turning_down_the_home_sent_is_a_rejection(self, reply: str) -> None:
        assert rejects_offered_listing(reply, SENT)

    def test_judging_its_price_is_not_a_fit_rejection(self) -> None:
        assert not rejects_offered_listing("way too expensive for that area, pass", SENT)

    def test_no_listing_sent_no_rejection(self) -> None:
        assert not rejects_offered_listing("nah, not feeling it", "when would you like to talk?")

    def test_a_value_report_for_their_own_address_is_no_listing(self) -> None:
        assert not offers_listing("you requested a free home value report for 918 birch st")


class TestSomethingToJudge:
    @pytest.mark.parametrize(
        "message",
        [
            "my knees are shot so i can't do stairs. 2 bed condo in sun city under 300",
            "it has to be single story",
        ],
    )
    def test_a_search_with_its_requirements_judges_nothing(self, message: str) -> None:
        assert not judges_something(message, [])

    @pytest.mark.parametrize(
        "message",
        [
            "the yard is tiny",
            "$1,950 for a 1 bed w no parking",
            "the apex one is 2 stories",
            "the houses we have seen are all too small",
            "we looked at a few last weekend but they were all tiny",
            "everything in round rock is so overpriced right now",
        ],
    )
    def test_a_named_property_or_price_is_judged(self, message: str) -> None:
        assert judges_something(message, [])

    def test_a_listing_sent_earlier_is_judged(self) -> None:
        assert judges_something("way too small", ["here are 3 new listings in summerlin"])


def test_harsh_property_taxes_doubt_paying() -> None:
    assert doubts_owning_costs("property taxes there are brutal")
    assert not doubts_owning_costs("what are the property taxes there?")
