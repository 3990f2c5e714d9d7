"""Deal breakers however people rule a thing out: before it, after it, 'without' it, in Spanish."""

from __future__ import annotations

import pytest

from tests.intelligence.local.preferences.support import Reader


class TestRuledOutBeforeTheThing:
    @pytest.mark.parametrize(
        ("message", "phrase"),
        [
            ("my knees are shot so I can't do stairs. 2 bed condo", "no stairs"),
            ("Zero interest in a fixer upper, we both work a lot", "no fixer-upper"),
            ("Don't show me anything with carpet, allergies", "no carpet"),
            ("no townhomes, we need our own yard", "no townhomes"),
            ("Nope on septic, city sewer only", "no septic"),
            ("we're not doing a two story again", "no two story"),
            ("nothing near the airport please, the noise", "not near the airport"),
            ("I refuse to live in a flood plain", "not in a flood plain"),
        ],
    )
    def test_a_rule_out_word_before_a_home_thing(self, read: Reader, message: str, phrase: str) -> None:
        assert phrase in read(message)["deal_breakers"]


class TestRuledOutAfterTheThing:
    @pytest.mark.parametrize(
        ("message", "phrase"),
        [
            ("Must have a garage. Anything on a busy road is out.", "not on a busy road"),
            ("HOAs are a hard no for us", "no HOA"),
            ("a pool is a no-go, we've got a toddler", "no pool"),
        ],
    )
    def test_a_verdict_after_a_home_thing(self, read: Reader, message: str, phrase: str) -> None:
        assert phrase in read(message)["deal_breakers"]

    def test_a_pool_ruled_out_is_no_wanted_pool(self, read: Reader) -> None:
        assert "pool" not in read("a pool is a no-go, 4 bed in Cypress").get("features", [])

    def test_hoa_ruled_out_is_also_the_no_hoa_feature(self, read: Reader) -> None:
        assert "no_hoa" in read("HOAs are a hard no for us")["features"]


class TestHomesWithoutSomething:
    def test_ruling_out_a_home_without_a_garage_wants_a_garage(self, read: Reader) -> None:
        slots = read("we won't consider anything without a garage, we have 2 trucks")
        assert slots["deal_breakers"] == ["no garage"]
        assert slots["features"] == ["garage"]

    def test_sin_x_no_rules_out_homes_lacking_it(self, read_es: Reader) -> None:
        slots = read_es("sin cochera no nos sirve, tenemos dos trocas")
        assert slots["deal_breakers"] == ["sin cochera"]
        assert "garage" in slots["features"]


class TestSpanish:
    @pytest.mark.parametrize(
        ("message", "phrase"),
        [
            ("nada de HOA por favor, casa en Laredo", "no HOA"),
            ("mi mamá ya no puede subir escaleras", "sin escaleras"),
            ("que no esté en una calle transitada, tenemos niños", "no en una calle transitada"),
            ("Queremos casa con alberca, sin alberca no", "sin alberca"),
        ],
    )
    def test_spanish_rule_outs(self, read_es: Reader, message: str, phrase: str) -> None:
        assert phrase in read_es(message)["deal_breakers"]


class TestNothingRuledOut:
    @pytest.mark.parametrize(
        "message",
        [
            "no rush, 3 bed in Kyle",
            "no thanks, not sure yet",
            "no HOA if possible, 3 bed in Hutto",  # softened: the feature, not a deal breaker
            "no stairs please, bad hip",  # asks for one level: the single_story feature
            "no pool needed, just a yard",  # lacking a nice thing is no rule
            "our HOA is a nightmare and we're selling",  # their own home
        ],
    )
    def test_no_deal_breaker(self, read: Reader, message: str) -> None:
        assert "deal_breakers" not in read(message)

    def test_a_reply_listed_to_the_deal_breaker_question_rules_each_thing_out(self, read: Reader) -> None:
        assert read("ruled out: HOA and stairs")["deal_breakers"] == ["no HOA", "no stairs"]


class TestMoreWaysOfRulingOut:
    @pytest.mark.parametrize(
        ("message", "phrase"),
        [
            ("must not be in a flood zone", "not in a flood zone"),
            ("it can't be near power lines", "not near power lines"),
            ("we hate stairs, one level only", "no stairs"),
            ("we won't do septic", "no septic"),
            ("nothing with a pool, too much work", "no pool"),
            ("anything near the train tracks is a no", "not near the train tracks"),
            ("hard pass on anything with an HOA", "no HOA"),
        ],
    )
    def test_english(self, read: Reader, message: str, phrase: str) -> None:
        assert phrase in read(message)["deal_breakers"]

    @pytest.mark.parametrize(
        ("message", "phrase"),
        [
            ("nada cerca de la carretera", "no cerca de la carretera"),
            ("que no tenga escaleras", "sin escaleras"),
            ("no queremos vivir cerca de las vias del tren", "no cerca de las vias del tren"),
        ],
    )
    def test_spanish(self, read_es: Reader, message: str, phrase: str) -> None:
        assert phrase in read_es(message)["deal_breakers"]

    def test_a_named_deal_breaker_is_reported_once(self, read: Reader) -> None:
        slots = read("HOA is a dealbreaker")
        assert [phrase.lower() for phrase in slots["deal_breakers"]] == ["no hoa"]
        assert slots["features"] == ["no_hoa"]

    def test_move_in_ready_is_no_place(self, read: Reader) -> None:
        assert "locations" not in read("no fixer uppers, we want move in ready")
