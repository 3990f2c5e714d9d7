"""The extractor's contract: whole messages in, accumulated preferences out."""

from __future__ import annotations

from datetime import date

from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.local.preferences import PreferenceExtractor
from tests.intelligence.local.preferences.support import Reader


def test_a_full_english_request(read: Reader) -> None:
    message = (
        "We're looking for a 3 bedroom house with a yard for our kids, ideally under $450k in Round Rock."
    )
    assert read(message, reference=date(2026, 1, 10)) == {
        "property_type": "single_family_home",
        "bedrooms": 3,
        "budget_max": 450_000,
        "locations": ["Round Rock"],
        "features": ["yard"],
    }


def test_a_full_spanish_request(read_es: Reader) -> None:
    message = (
        "Buenos días. Queremos comprar una casa de 4 recámaras en Phoenix, por Glendale o Peoria, "
        "hasta 400 mil. Ya estamos preaprobados 🙂 Nos gustaría mudarnos antes de noviembre"
    )
    assert read_es(message, reference=date(2025, 7, 1)) == {
        "property_type": "single_family_home",
        "bedrooms": 4,
        "budget_max": 400_000,
        "locations": ["Phoenix", "Glendale", "Peoria"],
        "timeline_months": 4,
        "preapproved": True,
    }


def test_a_message_without_preferences_gives_nothing(read: Reader) -> None:
    assert read("who is this and how did you get my number?") == {}
    assert read("STOP") == {}
    assert read("") == {}


def test_later_scalars_override_and_lists_union(read: Reader) -> None:
    slots = read(
        "4br in Sandy or Draper up to 650k, a pool would be nice",
        "3 bed is fine too, and a big yard. max 600k",
    )
    assert slots["bedrooms"] == 3
    assert slots["budget_max"] == 600_000
    assert slots["locations"] == ["Sandy", "Draper"]
    assert slots["features"] == ["pool", "yard"]


def test_agent_details_the_prospect_only_confirms_are_not_preferences(read: Reader) -> None:
    # The caller passes only the prospect's turns: a bare "yes" adds nothing.
    assert read("yes", "sounds good") == {}


def test_a_sellers_own_home_is_not_a_preference_but_their_timeline_is(read: Reader) -> None:
    message = "what would ours sell for? 5 bed 3 bath in Mesa with a pool. we plan to list by May"
    assert read(message, reference=date(2026, 1, 12)) == {"timeline_months": 4}


def test_the_result_is_a_preferences_model(extractor: PreferenceExtractor) -> None:
    result = extractor.extract(["2br condo in Miami"], date(2026, 1, 1), Language.EN)
    assert isinstance(result, Preferences)
    assert result.property_type == "condo"


def test_the_same_message_reads_the_same_every_time(extractor: PreferenceExtractor) -> None:
    texts = ["3 bed in Austin under 400k", "we're preapproved"]
    first = extractor.extract(texts, date(2026, 1, 1), Language.EN)
    second = extractor.extract(texts, date(2026, 1, 1), Language.EN)
    assert first == second
    assert first is not second  # a fresh model: callers may mutate it


def test_a_valuation_question_carries_over_to_the_details_that_follow(read: Reader) -> None:
    assert read("what's my house worth?", "It's a 4 bed 2 bath in Mesa with a pool") == {}
    assert read("we want to sell our place in Tulsa", "Looking for a 3 bed in Broken Arrow") == {
        "bedrooms": 3,
        "locations": ["Broken Arrow"],
    }


def test_a_terse_list_of_wants(read: Reader) -> None:
    assert read("looking for 3br house, $450k, Boise") == {
        "property_type": "single_family_home",
        "bedrooms": 3,
        "budget_max": 450_000,
        "locations": ["Boise"],
    }
    assert read("3 bed, 2 bath, 2800/mo, pets ok")["budget_period"] == "month"


def test_a_price_under_discussion_is_not_a_budget(read: Reader) -> None:
    assert read("saw it listed, 389k, is that fair?") == {}


def test_a_signature_is_not_a_place(read: Reader) -> None:
    assert read("Sounds good, send me more.", "Thanks, Tyler") == {}
