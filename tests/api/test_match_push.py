"""New top listings reach the agent's `matches` topic when a lead's wishes change (real server, socket)."""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from ghl_real_estate_ai.storage.database import Database
from tests.api.test_realtime import agent_id, receive, socket_url, token_for
from tests.conftest import RunningServer, Tenant, make_tenant
from tests.learning.matching.test_match_endpoint import import_sample

TWO_BEDS = "We need a 2 bedroom apartment, our budget is $1,500 a month"
THREE_BEDS = "Actually make that 3 bedrooms, same budget"
NOTHING_NEW = "Thanks, that sounds good. When could we talk?"


async def coach(client: httpx.AsyncClient, tenant: Tenant, agent: str, lead: str, message: str) -> str:
    response = await client.post(
        "/api/v1/claude/coaching/real-time",
        json={
            "agent_id": agent,
            "conversation_context": {"lead_id": lead, "conversation_id": f"conv-{lead}"},
            "prospect_message": message,
        },
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["analysis_id"])


async def subscribed(socket: ClientConnection, agent: str) -> None:
    await socket.send(json.dumps({"type": "subscribe", "topics": [f"coaching.{agent}.matches"]}))
    await socket.send(json.dumps({"type": "ping"}))
    assert await receive(socket) == {"type": "pong"}


async def next_matches(socket: ClientConnection) -> dict[str, Any]:
    event = await receive(socket)
    assert event["type"] == "event" and str(event["topic"]).endswith(".matches"), event
    data: dict[str, Any] = event["data"]  # type: ignore[assignment]
    return {"analysis_id": event["analysis_id"], **data}


class TestMatchesArePushedWhenWishesChange:
    async def test_new_criteria_push_new_top_matches_and_an_unchanged_wish_pushes_nothing(
        self, server: RunningServer, client: httpx.AsyncClient, database: Database, tenant: Tenant
    ) -> None:
        await import_sample(database, tenant)
        agent, lead = agent_id(), f"lead_{secrets.token_hex(4)}"
        async with connect(socket_url(server, await token_for(client, tenant, agent))) as socket:
            await subscribed(socket, agent)
            first_id = await coach(client, tenant, agent, lead, TWO_BEDS)
            first = await next_matches(socket)
            await coach(client, tenant, agent, lead, NOTHING_NEW)  # same wishes: no push
            changed_id = await coach(client, tenant, agent, lead, THREE_BEDS)
            changed = await next_matches(socket)

        assert first["analysis_id"] == first_id and first["lead_id"] == lead
        assert first["criteria"]["bedrooms"] == 2 and first["criteria"]["budget_max"] == 1500
        assert 0 < len(first["matches"]) <= 5 and first["searched"] == 400
        for match in first["matches"]:
            assert match["price"] <= 1500 and match["bedrooms"] >= 2
            assert {r["criterion"] for r in match["reasons"]} >= {"budget", "bedrooms"}
        assert changed["analysis_id"] == changed_id  # the unchanged message in between pushed nothing
        assert changed["criteria"]["bedrooms"] == 3
        assert all(m["bedrooms"] >= 3 and m["price"] <= 1500 for m in changed["matches"])

    async def test_a_location_without_listings_gets_no_push(
        self, server: RunningServer, client: httpx.AsyncClient, database: Database
    ) -> None:
        empty = await make_tenant(database, "No Listings Realty")
        agent, lead = agent_id(), f"lead_{secrets.token_hex(4)}"
        async with connect(socket_url(server, await token_for(client, empty, agent))) as socket:
            await subscribed(socket, agent)
            await coach(client, empty, agent, lead, TWO_BEDS)
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(socket.recv(), 1.5)
