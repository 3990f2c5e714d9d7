"""Storage on both SQLite and PostgreSQL, migrated by Alembic."""

from __future__ import annotations

from sqlalchemy import inspect

from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.repositories import (
    AnalysisRepository,
    ConversationRepository,
    LocationRepository,
    hash_api_key,
)


class TestMigrations:
    async def test_migrations_create_every_table(self, database: Database) -> None:
        async with database.engine.connect() as connection:
            tables = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
        assert {
            "locations",
            "api_keys",
            "agents",
            "contacts",
            "conversations",
            "messages",
            "analyses",
        } <= tables


class TestLocations:
    async def test_only_the_hash_of_an_api_key_is_stored_and_it_finds_its_location(
        self, database: Database
    ) -> None:
        async with database.session() as session:
            issued = await LocationRepository(session).create("Hash Realty")
        async with database.session() as session:
            found = await LocationRepository(session).by_api_key(issued.api_key)
            raw = await session.run_sync(
                lambda s: s.connection().exec_driver_sql("SELECT key_hash FROM api_keys").scalars().all()
            )
        assert found is not None and found.id == issued.location.id
        assert issued.api_key not in raw and hash_api_key(issued.api_key) in raw


class TestTenancy:
    async def test_conversations_and_analyses_of_one_location_are_invisible_to_another(
        self, database: Database
    ) -> None:
        async with database.session() as session:
            first = (await LocationRepository(session).create("First")).location
            second = (await LocationRepository(session).create("Second")).location
            mine = ConversationRepository(session, first.id)
            conversation, created = await mine.conversation("shared-external-id")
            mine.add_message(conversation.id, "prospect", "hello")
            assert created
            AnalysisRepository(session, first.id).record(
                analysis_id="ana_x1",
                revision=1,
                kind="coaching",
                engine="local",
                answer=Preferences(),
                reading=Preferences(),
                confidence=0.5,
                processing_time_ms=1.0,
                conversation_id=conversation.id,
                message_id=None,
            )
        async with database.session() as session:
            theirs = ConversationRepository(session, second.id)
            assert await theirs.messages(conversation.id) == []
            same_name, created = await theirs.conversation("shared-external-id")
            assert created and same_name.id != conversation.id
            assert await AnalysisRepository(session, second.id).revisions("ana_x1") == []
            assert await AnalysisRepository(session, second.id).for_conversation(conversation.id) == []


class TestGetOrCreate:
    async def test_concurrent_creation_of_one_contact_yields_one_row(self, database: Database) -> None:
        import asyncio

        async with database.session() as session:
            location = (await LocationRepository(session).create("Racy")).location

        async def create() -> str:
            async with database.session() as session:
                return (await ConversationRepository(session, location.id).contact("lead-1")).id

        ids = await asyncio.gather(*(create() for _ in range(5)))
        assert len(set(ids)) == 1
