"""Agent tokens: signed, expiring, bound to one agent and one location."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ghl_real_estate_ai.security.agent_tokens import AgentTokens, ExpiredAgentToken, InvalidAgentToken

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


class PinnedClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class TestAgentTokens:
    def test_a_token_verifies_to_its_agent_location_and_expiry(self) -> None:
        tokens = AgentTokens("secret", PinnedClock(NOW), timedelta(hours=1))
        issued = tokens.issue("agent_1", "loc_a")
        claims = tokens.verify(issued.token)
        assert (claims.agent_id, claims.location_id) == ("agent_1", "loc_a")
        assert claims.expires_at == issued.expires_at == NOW + timedelta(hours=1)

    def test_a_token_is_refused_from_its_expiry_on(self) -> None:
        clock = PinnedClock(NOW)
        tokens = AgentTokens("secret", clock, timedelta(hours=1))
        token = tokens.issue("agent_1", "loc_a").token
        clock.now = NOW + timedelta(hours=1)
        with pytest.raises(ExpiredAgentToken):
            tokens.verify(token)

    def test_another_key_or_a_changed_character_is_refused(self) -> None:
        token = AgentTokens("secret", PinnedClock(NOW), timedelta(hours=1)).issue("agent_1", "loc_a").token
        other = AgentTokens("other", PinnedClock(NOW), timedelta(hours=1))
        with pytest.raises(InvalidAgentToken):
            other.verify(token)
        mine = AgentTokens("secret", PinnedClock(NOW), timedelta(hours=1))
        tampered = ("B" if token[0] != "B" else "C") + token[1:]
        with pytest.raises(InvalidAgentToken):
            mine.verify(tampered)

    @pytest.mark.parametrize("garbage", ["", "no-dot", ".", "abc.def", "é.é"])
    def test_garbage_is_invalid_not_a_crash(self, garbage: str) -> None:
        with pytest.raises(InvalidAgentToken):
            AgentTokens("secret", PinnedClock(NOW), timedelta(hours=1)).verify(garbage)
