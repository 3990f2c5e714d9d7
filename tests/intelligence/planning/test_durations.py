from __future__ import annotations

from datetime import timedelta

import pytest

from ghl_real_estate_ai.intelligence.planning.durations import parse_window


class TestParseWindow:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("PT4H", timedelta(hours=4)),
            ("pt30m", timedelta(minutes=30)),
            ("P2D", timedelta(days=2)),
            ("P1DT2H", timedelta(days=1, hours=2)),
            ("P1W", timedelta(weeks=1)),
            ("4h", timedelta(hours=4)),
            ("30m", timedelta(minutes=30)),
            ("2d", timedelta(days=2)),
        ],
    )
    def test_iso_and_short_forms_are_read(self, text: str, expected: timedelta) -> None:
        assert parse_window(text) == expected

    @pytest.mark.parametrize("text", ["", "P", "PT", "P1DT", "4 hours", "-4h", "PT4X", "soon"])
    def test_anything_else_is_refused_with_the_accepted_forms(self, text: str) -> None:
        with pytest.raises(ValueError, match="PT4H"):
            parse_window(text)

    @pytest.mark.parametrize("text", ["PT0H", "0m"])
    def test_a_zero_window_is_refused(self, text: str) -> None:
        with pytest.raises(ValueError, match="longer than zero"):
            parse_window(text)

    @pytest.mark.parametrize("text", ["P400D", "99999999999999d"])
    def test_a_window_beyond_a_year_is_refused(self, text: str) -> None:
        with pytest.raises(ValueError, match="366 days"):
            parse_window(text)
