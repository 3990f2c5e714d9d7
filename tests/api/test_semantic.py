from __future__ import annotations

import httpx

from tests.conftest import Tenant


class TestSemanticAnalyze:
    async def test_the_spec_example_reads_a_family_looking_for_a_three_bedroom_house_with_a_yard(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await client.post(
            "/api/v1/claude/semantic/analyze",
            json={
                "conversation_messages": [
                    {
                        "speaker": "prospect",
                        "message": "We're looking for a 3 bedroom house with a yard for our kids",
                        "timestamp": "2026-01-10T10:30:00Z",
                    }
                ],
                "location_id": tenant.location_id,
                "include_preferences": True,
            },
            headers=tenant.headers,
        )
        assert response.status_code == 200, response.text
        body = response.json()
        intent = body["intent_analysis"]
        assert intent["primary_intent"] == "property_search"
        assert intent["motivation"] == "family_expansion"
        assert intent["urgency_level"] in ("low", "medium", "high", "critical")
        assert intent["decision_stage"] in ("early_research", "actively_searching", "ready_to_transact")
        preferences = body["semantic_preferences"]
        assert preferences["bedrooms"] == 3
        assert isinstance(preferences["bedrooms"], int)
        assert preferences["features"] == ["yard"]
        assert preferences["property_type"] == "single_family_home"
        assert 0 <= body["confidence"] <= 100 and 0 <= body["urgency_score"] <= 100
        assert body["processing_time_ms"] > 0

    async def test_spanish_is_understood(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        response = await client.post(
            "/api/v1/claude/semantic/analyze",
            json={
                "conversation_messages": [
                    {
                        "speaker": "prospect",
                        "message": "Buscamos una casa de tres recámaras en Houston, máximo 300 mil dólares",
                    }
                ]
            },
            headers=tenant.headers,
        )
        body = response.json()
        assert body["intent_analysis"]["language"] == "es"
        assert body["semantic_preferences"]["bedrooms"] == 3
        assert body["semantic_preferences"]["budget_max"] == 300_000

    async def test_a_conversation_without_prospect_messages_is_422(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await client.post(
            "/api/v1/claude/semantic/analyze",
            json={"conversation_messages": [{"speaker": "agent", "message": "Hi there!"}]},
            headers=tenant.headers,
        )
        assert response.status_code == 422
        assert "prospect" in response.json()["message"]
