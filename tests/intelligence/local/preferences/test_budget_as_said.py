"""Budgets in the words other writers use: spoken figures with a cue, ranges after a cue, Spanish caps."""

from __future__ import annotations

import pytest

from tests.intelligence.local.preferences.support import Reader


@pytest.mark.parametrize(
    ("message", "minimum", "maximum"),
    [
        ("thinking 350 to 400 for a starter house", 350000, 400000),  # a cue before the range
        ("Our number is 620k all in", None, 620000),
        ("we can stretch to 600 if it's in Bee Cave", None, 600000),
        ("our ceiling is $725K", None, 725000),
    ],
)
def test_budget_words_before_and_after_a_figure(
    read: Reader, message: str, minimum: int | None, maximum: int
) -> None:
    slots = read(message)
    assert slots.get("budget_min") == minimum
    assert slots["budget_max"] == maximum


def test_could_do_a_monthly_figure_is_a_rent(read: Reader) -> None:
    slots = read("Could do 2.5k a month for a 3 bed rental")
    assert (slots["budget_max"], slots["budget_period"]) == (2500, "month")


def test_a_thousands_comma_does_not_split_a_listed_rent(read: Reader) -> None:
    slots = read("Need to be moved in by mid June, 2 bed apt near UT, $1,600 a month")
    assert (slots["budget_max"], slots["budget_period"]) == (1600, "month")


def test_a_listing_price_in_a_sentence_of_its_own_is_no_budget(read: Reader) -> None:
    assert "budget_max" not in read("Unit features: Patio, Dishwasher. Pets under 30 lbs. $1,650 a month.")


@pytest.mark.parametrize(
    ("message", "maximum"),
    [
        ("que no pase de los 1,800 al mes, un depa en McAllen", 1800),
        ("Lo máximo que podemos pagar son 350 mil", 350000),
    ],
)
def test_spanish_caps(read_es: Reader, message: str, maximum: int) -> None:
    assert read_es(message)["budget_max"] == maximum


def test_a_range_before_the_word_range(read: Reader) -> None:
    slots = read("somewhere in the 400 to 450 range")
    assert (slots["budget_min"], slots["budget_max"]) == (400000, 450000)


@pytest.mark.parametrize(
    ("message", "maximum"),
    [
        ("no queremos pasar de 400 mil", 400000),
        ("que no cueste más de 350 mil", 350000),
        ("presupuesto como de 250", 250000),
    ],
)
def test_more_spanish_caps(read_es: Reader, message: str, maximum: int) -> None:
    assert read_es(message)["budget_max"] == maximum


def test_what_we_can_give_a_month_is_a_rent(read_es: Reader) -> None:
    slots = read_es("lo más que podemos dar son 1,200 al mes")
    assert (slots["budget_max"], slots["budget_period"]) == (1200, "month")
