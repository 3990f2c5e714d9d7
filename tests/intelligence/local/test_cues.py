"""Explicit cues outrank an unsure classifier, and only when the prospect said the thing outright."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.domain.taxonomy import Motivation
from ghl_real_estate_ai.intelligence.local.classifier import Prediction
from ghl_real_estate_ai.intelligence.local.cues import motivation_override

# A coin flip between no motivation and a growing family, as the shipped heads read "wife is expecting".
UNSURE = Prediction(("none", "family_expansion", "upgrade"), (0.483, 0.481, 0.036))
SURE_UPGRADE = Prediction(("upgrade", "family_expansion", "none"), (0.82, 0.1, 0.08))


@pytest.mark.parametrize(
    "message",
    [
        "wife is expecting so we need more room",
        "we're expecting in March",
        "my partner is pregnant, need a 4 bed",
        "baby on the way, 3 bedrooms minimum",
        "mi esposa está embarazada y necesitamos más espacio",
        "viene un bebé, buscamos casa",
    ],
)
def test_a_baby_on_the_way_makes_an_unsure_reading_a_growing_family(message: str) -> None:
    said = motivation_override(message, UNSURE)
    assert said is not None and said.label is Motivation.FAMILY_EXPANSION
    assert said.probability == pytest.approx(0.517)


@pytest.mark.parametrize(
    "message",
    ["I'm expecting your call tomorrow", "we are expecting offers by Friday", "need more room for my office"],
)
def test_expecting_something_else_is_no_baby(message: str) -> None:
    assert motivation_override(message, UNSURE) is None


def test_a_sure_reading_is_not_overturned() -> None:
    assert motivation_override("wife is expecting and we want a bigger kitchen", SURE_UPGRADE) is None
