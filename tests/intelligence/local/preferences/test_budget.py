"""Budgets as people write them, in dollars, with the taxonomy's conventions."""

from __future__ import annotations

import pytest

from tests.intelligence.local.preferences.support import Reader


@pytest.mark.parametrize(
    ("message", "maximum"),
    [
        ("looking for a condo under $450k", 450_000),
        ("something under 450,000 please", 450_000),
        ("2 bed townhome, 385 max", 385_000),
        ("we were thinking around 610", 610_000),
        ("up to 500k for the right place", 500_000),
        ("~725k, 5 bed", 725_000),
        ("anything under half a mil", 500_000),
        ("budget is 1.2 million", 1_200_000),
        ("up to two point five million, ocean view", 2_500_000),
        ("what could we get for 275k around Dayton?", 275_000),
        ("sub 500k please", 500_000),
    ],
)
def test_a_single_figure_with_a_budget_word_sets_only_the_maximum(
    read: Reader, message: str, maximum: int
) -> None:
    slots = read(message)
    assert slots["budget_max"] == maximum
    assert "budget_min" not in slots
    assert "budget_period" not in slots


def test_under_500_for_a_home_means_500_thousand(read: Reader) -> None:
    assert read("3 bed house in Tulsa under 500")["budget_max"] == 500_000


def test_mid_400s_is_a_range_of_425k_to_475k(read: Reader) -> None:
    slots = read("our budget is mid 400s")
    assert (slots["budget_min"], slots["budget_max"]) == (425_000, 475_000)


def test_low_300s_is_300k_to_335k_and_high_500s_is_565k_to_600k(read: Reader) -> None:
    low = read("two bedrooms, low 300s")
    high = read("five bed, high 500s")
    assert (low["budget_min"], low["budget_max"]) == (300_000, 335_000)
    assert (high["budget_min"], high["budget_max"]) == (565_000, 600_000)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("between 350 and 400k", (350_000, 400_000)),
        ("3br+ in Tacoma, 480-520ish", (480_000, 520_000)),
        ("budget 700-750", (700_000, 750_000)),
        ("$600K-$700K near the lake", (600_000, 700_000)),
        ("around 550-600", (550_000, 600_000)),
        ("2 bed, parking is a must, 400-450", (400_000, 450_000)),
    ],
)
def test_a_range_sets_both_ends(read: Reader, message: str, expected: tuple[int, int]) -> None:
    slots = read(message)
    assert (slots["budget_min"], slots["budget_max"]) == expected


@pytest.mark.parametrize(
    ("message", "maximum"),
    [
        ("1br apt under 2k/mo", 2000),
        ("Up to $1,800 a month", 1800),
        ("duplex unit for rent, 2400 max", 2400),
        ("want a house to rent in Provo around 2100", 2100),
        ("can pay up to $1,650/month, I have a cat", 1650),
        ("under a grand a month", 1000),
    ],
)
def test_a_monthly_rent_stays_monthly(read: Reader, message: str, maximum: int) -> None:
    slots = read(message)
    assert slots["budget_max"] == maximum
    assert slots["budget_period"] == "month"


def test_a_monthly_range_keeps_both_ends_monthly(read: Reader) -> None:
    slots = read("Budget: $2,000-$2,300/month. 2 br.")
    assert (slots["budget_min"], slots["budget_max"], slots["budget_period"]) == (2000, 2300, "month")


def test_a_cap_someone_else_insists_on_is_a_budget(read: Reader) -> None:
    assert read("my wife says we can't go over 390")["budget_max"] == 390_000


def test_over_a_figure_being_tight_is_a_cap(read: Reader) -> None:
    assert read("honestly anything over 410 is gonna be tight for us")["budget_max"] == 410_000


def test_a_pre_approval_amount_is_not_a_budget(read: Reader) -> None:
    assert "budget_max" not in read("We got pre-approved for $450,000 with our credit union")
    assert read("Our lender approved us up to 600k but we'd rather stay around 500k")["budget_max"] == 500_000


@pytest.mark.parametrize(
    "message",
    [
        "we earn about 95k a year and have 20k saved",
        "I've got roughly 300k in cash sitting in savings",
        "the monthly payment can't be more than 2500",
        "right now we pay 1700 in rent",
        "the one down the street sold for 490 in march",
        "asking price is 450 but we'd offer 430",
        "a $50 processing fee? no thanks",
        "ping me if rates get under 5.5",
        "a 3/2 that should rent for 1900+",
    ],
)
def test_income_savings_payments_fees_rates_and_prices_are_not_budgets(read: Reader, message: str) -> None:
    slots = read(message)
    assert "budget_max" not in slots
    assert "budget_min" not in slots


def test_a_later_budget_replaces_the_earlier_one_whole(read: Reader) -> None:
    slots = read("between 350 and 400k", "actually we can go up to 450k")
    assert slots["budget_max"] == 450_000
    assert "budget_min" not in slots


@pytest.mark.parametrize(
    ("message", "maximum"),
    [
        ("Presupuesto máximo de 350 mil dólares", 350_000),
        ("hasta 300 mil dólares", 300_000),
        ("Buscamos casa en Tucson, hasta 410 mil", 410_000),
        ("mi presupuesto es medio millón", 500_000),
        ("podemos pagar hasta cuatrocientos mil", 400_000),
        ("Busco algo de 250 mil más o menos", 250_000),
    ],
)
def test_spanish_home_budgets(read_es: Reader, message: str, maximum: int) -> None:
    assert read_es(message)["budget_max"] == maximum


def test_spanish_ranges_and_rents(read_es: Reader) -> None:
    home = read_es("Presupuesto de 260 a 310 mil")
    rent = read_es("2 recámaras, entre 1,500 y 1,900 al mes")
    assert (home["budget_min"], home["budget_max"]) == (260_000, 310_000)
    assert (rent["budget_min"], rent["budget_max"], rent["budget_period"]) == (1500, 1900, "month")


def test_spanish_income_and_down_payment_are_not_budgets(read_es: Reader) -> None:
    slots = read_es("Ahorramos 30 mil para el enganche, máximo 280 mil. Mi esposa gana como 4 mil al mes")
    assert slots["budget_max"] == 280_000
