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


class TestAskingAboutAListingStatesNoNeed:
    @pytest.mark.parametrize(
        "question",
        [
            "Is the apartment furnished? Can I have pets in it?",
            "Is the apartment furnished and are any pets allowed?",
            "do you know if these apartments allow pets?",
            "Yes, thats good, please also confirm about pets allowed or not and get me contact details.",
        ],
    )
    def test_a_question_about_pets_is_no_pet_friendly_wish(self, question: str) -> None:
        found = PreferenceExtractor().extract([question], REFERENCE, Language.EN)
        assert "pet_friendly" not in found.features

    def test_asking_for_places_that_allow_pets_is_one(self) -> None:
        found = PreferenceExtractor().extract(
            ["Any apartments that allow pets in Fremont?"], REFERENCE, Language.EN
        )
        assert "pet_friendly" in found.features
