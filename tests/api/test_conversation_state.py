"""A conversation's state carries forward (issue 12): a message sent alone is read with its stored turns."""

from __future__ import annotations

import secrets

import httpx

from ghl_real_estate_ai.domain.conversation_state import Direction
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.repositories import ConversationRepository
from tests.conftest import Tenant, make_tenant

COACHING = "/api/v1/claude/coaching/real-time"


def turn(conversation_id: str, message: str) -> dict[str, object]:
    return {
        "agent_id": "agent_7",
        "conversation_context": {"conversation_id": conversation_id},
        "prospect_message": message,
    }


class TestAFollowUpInheritsTheConversation:
    async def test_a_follow_up_sent_alone_keeps_the_buy_decision_and_the_area(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        conversation = f"conv-{secrets.token_hex(4)}"
        first = await client.post(
            COACHING, json=turn(conversation, "I want to buy a house in Fremont"), headers=tenant.headers
        )
        assert first.status_code == 200, first.text
        follow_up = await client.post(
            COACHING, json=turn(conversation, "I need 2 baths"), headers=tenant.headers
        )
        body = follow_up.json()
        assert body["primary_intent"] == "property_search"
        assert "Area: Fremont" in body["talking_points"]

    async def test_another_tenant_with_the_same_conversation_id_inherits_nothing(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        conversation = f"conv-{secrets.token_hex(4)}"
        await client.post(
            COACHING, json=turn(conversation, "I want to buy a house in Fremont"), headers=tenant.headers
        )
        other = await make_tenant(database, "Other Realty")
        body = (
            await client.post(COACHING, json=turn(conversation, "I need 2 baths"), headers=other.headers)
        ).json()
        assert not any("Fremont" in point for point in body["talking_points"])


class TestTheStateIsKeptWithTheConversation:
    async def test_each_answer_leaves_the_conversations_state_after_its_message(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        conversation = f"conv-{secrets.token_hex(4)}"
        for message in ("I want to buy a house in Fremont", "my wife has to see it", "I need 2 baths"):
            answer = await client.post(COACHING, json=turn(conversation, message), headers=tenant.headers)
            assert answer.status_code == 200, answer.text
        async with database.session() as session:
            state = await ConversationRepository(session, tenant.location_id).reading_state(conversation)
        assert state is not None
        assert (state.prospect_turns, state.direction) == (3, Direction.BUY)
        assert state.preferences.locations == ["Fremont"] and state.preferences.bathrooms == 2
        assert state.decision_makers == ["wife"]

    async def test_a_conversation_never_read_has_no_state(self, tenant: Tenant, database: Database) -> None:
        async with database.session() as session:
            assert await ConversationRepository(session, tenant.location_id).reading_state("nope") is None
