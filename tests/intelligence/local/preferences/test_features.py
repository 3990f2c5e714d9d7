"""Features from the closed list, their synonyms and negations, and deal breakers."""

from __future__ import annotations

import pytest

from tests.intelligence.local.preferences.support import Reader


@pytest.mark.parametrize(
    ("message", "feature"),
    [
        ("must have a big backyard", "yard"),
        ("4 bed with a 2 car garage", "garage"),
        ("a pool would be nice", "pool"),
        ("I work remotely so I need a dedicated office", "home_office"),
        ("a home office for WFH", "home_office"),
        ("3br with a finished basement", "basement"),
        ("a remodeled kitchen please", "updated_kitchen"),
        ("open floor plan please", "open_floor_plan"),
        ("a waterfront home on the gulf", "waterfront"),
        ("something with a lake view", "view"),
        ("top rated schools are a must", "good_schools"),
        ("we'd move to that county for the schools", "good_schools"),
        ("a ranch, no stairs please", "single_story"),
        ("single-level, my knees are bad", "single_story"),
        ("interested in new construction only", "new_construction"),
        ("no HOA if possible", "no_hoa"),
        ("landlord must allow dogs", "pet_friendly"),
        ("need a place for the dog", "pet_friendly"),
        ("covered parking is a must", "parking"),
        ("walkable to shops and cafes", "walkable"),
        ("somewhere on a quiet street", "quiet_street"),
        ("want at least half an acre", "large_lot"),
        ("wheelchair accessible please", "accessible"),
        ("solar panels would be great", "solar"),
    ],
)
def test_english_synonyms_map_to_the_closed_list(read: Reader, message: str, feature: str) -> None:
    assert feature in read(message)["features"]


@pytest.mark.parametrize(
    ("message", "features"),
    [
        ("Una casa de una planta con patio para los niños", {"single_story", "yard"}),
        ("que tenga cochera para tres carros", {"garage"}),
        ("Quiero una casa con alberca", {"pool"}),
        ("con piscina y oficina", {"pool", "home_office"}),
        ("algo de reciente construcción", {"new_construction"}),
        ("con vista al mar", {"view"}),
    ],
)
def test_spanish_synonyms_map_to_the_closed_list(read_es: Reader, message: str, features: set[str]) -> None:
    assert set(read_es(message)["features"]) == features


@pytest.mark.parametrize(
    "message",
    [
        "no pool please",
        "we don't need a garage",
        "We don't need a basement or a pool",
        "don't care about schools",
        "no necesitamos alberca",
        "a pool is not necessary",
    ],
)
def test_negated_features_are_not_features(read: Reader, message: str) -> None:
    assert read(message).get("features", []) == []


def test_a_negation_does_not_reach_past_a_contrast(read: Reader) -> None:
    assert read("We don't need a garage or a pool, just a decent yard")["features"] == ["yard"]


def test_a_firm_no_hoa_is_a_feature_and_a_deal_breaker(read: Reader) -> None:
    for message in ("absolutely no HOA", "big dogs, so NOT in an HOA", "No HOA! Budget around 475k"):
        slots = read(message)
        assert slots["features"] == ["no_hoa"]
        assert slots["deal_breakers"] == ["no HOA"]


def test_a_soft_no_hoa_is_only_a_feature(read: Reader) -> None:
    slots = read("garage, no HOA if possible")
    assert "no_hoa" in slots["features"]
    assert "deal_breakers" not in slots


def test_spanish_no_hoa(read_es: Reader) -> None:
    slots = read_es("no quiero HOA")
    assert (slots["features"], slots["deal_breakers"]) == (["no_hoa"], ["no HOA"])


@pytest.mark.parametrize(
    ("message", "deal_breaker"),
    [
        ("but NOT in a flood zone, we've been through that", "not in a flood zone"),
        ("anywhere decent, just not a flip", "not a flip"),
        ("we're not doing a fixer again", "no fixer-upper"),
        ("absolutely not near a highway", "not near a highway"),
        ("it's a deal breaker if it's on a busy road", "not on a busy road"),
        ("shared walls are a deal breaker", "no shared walls"),
    ],
)
def test_things_ruled_out_are_deal_breakers(read: Reader, message: str, deal_breaker: str) -> None:
    assert deal_breaker in read(message)["deal_breakers"]


def test_pet_owners_renting_need_a_pet_friendly_place(read: Reader, read_es: Reader) -> None:
    assert read("looking for a 1br apt, have a small dog")["features"] == ["pet_friendly"]
    assert read_es("Busco depa de una recámara, tengo un gato")["features"] == ["pet_friendly"]


def test_buyers_with_a_dog_need_no_permission(read: Reader) -> None:
    assert read("we have 3 dogs and want at least an acre")["features"] == ["large_lot"]


def test_asking_whether_a_listing_allows_pets_states_no_need(read: Reader) -> None:
    assert "features" not in read("Yes, thank you! Are pets allowed? What is the phone number?")
    assert read("Can you find me other apartments that allow pets?")["features"] == ["pet_friendly"]


def test_details_of_the_own_home_or_other_houses_are_not_features(read: Reader) -> None:
    assert "features" not in read("what's my place worth? 3 bed with a pool and a big yard")
    assert "features" not in read("the one on the corner WITH a pool sold for 470 last month")
    assert "features" not in read("we spent 40k on the kitchen and the backyard last year")


def test_place_names_are_not_features(read: Reader) -> None:
    assert "features" not in read("I want to live in Ocean View")
    assert "features" not in read("Ocean View or Riverside, under 350")
