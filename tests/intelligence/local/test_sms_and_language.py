"""SMS spelling written out, and the language of short texts (issue 12)."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.local.language import conversation_language, detect_language
from ghl_real_estate_ai.intelligence.local.sms import normalize


class TestSmsSpelling:
    @pytest.mark.parametrize(
        ("typed", "written"),
        [
            ("3bd 2ba", "3 bed 2 bath"),
            ("4br house", "4 bed house"),
            ("need 4 bedrms", "need 4 bed"),
            ("call me tmrw", "call me tomorrow"),
            ("by EOY", "by end of the year"),
            ("before xmas", "before christmas"),
            ("nr the park w/ a pool", "near the park with a pool"),
            ("were pre aproved", "were preapproved"),
            ("1500/mo", "1500 a month"),
            ("five fifty max", "550 max"),
            ("about 4 hundred", "about 400"),
            ("the mid 3s", "the mid 300s"),
            ("fiveish is our max", "500ish is our max"),
            ("a townhose", "a townhouse"),
            ("need 3 hedrooms", "need 3 bedrooms"),
            ("sat works", "saturday works"),
            ("Sat works", "Saturday works"),
            ("how about fri?", "how about friday?"),
            ("this sun at 2", "this sunday at 2"),
            ("wed or thurs", "wednesday or thursday"),
            ("tues at 4", "tuesday at 4"),
        ],
    )
    def test_sms_spelling_is_written_out(self, typed: str, written: str) -> None:
        assert normalize(typed) == written

    @pytest.mark.parametrize(
        "text",
        [
            "call me at fiveish",
            "Katy TX",
            "U of A",
            "the horse barn",
            "Mowry Ave",
            # Day abbreviations that are also words stay words without a day word beside them.
            "lots of sun and a pool",
            "we sat down and talked",
            "the house sat on the market. we got married, wed last year",
        ],
    )
    def test_names_times_and_ordinary_words_stay_as_typed(self, text: str) -> None:
        assert normalize(text) == text


class TestLanguageOfShortTexts:
    @pytest.mark.parametrize(
        "text",
        ["Stop texting me. Remove me from your list", "ok sounds good, call me tmrw at 5", "no", "me too"],
    )
    def test_words_both_languages_share_do_not_make_english_spanish(self, text: str) -> None:
        assert detect_language(text) is Language.EN

    @pytest.mark.parametrize("text", ["sí", "vale, gracias", "no me interesa", "que no pase de 300 mil"])
    def test_short_spanish_is_spanish(self, text: str) -> None:
        assert detect_language(text) is Language.ES

    def test_an_undecided_reply_takes_the_prospects_language(self) -> None:
        assert conversation_language("ok", ["Buscamos casa de 3 recámaras"]) is Language.ES
        assert conversation_language("👍", [], ["¿Le mando opciones hoy?"]) is Language.ES
        assert conversation_language("ok", ["we need a 3 bed house"]) is Language.EN

    def test_spanglish_goes_to_the_language_most_words_are_in(self) -> None:
        assert (
            detect_language("hola, busco una casa with 3 bedrooms en Houston, presupuesto 300 mil")
            is Language.ES
        )
        assert detect_language("we need a house near the school, gracias") is Language.EN


def test_a_digit_and_spoken_tens_are_hundreds() -> None:
    assert normalize("I'd say 4 fifty max") == "I'd say 450 max"


@pytest.mark.parametrize(
    ("typed", "written"),
    [("budget around six fifty k", "budget around 650 k"), ("up to a million two", "up to 1.2 million")],
)
def test_spoken_prices_with_their_unit(typed: str, written: str) -> None:
    assert normalize(typed) == written
