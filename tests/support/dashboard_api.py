"""Driving the API the way the dashboard's users do: coaching for a lead, an agent's token."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.support.tenants import Tenant

AFFORDABILITY = "I'm not sure if I can afford this right now..."
SEARCH = "We want a 4 bedroom house in Austin under $600k"


def unique(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(4)}"


async def coach(
    client: httpx.AsyncClient, tenant: Tenant, agent_id: str, lead_id: str, message: str = AFFORDABILITY
) -> dict[str, Any]:
    """One prospect message through the HTTP coaching endpoint, as GHL-side tools send it."""
    response = await client.post(
        "/api/v1/claude/coaching/real-time",
        json={
            "agent_id": agent_id,
            "conversation_context": {"lead_id": lead_id, "conversation_id": f"conv-{lead_id}"},
            "prospect_message": message,
        },
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def agent_headers(client: httpx.AsyncClient, tenant: Tenant, agent_id: str) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/agent-token", json={"agent_id": agent_id}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
