"""Action storage on SQLite and PostgreSQL: the migration, the pending-action uniqueness, tenancy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from ghl_real_estate_ai.domain.actions import Channel, PlannedAction
from ghl_real_estate_ai.storage.action_repository import ActionRepository
from ghl_real_estate_ai.storage.action_tables import ActionPlanRecord, ActionRecord
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Contact, Location
from ghl_real_estate_ai.storage.repositories import ConversationRepository, LocationRepository

NOW = datetime(2026, 1, 14, 15, 0, tzinfo=UTC)


async def location_with_contact(database: Database, name: str) -> tuple[Location, Contact]:
    async with database.session() as session:
        location = (await LocationRepository(session).create(name)).location
        contact = await ConversationRepository(session, location.id).contact("lead-1")
    return location, contact


def record(location: Location, contact: Contact, status: str) -> ActionRecord:
    return ActionRecord(
        location_id=location.id,
        contact_id=contact.id,
        reason="high_priority",
        description="Text",
        channel="sms",
        status=status,
        priority_score=60.0,
        confidence=0.8,
        not_before=NOW,
        due_at=NOW,
    )


def planned(reason: str = "high_priority") -> PlannedAction:
    return PlannedAction(
        description="Text",
        channel=Channel.SMS,
        reason=reason,
        not_before=NOW,
        due_at=NOW,
        confidence=0.8,
        priority_score=60.0,
    )


class TestTheMigration:
    async def test_it_adds_the_action_tables_and_the_contacts_signal_columns(
        self, database: Database
    ) -> None:
        async with database.engine.connect() as connection:
            tables, columns = await connection.run_sync(
                lambda sync: (
                    set(inspect(sync).get_table_names()),
                    {c["name"] for c in inspect(sync).get_columns("contacts")},
                )
            )
        assert {"action_plans", "actions"} <= tables
        assert {"timezone", "opted_out", "do_not_disturb", "channel_replies", "last_inbound_at"} <= columns


class TestOnePendingActionPerLeadAndReason:
    async def test_the_database_refuses_a_second_pending_action_but_keeps_closed_ones(
        self, database: Database
    ) -> None:
        location, contact = await location_with_contact(database, "Unique")
        async with database.session() as session:
            session.add_all([record(location, contact, s) for s in ("completed", "cancelled", "open")])
        with pytest.raises(IntegrityError):
            async with database.session() as session:
                session.add(record(location, contact, "snoozed"))

    async def test_adding_the_same_reason_again_returns_the_pending_action(self, database: Database) -> None:
        location, contact = await location_with_contact(database, "Again")
        async with database.session() as session:
            actions = ActionRepository(session, location.id)
            plan = ActionPlanRecord(
                location_id=location.id,
                contact_id=contact.id,
                priority_score=60,
                priority_tier="high",
                plan={},
            )
            session.add(plan)
            await session.flush()
            plan_id = plan.id
            first = await actions.add_pending(contact, plan_id, planned())
            second = await actions.add_pending(contact, plan_id, planned())
            other = await actions.add_pending(contact, plan_id, planned("budget_gap"))
        assert first.id == second.id != other.id


class TestTenancy:
    async def test_another_location_neither_sees_nor_stores_this_locations_actions(
        self, database: Database
    ) -> None:
        mine, contact = await location_with_contact(database, "Mine")
        theirs, _ = await location_with_contact(database, "Theirs")
        async with database.session() as session:
            session.add(record(mine, contact, "open"))
        async with database.session() as session:
            stored = (await ActionRepository(session, mine.id).due_by(NOW))[0][0]
            intruder = ActionRepository(session, theirs.id)
            assert await intruder.get(stored.id) is None
            assert await intruder.due_by(NOW) == []
            with pytest.raises(ValueError, match="own location"):
                await intruder.add_pending(contact, "pln_x", planned())
