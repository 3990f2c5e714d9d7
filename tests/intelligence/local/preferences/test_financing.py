"""Pre-approval, cash and selling first: true, false, or not stated."""

from __future__ import annotations

import pytest

from tests.intelligence.local.preferences.support import Reader


@pytest.mark.parametrize(
    ("message", "value"),
    [
        ("we're preapproved with our bank", True),
        ("just got preapproved this morning!", True),
        ("We are pre-approved for $380,000", True),
        ("Ya tenemos la pre-aprobación", True),
        ("estamos preaprobados con el banco", True),
        ("not preapproved yet, still talking to lenders", False),
        ("we plan to get preapproved after tax season", False),
        ("Todavía no estamos preaprobados", False),
    ],
)
def test_preapproval(read: Reader, message: str, value: bool) -> None:
    assert read(message)["preapproved"] is value


def test_asking_about_preapproval_states_nothing(read: Reader) -> None:
    assert "preapproved" not in read("¿Qué papeles piden para precalificar?")


@pytest.mark.parametrize(
    ("message", "value"),
    [
        ("cash buyer, can close in two weeks", True),
        ("We will be paying cash.", True),
        ("I have roughly 300k in cash", True),
        ("Tenemos 200 mil en efectivo", True),
        ("Vamos a pagar de contado", True),
        ("Looking for a duplex in Akron. Cash. Under $150k", True),
        ("3 units or more, cash flowing, up to 500k cash", True),
        ("We can't pay cash, we'll need a mortgage", False),
    ],
)
def test_cash_buyer(read: Reader, message: str, value: bool) -> None:
    assert read(message)["cash_buyer"] is value


def test_asking_whether_cash_is_required_states_nothing(read: Reader) -> None:
    assert "cash_buyer" not in read("¿Puedo sacar un préstamo o tengo que pagar todo en efectivo?")


@pytest.mark.parametrize(
    "message",
    [
        "We would have to sell ours first.",
        "we can't buy anything until our condo in Reston sells",
        "we need to sell our current house first before we can buy",
        "Tenemos que vender nuestra casa primero antes de comprar otra",
    ],
)
def test_having_to_sell_first(read: Reader, message: str) -> None:
    assert read(message)["needs_to_sell_first"] is True


def test_asking_whether_to_sell_first_states_nothing(read: Reader) -> None:
    assert "needs_to_sell_first" not in read("do I have to sell my current house before I can buy?")


def test_not_having_to_sell_first(read: Reader) -> None:
    assert read("we don't need to sell first, we're renting")["needs_to_sell_first"] is False
