"""An agent token stands while its key does, and a transaction storing many answers asks once per key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, select

from ghl_real_estate_ai.security.agent_tokens import AgentClaims
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.services.token_standing import token_stands
from ghl_real_estate_ai.storage.api_key_repository import ApiKeyRepository
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import ApiKey
from tests.conftest import make_tenant


async def claims_of_agents(database: Database, count: int) -> list[AgentClaims]:
    tenant = await make_tenant(database)
    async with database.session() as session:
        key_id = (
            await session.execute(select(ApiKey.id).where(ApiKey.location_id == tenant.location_id))
        ).scalar_one()
    expires = datetime.now(UTC) + timedelta(hours=1)
    return [AgentClaims(f"agent_{i}", tenant.location_id, expires, key_id) for i in range(count)]


def count_statements(database: Database) -> list[int]:
    statements = [0]

    @event.listens_for(database.engine.sync_engine, "before_cursor_execute")
    def counted(*_args: object) -> None:
        statements[0] += 1

    return statements


async def test_answers_stored_together_ask_once_for_their_shared_key(database: Database) -> None:
    agents = await claims_of_agents(database, 5)
    statements = count_statements(database)
    async with database.session() as session:
        scope = TenantScope(session, agents[0].location_id)
        assert [await token_stands(scope, claims) for claims in agents] == [True] * 5
    assert statements[0] == 1


async def test_a_revoked_key_stands_no_more_in_the_next_transaction(database: Database) -> None:
    claims = (await claims_of_agents(database, 1))[0]
    async with database.session() as session:
        assert await token_stands(TenantScope(session, claims.location_id), claims)
    async with database.session() as session:
        assert await ApiKeyRepository(session).revoke(claims.key_id)
    async with database.session() as session:
        assert not await token_stands(TenantScope(session, claims.location_id), claims)
