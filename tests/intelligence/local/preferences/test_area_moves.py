"""Areas over a conversation: one new area moves the search, words of adding keep the earlier ones."""

from __future__ import annotations

from datetime import date

import pytest

from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.local.preferences import PreferenceExtractor

REFERENCE = date(2019, 6, 1)


def areas(*texts: str) -> list[str]:
    return PreferenceExtractor().extract(list(texts), REFERENCE, Language.EN).locations


class TestOneNewAreaMovesTheSearch:
    @pytest.mark.parametrize(
        "follow_up",
        [
            "Can you find some other apartment in San Jose?",
            "Is there something else? Maybe in San Jose?",
            "I'm looking for something else with two bed rooms and I would like to move to San Jose.",
        ],
    )
    def test_the_latest_area_is_searched(self, follow_up: str) -> None:
        assert areas("I need a 2 bedroom apartment in Fremont.", follow_up) == ["San Jose"]


class TestAreasAddedKeepTheEarlierOnes:
    def test_two_areas_named_together_add_to_the_first(self) -> None:
        found = areas("we want a house in Tempe", "anything in Mesa or Chandler closer to 2500?")
        assert found == ["Tempe", "Mesa", "Chandler"]

    def test_an_area_named_with_too_adds(self) -> None:
        found = areas("looking in Round Rock", "we'd look in Georgetown too")
        assert found == ["Round Rock", "Georgetown"]

    def test_a_state_is_where_the_areas_are_not_a_new_one(self) -> None:
        found = areas("we want a condo in Kendall", "is owning in Florida even realistic for us?")
        assert "Kendall" in found
