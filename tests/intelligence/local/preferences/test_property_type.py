"""Property type, with the taxonomy's house / two-types / own-home conventions."""

from __future__ import annotations

import pytest

from tests.intelligence.local.preferences.support import Reader


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("looking for a 3 bed house near the university", "single_family_home"),
        ("4/2 SFH under 300k", "single_family_home"),
        ("a one story ranch in Sun City", "single_family_home"),
        ("1br condo in Lincoln Park", "condo"),
        ("maybe a townhome in Smyrna", "townhouse"),
        ("want to buy a triplex and live in one unit", "multi_family"),
        ("an apartment building, 8-12 units", "multi_family"),
        ("need a 2br apt in Fremont", "apartment"),
        ("Looking for raw land, 10 acres or more", "land"),
        ("any land zoned commercial around Conroe?", "land"),
        ("what cap rates are you seeing on NNN retail in Tulsa?", "commercial"),
        ("a double wide or any mobile home on a lot", "mobile_home"),
    ],
)
def test_english_type_words(read: Reader, message: str, kind: str) -> None:
    assert read(message)["property_type"] == kind


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Buscamos casa de 2 o 3 recámaras en Yuma", "single_family_home"),
        ("Busco casa en renta de 4 recámaras", "single_family_home"),
        ("Busco departamento de 1 recámara en Denver", "apartment"),
        ("Queremos comprar un dúplex en El Paso", "multi_family"),
        ("buscamos terreno de 2 acres en Texas", "land"),
    ],
)
def test_spanish_type_words(read_es: Reader, message: str, kind: str) -> None:
    assert read_es(message)["property_type"] == kind


def test_two_types_named_as_alternatives_leave_the_type_out(read: Reader) -> None:
    assert "property_type" not in read("I'd like a townhome or condo in Alexandria VA under 500k")
    assert "property_type" not in read("duplexes or a condo, whatever cash flows")


def test_the_same_type_named_twice_is_still_that_type(read: Reader) -> None:
    assert read("triplexes or fourplexes in Toledo")["property_type"] == "multi_family"


def test_the_next_home_wins_over_the_one_they_leave(read: Reader, read_es: Reader) -> None:
    assert read("we're moving up from our condo to a real house with a garage")["property_type"] == (
        "single_family_home"
    )
    assert read("selling the townhouse in Irvine and buying a house with a pool")["property_type"] == (
        "single_family_home"
    )
    assert read_es("queremos vender nuestro departamento y comprar una casa más grande")["property_type"] == (
        "single_family_home"
    )


@pytest.mark.parametrize(
    "message",
    [
        "Can you show us the house on Walnut Ave tomorrow?",
        "how much house does 250k buy these days?",
        "I never asked anyone about buying a house. remove me",
        "you want a deposit before you even show me the apartment?",
        "Tengo dudas de cómo funciona lo de comprar casa aquí",
        "looking in salt lake or sugar house for a few months",
        "My credit is 620, can I still buy a house?",
        "520 for a house that needs a new roof? no thanks",
        "I'm looking for an ADU or guest house to rent",
    ],
)
def test_a_house_mentioned_without_asking_for_one_is_no_type(read: Reader, message: str) -> None:
    assert "property_type" not in read(message)


def test_place_names_are_not_types(read: Reader) -> None:
    assert "property_type" not in read("looking in Lakewood Ranch or Highlands Ranch")


@pytest.mark.parametrize(
    "message",
    [
        "we're looking at houses in Cedar Park",
        "We'd like to move next March. House with a yard in Buda",  # a sentence's first word is no name
        "no townhomes, we want a detached house",
    ],
)
def test_houses_searched_for_as_other_writers_say_it(read: Reader, message: str) -> None:
    assert read(message)["property_type"] == "single_family_home"


@pytest.mark.parametrize(
    "message", ["houses in this area sell fast", "i was just looking at houses for fun, not buying"]
)
def test_houses_talked_about_are_no_type(read: Reader, message: str) -> None:
    assert "property_type" not in read(message)
