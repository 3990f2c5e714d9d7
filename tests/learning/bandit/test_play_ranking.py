"""Agents' feedback reorders the coaching's plays for their own location only, through the real API."""

from __future__ import annotations

import random
from typing import Any

import httpx

from ghl_real_estate_ai.domain.taxonomy import Language, ObjectionType
from ghl_real_estate_ai.intelligence.coaching.playbook import objection_play
from ghl_real_estate_ai.learning.bandit import PlayCounts, PlayOrder, order_plays, play_id
from ghl_real_estate_ai.storage.database import Database
from tests.support.dashboard_api import AFFORDABILITY, agent_headers, coach, unique
from tests.support.tenants import Tenant, make_tenant

PLAYS = list(objection_play(ObjectionType.AFFORDABILITY, Language.EN).suggestions)
A, B = PLAYS[0], PLAYS[1]


async def _verdict(
    client: httpx.AsyncClient, headers: dict[str, str], coaching: dict[str, Any], text: str, action: str
) -> dict[str, Any]:
    body = {
        "analysis_id": coaching["analysis_id"],
        "revision": coaching["revision"],
        "item": "reply",
        "item_index": coaching["suggestions"].index(text),
        "action": action,
    }
    response = await client.post("/api/v1/feedback", json=body, headers=headers)
    assert response.status_code == 200, response.text
    stored: dict[str, Any] = response.json()
    return stored


class TestFeedbackSimulation:
    async def test_when_agents_keep_using_b_over_a_b_moves_ahead_for_that_location_only(
        self, client: httpx.AsyncClient, database: Database, tenant: Tenant
    ) -> None:
        other = await make_tenant(database, "Other")
        first = await coach(client, tenant, unique("agent"), unique("lead"), AFFORDABILITY)
        assert first["objection_type"] == ObjectionType.AFFORDABILITY.value
        assert first["suggestions"].index(A) < first["suggestions"].index(B)  # the playbook's order
        agents = [unique("agent") for _ in range(3)]
        headers = {agent: await agent_headers(client, tenant, agent) for agent in agents}
        choices = random.Random(3)
        for moment in range(24):  # agents send B four times in five, A otherwise, and dismiss the other
            agent = agents[moment % len(agents)]
            coaching = await coach(client, tenant, agent, unique("lead"), AFFORDABILITY)
            picked, passed = (B, A) if choices.random() < 0.8 else (A, B)
            stored = await _verdict(client, headers[agent], coaching, picked, "used")
            assert stored["item_text"] == picked  # the index names what the agent saw, in its order
            await _verdict(client, headers[agent], coaching, passed, "dismissed")

        here = await coach(client, tenant, unique("agent"), unique("lead"), AFFORDABILITY)
        there = await coach(client, other, unique("agent"), unique("lead"), AFFORDABILITY)

        assert here["suggestions"].index(B) < here["suggestions"].index(A)
        order = here["suggestion_order"]
        assert order["context"] == ObjectionType.AFFORDABILITY.value
        ranks = {r["text"]: r for r in order["ranking"]}
        assert ranks[B]["use_rate"] > ranks[A]["use_rate"]
        assert ranks[B]["rated"] == ranks[A]["rated"] == 24
        assert "agents used it" in ranks[B]["explanation"]
        assert there["suggestions"].index(A) < there["suggestions"].index(B)
        assert all(r["rated"] == 0 for r in there["suggestion_order"]["ranking"])

    async def test_objection_analysis_follows_the_same_order(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent = unique("agent")
        headers = await agent_headers(client, tenant, agent)
        for _ in range(6):
            coaching = await coach(client, tenant, agent, unique("lead"), AFFORDABILITY)
            await _verdict(client, headers, coaching, B, "used")
            await _verdict(client, headers, coaching, A, "dismissed")
        answer = await client.post(
            "/api/v1/claude/coaching/objection-analysis",
            json={"objection_text": AFFORDABILITY, "lead_id": unique("lead")},
            headers=tenant.headers,
        )
        assert answer.status_code == 200, answer.text
        replies = answer.json()["response_suggestions"]
        assert replies.index(B) < replies.index(A)
        assert answer.json()["suggestion_order"]["ranking"][0]["used"] >= 1


class TestPrior:
    def test_one_use_moves_a_play_up_but_the_prior_keeps_its_rate_modest(self) -> None:
        counts = {play_id(B): PlayCounts(shown=1, used=1), play_id(A): PlayCounts(shown=1, used=0)}
        ranked = order_plays([A, B, PLAYS[2]], counts)
        assert ranked[0].text == B
        assert ranked[0].use_rate < 0.5  # 1 use in 1 verdict reads as 2.2 in 5 with the prior

    def test_equal_evidence_keeps_the_written_order(self) -> None:
        counts = {play_id(t): PlayCounts(shown=10, used=3) for t in PLAYS}
        assert [p.text for p in order_plays(PLAYS, counts)] == PLAYS

    def test_evidence_for_one_objection_type_does_not_order_another(self) -> None:
        order = PlayOrder({"timing_concern": {play_id(B): PlayCounts(shown=20, used=20)}})
        assert [p.text for p in order.ranked("affordability", PLAYS)] == PLAYS

    def test_thompson_sampling_mostly_puts_the_better_play_first_but_still_explores(self) -> None:
        counts = {play_id(B): PlayCounts(shown=30, used=24), play_id(A): PlayCounts(shown=30, used=6)}
        rng = random.Random(0)
        firsts = [order_plays([A, B], counts, "thompson", rng)[0].text for _ in range(200)]
        assert firsts.count(B) > 180
