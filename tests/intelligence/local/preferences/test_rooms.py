"""Bedrooms and bathrooms: the minimum the prospect wants."""

from __future__ import annotations

import pytest

from tests.intelligence.local.preferences.support import Reader


@pytest.mark.parametrize(
    ("message", "bedrooms"),
    [
        ("looking for a 3 bedroom house", 3),
        ("three bed, nothing fancy", 3),
        ("we'd like a 2br near the river", 2),
        ("2bd/1ba apartment near campus", 2),
        ("a single bed is all she needs, 1 bed", 1),
        ("we need 4 real bedrooms, not a den", 4),
        ("6 bedrooms total for the whole family", 6),
        ("I want three bed rooms.", 3),
        ("a five bedroom in Knoxville", 5),
        ("a house with 3 rooms in Fresno", 3),
    ],
)
def test_bedroom_counts_in_digits_and_words(read: Reader, message: str, bedrooms: int) -> None:
    assert read(message)["bedrooms"] == bedrooms


@pytest.mark.parametrize(
    ("message", "bedrooms"),
    [("2-3 bed", 2), ("3-4 br", 3), ("three or four bedroom ranch", 3), ("4br+", 4), ("3+ bed", 3)],
)
def test_a_range_or_a_plus_means_the_minimum(read: Reader, message: str, bedrooms: int) -> None:
    assert read(message)["bedrooms"] == bedrooms


@pytest.mark.parametrize(
    ("message", "bedrooms", "bathrooms"),
    [("a 3/2 in Temple", 3, 2), ("5/3.5 minimum", 5, 3.5), ("3 BR/2 BA in zip 78745", 3, 2)],
)
def test_slash_shorthand_gives_bedrooms_and_bathrooms(
    read: Reader, message: str, bedrooms: int, bathrooms: float
) -> None:
    slots = read(message)
    assert (slots["bedrooms"], slots["bathrooms"]) == (bedrooms, bathrooms)


@pytest.mark.parametrize(
    ("message", "bathrooms"),
    [
        ("2.5 baths", 2.5),
        ("two and a half baths", 2.5),
        ("a 2 1/2 bath house", 2.5),
        ("3+ baths", 3),
        ("I need at least 3 bathrooms", 3),
    ],
)
def test_bathrooms_allow_halves(read: Reader, message: str, bathrooms: float) -> None:
    assert read(message)["bathrooms"] == bathrooms


def test_one_bed_and_bath_sets_both(read: Reader) -> None:
    slots = read("Just one bed and bath.")
    assert (slots["bedrooms"], slots["bathrooms"]) == (1, 1)


def test_an_extra_ordinal_bedroom_sets_the_count(read: Reader) -> None:
    assert read("2 bed in Salem", "her dad moves in with us, so we need a third bedroom")["bedrooms"] == 3


@pytest.mark.parametrize(
    ("message", "bedrooms", "bathrooms"),
    [
        ("buscamos mínimo 3 recámaras y 2 baños", 3, 2),
        ("Queremos una casa de cuatro recámaras y tres baños", 4, 3),
        ("un departamento de 1 habitación", 1, None),
        ("casa de 2 o 3 recámaras", 2, None),
        ("casa de 3 recámaras y 2 baños y medio", 3, 2.5),
        ("una casa de 3 cuartos", 3, None),
    ],
)
def test_spanish_rooms(read_es: Reader, message: str, bedrooms: int, bathrooms: float | None) -> None:
    slots = read_es(message)
    assert slots["bedrooms"] == bedrooms
    assert slots.get("bathrooms") == bathrooms


def test_the_own_home_rooms_are_not_a_preference(read: Reader, read_es: Reader) -> None:
    assert "bedrooms" not in read("what could ours sell for? it's a 5 bed 3 bath with a pool")
    assert "bedrooms" not in read_es("Mi casa tiene 3 recámaras y 2 baños, ¿cuánto vale?")


def test_the_price_of_some_other_unit_is_not_a_preference(read: Reader) -> None:
    assert "bedrooms" not in read("they want $2,100 for a 1 bed downtown, crazy")


def test_people_and_pets_are_not_rooms(read: Reader) -> None:
    assert read("we have 3 kids and 2 cats") == {}


def test_a_later_count_replaces_the_earlier_one(read: Reader) -> None:
    assert read("looking for 3br in Boise", "actually make it 4 bedrooms")["bedrooms"] == 4


@pytest.mark.parametrize(
    ("message", "rooms"),
    [
        ("It should have 2 bed rooms and baths.", 2),
        ("I want an apartment with three bedrooms and baths", 3),
        ("a 3 bed and bath", 3),
        ("4 bedrooms & bathrooms", 4),
    ],
)
def test_one_count_before_beds_and_baths_counts_both(read: Reader, message: str, rooms: int) -> None:
    slots = read(message)
    assert (slots["bedrooms"], slots["bathrooms"]) == (rooms, rooms)


@pytest.mark.parametrize(
    ("message", "bedrooms", "bathrooms"),
    [("3 bed rooms 2 baths", 3, 2), ("I need 3 bed rooms and 2 bath rooms", 3, 2)],
)
def test_rooms_spelt_as_two_words_keep_their_own_counts(
    read: Reader, message: str, bedrooms: int, bathrooms: int
) -> None:
    slots = read(message)
    assert (slots["bedrooms"], slots["bathrooms"]) == (bedrooms, bathrooms)
