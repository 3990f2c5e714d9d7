"""Timeline: months until they want to move or transact, and the raw reading urgency uses."""

from __future__ import annotations

from datetime import date

import pytest

from ghl_real_estate_ai.intelligence.local.preferences import PreferenceExtractor, TimelineReading
from tests.intelligence.local.preferences.support import Reader

JAN_22 = date(2026, 1, 22)


@pytest.mark.parametrize(
    ("message", "reference", "months"),
    [
        ("we need to close by end of march", date(2026, 1, 22), 2),
        ("we hope to be listed by May", date(2026, 1, 12), 4),
        ("we plan to move sometime in october", date(2025, 6, 24), 4),
        ("our lease runs out oct 1", date(2026, 8, 3), 2),
        ("we must be out by july 31", date(2026, 5, 25), 2),
        ("want to be moved by mid july, before school", date(2026, 2, 15), 5),
        ("the lease ends in early july", date(2026, 3, 2), 4),
        ("we'd like to move by the end of the year", date(2026, 5, 30), 7),
        ("hoping to be settled by the end of summer", date(2026, 4, 20), 4),
        ("we need to be moved before christmas", date(2026, 8, 15), 4),
        ("no move until after graduation in june 2027", date(2026, 2, 10), 16),
        ("lease ends 6/30 so we need something by then", date(2026, 3, 10), 4),
    ],
)
def test_absolute_dates(read: Reader, message: str, reference: date, months: int) -> None:
    assert read(message, reference=reference)["timeline_months"] == months


@pytest.mark.parametrize(
    ("message", "months"),
    [
        ("the tenants leave in 2 months, then we sell", 2),
        ("my lease is over in 5 weeks", 1),
        ("need to move next month, a studio is fine", 1),
        ("we need to move by end of next month", 1),
        ("We want to close on something in the next 60 days", 2),
        ("we want it listed within a couple of months", 2),
    ],
)
def test_relative_dates(read: Reader, message: str, months: int) -> None:
    assert read(message, reference=JAN_22)["timeline_months"] == months


@pytest.mark.parametrize(
    ("message", "reference", "months"),
    [
        ("Queremos comprar en los próximos 3 meses", date(2025, 7, 28), 3),
        ("nos tenemos que mudar el 20 del próximo mes", date(2025, 7, 2), 2),
        ("Necesitamos mudarnos a finales del próximo mes", date(2026, 3, 24), 1),
        ("queremos mudarnos para navidad", date(2025, 10, 20), 2),
        ("Nos queremos mudar en diciembre", date(2026, 2, 23), 10),
        ("Queremos comprar en junio del próximo año", date(2026, 3, 10), 15),
        ("Tenemos hasta mediados de septiembre para salir", date(2026, 7, 21), 2),
    ],
)
def test_spanish_dates(read_es: Reader, message: str, reference: date, months: int) -> None:
    assert read_es(message, reference=reference)["timeline_months"] == months


@pytest.mark.parametrize(
    "message",
    [
        "we're moving to the coast in the spring",
        "we'd love to be in by next summer",
        "probably later this year",
        "maybe buying in a year or two",
        "vamos a vender el próximo año",
    ],
)
def test_vague_timelines_are_left_out(read: Reader, message: str) -> None:
    assert "timeline_months" not in read(message, reference=JAN_22)


@pytest.mark.parametrize(
    "message", ["need to move by the 15th", "we close in 2 weeks", "nos mudamos en 3 semanas"]
)
def test_timelines_under_a_month_are_left_out(read: Reader, message: str) -> None:
    assert "timeline_months" not in read(message, reference=JAN_22)


@pytest.mark.parametrize(
    "message",
    [
        "My uncle passed in March and left us the house",
        "we bought in 2021 for 380",
        "the one two doors down sold for 490 in march",
        "can we see it sunday?",
        "if it doesn't sell in 60 days we can talk",
        "I want to schedule a visit on April 9th",
    ],
)
def test_past_events_viewings_and_conditions_are_not_timelines(read: Reader, message: str) -> None:
    assert "timeline_months" not in read(message, reference=JAN_22)


def test_a_date_tied_to_the_move_wins_over_a_viewing(read: Reader) -> None:
    message = "we'd like to tour a few this weekend, 3br. the lease ends in early july"
    assert read(message, reference=date(2026, 3, 2))["timeline_months"] == 4


def test_a_later_loose_date_does_not_override_a_move_date(read_es: Reader) -> None:
    slots = read_es(
        "Queremos comprar antes de que empiece la escuela en agosto",
        "mi suegra viene de visita el próximo fin de semana",
        reference=date(2026, 6, 5),
    )
    assert slots["timeline_months"] == 2


def test_a_spanish_month_word_in_english_is_a_name(read: Reader) -> None:
    message = "I start at Mayo in Phoenix next month and need a rental"
    assert read(message, reference=date(2026, 9, 1))["timeline_months"] == 1


@pytest.mark.parametrize(
    ("message", "days", "vague"),
    [
        ("need a place ASAP", 0.0, False),
        ("Nos urge, ya", 0.0, False),
        ("we're moving in the spring", 83.0, True),
        ("in 3 months", 90.0, False),
    ],
)
def test_read_timeline_gives_days_and_vagueness(
    extractor: PreferenceExtractor, message: str, days: float, vague: bool
) -> None:
    assert extractor.read_timeline(message, JAN_22) == TimelineReading(days=days, vague=vague)


def test_read_timeline_is_none_without_a_date(extractor: PreferenceExtractor) -> None:
    assert extractor.read_timeline("3 bed in Austin please", JAN_22) is None


def test_no_rush_is_not_urgent(extractor: PreferenceExtractor) -> None:
    reading = extractor.read_timeline("We're thinking spring of next year, nothing urgent", JAN_22)
    assert reading is not None
    assert reading.vague
    assert reading.days > 365


def test_read_timeline_recognises_spanish_without_being_told(extractor: PreferenceExtractor) -> None:
    reading = extractor.read_timeline("Queremos mudarnos en diciembre a la casa nueva", date(2026, 3, 1))
    assert reading == TimelineReading(days=289.0, vague=False)


class TestOtherWritersDates:
    def test_next_weekday_said_on_a_monday_is_next_weeks(self, extractor: PreferenceExtractor) -> None:
        monday = date(2026, 5, 4)
        reading = extractor.read_timeline("next tuesday works", monday)
        assert reading is not None and reading.days == 8
        coming = extractor.read_timeline("tuesday works", monday)
        assert coming is not None and coming.days == 1

    def test_after_the_school_year_is_a_timeline(self, read: Reader) -> None:
        assert (
            read("We want to buy after the school year", reference=date(2026, 1, 19))["timeline_months"] == 4
        )

    def test_next_june_said_in_march_is_too_vague_for_months(self, read: Reader) -> None:
        assert "timeline_months" not in read("we want to move next june", reference=date(2026, 3, 2))

    def test_next_june_said_in_october_is_the_coming_june(self, read: Reader) -> None:
        assert read("we want to move next june", reference=date(2025, 10, 8))["timeline_months"] == 8

    def test_next_fall_said_in_early_fall_is_a_year_away(self, extractor: PreferenceExtractor) -> None:
        reading = extractor.read_timeline("not for a while, maybe next fall", date(2025, 10, 8))
        assert reading is not None and reading.days > 300
