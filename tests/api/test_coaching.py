"""POST /api/v1/claude/coaching/* against a real server, on SQLite and PostgreSQL."""

from __future__ import annotations

import secrets

import httpx
from sqlalchemy import select

from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Analysis, Conversation, Message
from ghl_real_estate_ai.storage.repositories import LocationRepository
from tests.conftest import Tenant, make_tenant

SPEC_REQUEST = {
    "agent_id": "agent_123",
    "conversation_context": {"stage": "discovery", "lead_id": "lead_456", "previous_interactions": 3},
    "prospect_message": "I'm not sure if I can afford this right now...",
    "conversation_stage": "discovery",
}


class TestRealTimeCoaching:
    async def test_the_spec_example_is_an_affordability_objection_with_budget_and_financing_help(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await client.post(
            "/api/v1/claude/coaching/real-time",
            json={**SPEC_REQUEST, "location_id": tenant.location_id},
            headers=tenant.headers,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["objection_detected"] is True
        assert body["objection_type"] in ("affordability", "financing_concern")
        text = " ".join(body["suggestions"] + body["recommended_questions"]).lower()
        assert "budget" in text
        assert "financ" in text or "lender" in text
        assert body["urgency_level"] in ("low", "medium", "high", "critical")
        assert 0 <= body["confidence_score"] <= 100
        assert body["processing_time_ms"] > 0
        assert body["engine"] == "local"
        assert body["analysis_id"].startswith("ana_")

    async def test_the_analysis_is_stored_with_its_conversation_and_message(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        response = await client.post(
            "/api/v1/claude/coaching/real-time", json=SPEC_REQUEST, headers=tenant.headers
        )
        analysis_id = response.json()["analysis_id"]
        async with database.session() as session:
            stored = (
                await session.execute(select(Analysis).where(Analysis.analysis_id == analysis_id))
            ).scalar_one()
            conversation = await session.get(Conversation, stored.conversation_id)
            messages = (
                (
                    await session.execute(
                        select(Message).where(Message.conversation_id == stored.conversation_id)
                    )
                )
                .scalars()
                .all()
            )
        assert stored.location_id == tenant.location_id
        assert stored.kind == "coaching"
        assert stored.result["response"]["objection_detected"] is True
        assert conversation is not None and conversation.external_id == "lead-lead_456"
        assert [m.body for m in messages] == [SPEC_REQUEST["prospect_message"]]

    async def test_a_message_with_no_objection_gets_next_questions_about_what_is_unknown(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        body = {**SPEC_REQUEST, "prospect_message": "We want a 4 bedroom house in Austin under $600k"}
        response = await client.post("/api/v1/claude/coaching/real-time", json=body, headers=tenant.headers)
        coaching = response.json()
        assert coaching["objection_detected"] is False
        asked = " ".join(coaching["recommended_questions"]).lower()
        assert "budget" not in asked and "bedroom" not in asked


class TestObjectionAnalysis:
    async def test_the_spec_example_is_a_price_concern_with_strategies(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await client.post(
            "/api/v1/claude/coaching/objection-analysis",
            json={
                "objection_text": "I think the price is too high for what we're getting",
                "lead_context": {
                    "budget_range": "400k-500k",
                    "property_type": "single_family",
                    "location": "downtown",
                },
                "conversation_history": [
                    {"speaker": "agent", "message": "Here's a great property..."},
                    {"speaker": "prospect", "message": "It looks nice but..."},
                ],
            },
            headers=tenant.headers,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["objection_type"] == "price_concern"
        assert body["severity"] in ("low", "medium", "high")
        assert body["response_suggestions"] and body["talking_points"] and body["follow_up_strategy"]


class TestAuthAndValidation:
    async def test_a_request_without_a_key_is_401_with_a_clear_message(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.post("/api/v1/claude/coaching/real-time", json=SPEC_REQUEST)
        assert response.status_code == 401
        assert "API key" in response.json()["message"]

    async def test_an_unknown_key_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/v1/claude/coaching/real-time",
            json=SPEC_REQUEST,
            headers={"X-API-Key": "ehk_not-a-real-key"},
        )
        assert response.status_code == 401

    async def test_another_tenants_location_id_is_403_and_nothing_is_stored(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        other = await make_tenant(database, "Other Realty")
        response = await client.post(
            "/api/v1/claude/coaching/real-time",
            json={**SPEC_REQUEST, "location_id": other.location_id},
            headers=tenant.headers,
        )
        assert response.status_code == 403
        assert other.location_id in response.json()["message"]
        async with database.session() as session:
            stored = (
                await session.execute(select(Analysis).where(Analysis.location_id == other.location_id))
            ).all()
        assert stored == []

    async def test_a_location_may_be_named_by_its_ghl_location_id(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        ghl_id = f"ghl-{secrets.token_hex(4)}"
        async with database.session() as session:
            issued = await LocationRepository(session).create("GHL Realty", ghl_location_id=ghl_id)
        response = await client.post(
            "/api/v1/claude/coaching/real-time",
            json={**SPEC_REQUEST, "location_id": ghl_id},
            headers={"Authorization": f"Bearer {issued.api_key}"},
        )
        assert response.status_code == 200

    async def test_a_bad_body_is_422_naming_the_field(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await client.post(
            "/api/v1/claude/coaching/real-time",
            json={**SPEC_REQUEST, "prospect_message": "   ", "agent_id": ""},
            headers=tenant.headers,
        )
        assert response.status_code == 422
        body = response.json()
        assert "prospect_message" in body["message"] and "agent_id" in body["message"]

    async def test_a_body_that_is_not_json_is_422(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        response = await client.post(
            "/api/v1/claude/coaching/real-time",
            content=b"{not json",
            headers={**tenant.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 422

    async def test_an_oversized_body_is_413(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        huge = {**SPEC_REQUEST, "prospect_message": "x" * 300_000}
        response = await client.post("/api/v1/claude/coaching/real-time", json=huge, headers=tenant.headers)
        assert response.status_code == 413
