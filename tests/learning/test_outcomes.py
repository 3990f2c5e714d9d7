"""POST /api/v1/leads/{contact_id}/outcome on a real server: stored with its time, per location."""

from __future__ import annotations

import httpx

from ghl_real_estate_ai.storage.database import Database
from tests.conftest import Tenant, make_tenant


class TestOutcomes:
    async def test_an_outcome_is_stored_with_its_time_and_read_back_in_order(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        for outcome, when in (
            ("offer", "2026-11-20T15:00:00-05:00"),
            ("appointment", "2026-11-10T09:30:00Z"),
        ):
            answer = await client.post(
                "/api/v1/leads/lead-42/outcome",
                json={"outcome": outcome, "occurred_at": when},
                headers=tenant.headers,
            )
            assert answer.status_code == 201, answer.text
            assert answer.json()["source"] == "api"
        history = (await client.get("/api/v1/leads/lead-42/outcomes", headers=tenant.headers)).json()
        assert [h["outcome"] for h in history] == ["appointment", "offer"]

    async def test_another_location_does_not_see_the_outcome(
        self, client: httpx.AsyncClient, database: Database, tenant: Tenant
    ) -> None:
        body = {"outcome": "closed_won", "occurred_at": "2026-11-30T12:00:00Z"}
        assert (
            await client.post("/api/v1/leads/lead-7/outcome", json=body, headers=tenant.headers)
        ).status_code == 201
        other = await make_tenant(database, "Other")
        assert (await client.get("/api/v1/leads/lead-7/outcomes", headers=other.headers)).json() == []

    async def test_an_unknown_outcome_or_a_time_without_offset_is_a_422(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        for body in (
            {"outcome": "maybe", "occurred_at": "2026-11-30T12:00:00Z"},
            {"outcome": "lost", "occurred_at": "2026-11-30T12:00:00"},
            {"outcome": "lost"},
        ):
            answer = await client.post("/api/v1/leads/lead-9/outcome", json=body, headers=tenant.headers)
            assert answer.status_code == 422, body
