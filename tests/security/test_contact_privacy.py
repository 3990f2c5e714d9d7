"""GDPR/CCPA export and erasure over HTTP, and the tamper-evident audit trail behind them."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select, update

from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.migrate import upgrade_to_head
from ghl_real_estate_ai.storage.models import Conversation, Message
from ghl_real_estate_ai.storage.protection_tables import AuditEntry
from tests.conftest import Tenant


async def _talk(client: httpx.AsyncClient, tenant: Tenant, lead: str, words: str) -> None:
    coached = await client.post(
        "/api/v1/claude/coaching/real-time",
        json={"agent_id": "a1", "prospect_message": words, "conversation_context": {"lead_id": lead}},
        headers=tenant.headers,
    )
    assert coached.status_code == 200, coached.text
    started = await client.post(
        "/api/v1/claude/qualification/start",
        json={"contact_id": lead, "initial_message": words},
        headers=tenant.headers,
    )
    assert started.status_code == 201, started.text
    planned = await client.post(
        "/api/v1/claude/actions/create-plan",
        json={"contact_id": lead, "conversation_messages": [{"speaker": "prospect", "message": words}]},
        headers=tenant.headers,
    )
    assert planned.status_code == 200, planned.text


class TestExportThenErase:
    async def test_the_export_holds_everything_and_after_erasure_nothing_is_left(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        lead = f"lead_{secrets.token_hex(4)}"
        words = f"Email me at ann.{secrets.token_hex(3)}@example.com, we need 3 beds near Austin"
        await _talk(client, tenant, lead, words)
        exported = await client.get(f"/api/v1/contacts/{lead}/export", headers=tenant.headers)
        assert exported.status_code == 200, exported.text
        document = exported.json()
        assert exported.headers["cache-control"] == "no-store"
        bodies = [m["body"] for c in document["conversations"] for m in c["messages"]]
        assert words in bodies
        assert any(c["analyses"] for c in document["conversations"])
        assert document["qualification_flows"] and document["action_plans"]

        erased = await client.delete(f"/api/v1/contacts/{lead}", headers=tenant.headers)
        assert erased.status_code == 200, erased.text
        assert erased.json()["rows_deleted"]["messages"] >= 1
        assert (
            await client.get(f"/api/v1/contacts/{lead}/export", headers=tenant.headers)
        ).status_code == 404
        async with database.session() as session:
            left = await session.execute(
                select(Message.body).where(Message.location_id == tenant.location_id)
            )
            conversations = await session.execute(
                select(Conversation.id).where(Conversation.location_id == tenant.location_id)
            )
            audited = await session.execute(
                select(AuditEntry).where(AuditEntry.location_id == tenant.location_id).order_by(AuditEntry.id)
            )
            entries = list(audited.scalars())
        assert words not in list(left.scalars())
        assert list(conversations.scalars()) == []
        assert [entry.action for entry in entries] == ["contact.export", "contact.erase"]
        for entry in entries:  # who and how many, never the contact's data or id
            assert lead not in json.dumps(entry.details) and entry.subject != lead
            assert "example.com" not in json.dumps(entry.details)

    async def test_another_tenant_can_neither_export_nor_erase_the_contact(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        from tests.conftest import make_tenant

        lead = f"lead_{secrets.token_hex(4)}"
        await _talk(client, tenant, lead, "We want a condo downtown")
        other = await make_tenant(database)
        assert (await client.get(f"/api/v1/contacts/{lead}/export", headers=other.headers)).status_code == 404
        assert (await client.delete(f"/api/v1/contacts/{lead}", headers=other.headers)).status_code == 404
        assert (
            await client.get(f"/api/v1/contacts/{lead}/export", headers=tenant.headers)
        ).status_code == 200


@pytest.fixture
async def chain(tmp_path: Path) -> AsyncIterator[Database]:
    """A database of its own: these tests tamper with the chain."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}"
    upgrade_to_head(url)
    database = Database(url)
    async with database.session() as session:
        for index in range(5):
            await audit_chain.append(
                session, "contact.export", "key_1", "loc_1", f"s{index}", {"messages": index}
            )
    return database


def _verify_cli(database: Database) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-m", "ghl_real_estate_ai.cli", "audit", "verify", "--json"],
        env={**os.environ, "DATABASE_URL": database.url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    result: dict[str, object] = json.loads(completed.stdout)
    assert (completed.returncode == 0) == result["ok"]
    return result


class TestAuditVerify:
    async def test_an_untouched_chain_verifies(self, chain: Database) -> None:
        result = _verify_cli(chain)
        assert result["ok"] is True
        assert result["rows"] == 5

    async def test_an_edited_row_is_named(self, chain: Database) -> None:
        async with chain.session() as session:
            await session.execute(update(AuditEntry).where(AuditEntry.id == 3).values(actor="someone_else"))
        result = _verify_cli(chain)
        assert (result["ok"], result["first_bad_row"], result["problem"]) == (False, 3, "the row was edited")

    async def test_a_deleted_row_is_named_by_the_row_after_it(self, chain: Database) -> None:
        async with chain.session() as session:
            await session.execute(delete(AuditEntry).where(AuditEntry.id == 2))
        result = _verify_cli(chain)
        assert (result["ok"], result["first_bad_row"]) == (False, 3)

    async def test_a_row_inserted_with_a_valid_hash_is_caught_at_the_row_after_it(
        self, chain: Database
    ) -> None:
        from datetime import UTC, datetime

        async with chain.session() as session:
            for old, new in ((5, 50), (4, 40)):  # make room after row 3
                await session.execute(update(AuditEntry).where(AuditEntry.id == old).values(id=new))
            third = (await session.execute(select(AuditEntry).where(AuditEntry.id == 3))).scalar_one()
            forged = AuditEntry(
                id=4, recorded_at=datetime.now(UTC), actor="x", action="contact.erase", details={},
                location_id=None, subject=None, previous_hash=third.row_hash,
            )  # fmt: skip
            forged.row_hash = audit_chain._hash(third.row_hash, forged)  # as a careful forger would
            session.add(forged)
        result = _verify_cli(chain)
        assert (result["ok"], result["first_bad_row"]) == (False, 40)

    async def test_rows_cut_off_the_end_are_caught_against_the_last_head(self, chain: Database) -> None:
        async with chain.session() as session:
            head = (await audit_chain.verify(session)).head
            await session.execute(delete(AuditEntry).where(AuditEntry.id == 5))
        async with chain.session() as session:
            result = await audit_chain.verify(session, head)
        assert result.ok is False
        assert result.problem is not None and "end" in result.problem
