"""Place names as written: cities, neighbourhoods, zips, school districts and counties."""

from __future__ import annotations

import pytest

from tests.intelligence.local.preferences.support import Reader


@pytest.mark.parametrize(
    ("message", "locations"),
    [
        ("3br in Sandy or Draper up to 600k", ["Sandy", "Draper"]),
        ("2 bed house near ASU", ["ASU"]),
        ("a small house in Ames IA", ["Ames IA"]),
        ("something in Columbus, Ohio under 250", ["Columbus"]),
        ("Looking in the North Valley in Phoenix", ["North Valley", "Phoenix"]),
        ("mostly Cedar Park and Leander, 4br", ["Cedar Park", "Leander"]),
        ("I am looking for an apartment in Bullhead City.", ["Bullhead City"]),
        ("Interested in 55+ communities in The Villages", ["The Villages"]),
        ("prefer suburbs like Plano, Allen, or Frisco", ["Plano", "Allen", "Frisco"]),
        ("what about Lakeway? we like that area", ["Lakeway"]),
    ],
)
def test_capitalised_places_after_a_preposition_and_their_lists(
    read: Reader, message: str, locations: list[str]
) -> None:
    assert read(message)["locations"] == locations


@pytest.mark.parametrize(
    ("message", "locations"),
    [
        ("need a house in cedar park or leander", ["cedar park", "leander"]),
        ("1br condo in lincoln park or old town, walkable", ["lincoln park", "old town"]),
        ("house in ft myers or cape coral, 3 bed", ["ft myers", "cape coral"]),
        ("yes still looking in philly. 2 bed ideally", ["philly"]),
        ("anything in tempe or gilbert closer to 2000?", ["tempe", "gilbert"]),
        ("lookin for a 3bd 2ba in n. austin", ["n. austin"]),
    ],
)
def test_lowercase_places_are_read_up_to_the_first_ordinary_word(
    read: Reader, message: str, locations: list[str]
) -> None:
    assert read(message)["locations"] == locations


@pytest.mark.parametrize(
    ("message", "locations"),
    [
        ("in the Eanes school district if we can", ["Eanes school district"]),
        ("Looking for a 4 bedroom in Plano ISD", ["Plano ISD"]),
        ("kids matter most. we want leander ISD", ["leander ISD"]),
        ("want to be in hamilton county for the schools", ["hamilton county"]),
        ("Salt Lake City area, low maintenance", ["Salt Lake City"]),
        ("we like carmel/zionsville type areas", ["carmel", "zionsville"]),
        ("deep ellum or lower greenville area, under 375", ["deep ellum", "lower greenville"]),
    ],
)
def test_place_nouns_mark_districts_counties_and_areas(
    read: Reader, message: str, locations: list[str]
) -> None:
    assert read(message)["locations"] == locations


def test_zip_codes(read: Reader) -> None:
    assert read("anything under 250 in 46201 or 46203?")["locations"] == ["46201", "46203"]
    assert read("4 bed 3.5 bath in Austin TX 78704")["locations"] == ["Austin TX", "78704"]


def test_alternatives_without_a_preposition(read: Reader) -> None:
    assert read("2 bed is plenty. Boulder or Longmont.")["locations"] == ["Boulder", "Longmont"]
    assert read("garage, fort collins or loveland, no HOA")["locations"] == ["fort collins", "loveland"]


@pytest.mark.parametrize(
    ("message", "locations"),
    [
        ("I am liking fremont", ["fremont"]),
        ("we really like sunnyvale", ["sunnyvale"]),
        ("I prefer austin", ["austin"]),
        ("wife loves napa", ["napa"]),
    ],
)
def test_a_known_place_the_prospect_likes_is_chosen(read: Reader, message: str, locations: list[str]) -> None:
    assert read(message)["locations"] == locations


@pytest.mark.parametrize("message", ["I like it", "we love the kitchen", "I'd like something bigger"])
def test_a_liking_for_no_place_names_none(read: Reader, message: str) -> None:
    assert "locations" not in read(message)


def test_a_bare_answer_that_is_a_known_place(read: Reader) -> None:
    assert read("Sacramento.")["locations"] == ["Sacramento"]
    assert "locations" not in read("Terrific.")


@pytest.mark.parametrize(
    ("message", "locations"),
    [
        ("Buscamos casa en Tempe o Mesa, hasta 420 mil", ["Tempe", "Mesa"]),
        ("Por el Westside en San Antonio, con cochera", ["Westside", "San Antonio"]),
        ("de preferencia por Cicero o Berwyn", ["Cicero", "Berwyn"]),
        ("cerca de Northside ISD", ["Northside ISD"]),
        ("Algo de 2 recámaras por la zona de Pasadena", ["Pasadena"]),
        ("departamento cerca de downtown Miami", ["downtown Miami"]),
        ("nos mudamos a Phoenix en agosto por trabajo", ["Phoenix"]),
    ],
)
def test_spanish_places(read_es: Reader, message: str, locations: list[str]) -> None:
    assert read_es(message)["locations"] == locations


@pytest.mark.parametrize(
    "message",
    [
        "We're thinking of selling our house in Tulsa",
        "we can't buy until our condo in Reston sells",
        "we rent in Hoboken and pay 3100 for a 1br",
        "My brother is a realtor in Denver so we'll use him.",
        "know any good inspectors around Reno?",
        "Could we do a video tour since we're still in Japan?",
        "My parents live in Naples",
        "We currently live in San Diego",
        "moving out here from NJ",
        "quiero vender mi casa en Laredo",
    ],
)
def test_places_that_are_not_wanted(read: Reader, message: str) -> None:
    assert "locations" not in read(message)


def test_a_move_from_one_place_to_another_wants_the_destination(read: Reader) -> None:
    assert read("We're moving from Chicago to Tampa next month")["locations"] == ["Tampa"]


def test_ordinary_words_after_in_are_not_places(read: Reader) -> None:
    message = "move in mid august, paying in cash, in the area, interested in scheduling a visit in 2 weeks"
    assert "locations" not in read(message)


def test_locations_accumulate_over_the_conversation(read: Reader) -> None:
    slots = read("need a 2 bed house for rent in Ogden", "anything in Layton or Roy?")
    assert slots["locations"] == ["Ogden", "Layton", "Roy"]


class TestOtherWritersPlaces:
    def test_an_event_after_a_time_word_is_no_place(self, read: Reader) -> None:
        assert read("I refuse to live in a flood plain after Harvey. 3 bed in Katy")["locations"] == ["Katy"]

    def test_a_lenders_name_before_a_place_tail_is_a_place(self, read: Reader) -> None:
        assert read("Wells Branch or Anderson Mill, mid 4s")["locations"] == ["Wells Branch", "Anderson Mill"]

    @pytest.mark.parametrize("message", ["want a 2 bed condo downtown ~350k", "looking for a loft uptown"])
    def test_the_centre_named_after_the_home_wanted(self, read: Reader, message: str) -> None:
        assert read(message)["locations"] in (["downtown"], ["uptown"])

    def test_downtown_without_a_home_before_it_is_not_read(self, read: Reader) -> None:
        assert "locations" not in read("we went downtown for dinner")
