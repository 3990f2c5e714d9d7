from __future__ import annotations

import pytest

from ghl_real_estate_ai.intelligence.qualification import cues


class TestContactArea:
    @pytest.mark.parametrize(
        ("message", "channel"),
        [
            ("Text me, that's easiest", "text"),
            ("Best to call me after work", "call"),
            ("Email is best", "email"),
            ("Prefiero por mensaje", "text"),
            ("Mejor por correo", "email"),
            ("We'll call the bank tomorrow", None),
        ],
    )
    def test_the_preferred_channel(self, message: str, channel: str | None) -> None:
        assert cues.preferred_contact(message) == channel

    def test_availability_windows(self) -> None:
        assert cues.availability("evenings after 6 and weekends") == ["evenings", "weekends"]
        assert cues.availability("Por las tardes entre semana") == ["afternoons", "weekdays"]

    @pytest.mark.parametrize(
        ("message", "who"),
        [
            ("My wife and I decide together", "joint"),
            ("my husband has to see it too", "joint"),
            ("Just me, I decide", "sole"),
            ("Mi esposa y yo decidimos juntos", "joint"),
            ("Solo yo", "sole"),
            ("Sounds good", None),
        ],
    )
    def test_the_decision_maker(self, message: str, who: str | None) -> None:
        assert cues.decision_maker(message) == who


class TestOtherCues:
    def test_down_payments_as_people_state_them(self) -> None:
        assert cues.down_payment("putting 20% down") == "20%"
        assert cues.down_payment("we have $60k down") == "60000"
        assert cues.down_payment("down payment of about 15%") == "15%"
        assert cues.down_payment("tenemos 10% de enganche") == "10%"
        assert cues.down_payment("3 bedrooms") is None

    def test_timing_flexibility(self) -> None:
        assert cues.flexibility("the date is firm") == "fixed"
        assert cues.flexibility("no rush at all") == "flexible"
        assert cues.flexibility("somos flexibles") == "flexible"

    def test_the_reason_for_moving(self) -> None:
        assert cues.reason_for_moving("We're moving because our family is growing") == "our family is growing"
        assert cues.reason_for_moving("ok thanks") is None
