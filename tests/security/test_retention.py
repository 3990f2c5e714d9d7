"""Per-location retention: set over the API, applied by the purge the worker runs on a schedule (and
`enterprisehub retention purge`), audited with counts and never with content."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select, update

from ghl_real_estate_ai.domain.ghl import InboxStatus
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.ghl_worker_runner import build_worker
from ghl_real_estate_ai.services.retention import RetentionPurge
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent
from ghl_real_estate_ai.storage.models import Analysis, Conversation, Location, Message
from ghl_real_estate_ai.storage.protection_tables import AuditEntry
from ghl_real_estate_ai.storage.qualification_tables import QualificationAnswerRow
from tests.conftest import Tenant, make_tenant
from tests.test_cli import run_cli

RETENTION = "/api/v1/privacy/retention"


async def _talk(client: httpx.AsyncClient, tenant: Tenant, words: str) -> str:
    lead = f"lead_{secrets.token_hex(4)}"
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
    return lead


async def _age(database: Database, location_id: str, days: int) -> None:
    """Everything the location holds now was written `days` ago."""
    then = datetime.now(UTC) - timedelta(days=days)
    async with database.session() as session:
        for model, column in (
            (Message, Message.created_at),
            (Analysis, Analysis.created_at),
            (QualificationAnswerRow, QualificationAnswerRow.answered_at),
        ):
            await session.execute(
                update(model).where(model.location_id == location_id).values({column.key: then})
            )


async def _inbox(database: Database, location_id: str, status: InboxStatus, days: int) -> None:
    async with database.session() as session:
        session.add(
            GhlInboxEvent(
                webhook_id=f"wh_{secrets.token_hex(8)}",
                source="marketplace",
                event_type="InboundMessage",
                location_id=location_id,
                body=json.dumps({"body": "an old message"}),
                status=status,
                received_at=datetime.now(UTC) - timedelta(days=days),
            )
        )


async def _held(database: Database, location_id: str) -> dict[str, int]:
    async with database.session() as session:
        counts = {}
        for name, model in (
            ("messages", Message),
            ("analyses", Analysis),
            ("answers", QualificationAnswerRow),
            ("conversations", Conversation),
        ):
            counts[name] = (
                await session.execute(select(func.count()).where(model.location_id == location_id))
            ).scalar_one()
        inbox = await session.execute(
            select(GhlInboxEvent.status).where(GhlInboxEvent.location_id == location_id)
        )
        counts["inbox_pending"] = sum(1 for s in inbox.scalars() if s == InboxStatus.PENDING)
    return counts


async def _purges(database: Database, location_id: str) -> list[AuditEntry]:
    async with database.session() as session:
        rows = await session.execute(
            select(AuditEntry).where(
                AuditEntry.location_id == location_id, AuditEntry.action == "retention.purge"
            )
        )
        return list(rows.scalars())


async def _until_purged(database: Database, location_id: str, times: int) -> None:
    for _ in range(600):
        if len(await _purges(database, location_id)) >= times:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the worker did not purge {times} time(s) in 30 s")


class TestRetentionSetting:
    async def test_a_location_sets_its_days_reads_them_back_and_the_change_is_audited(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        unset = await client.get(RETENTION, headers=tenant.headers)
        assert unset.json() == {"retention_days": None, "default_days": None, "effective_days": None}
        put = await client.put(RETENTION, json={"retention_days": 30}, headers=tenant.headers)
        assert put.status_code == 200, put.text
        assert (await client.get(RETENTION, headers=tenant.headers)).json()["effective_days"] == 30
        for refused in (0, -1, 100_000):
            answer = await client.put(RETENTION, json={"retention_days": refused}, headers=tenant.headers)
            assert answer.status_code == 422
        async with database.session() as session:
            changes = await session.execute(
                select(AuditEntry.details).where(
                    AuditEntry.location_id == tenant.location_id, AuditEntry.action == "settings.change"
                )
            )
        assert list(changes.scalars()) == [{"fields": ["retention_days"], "retention_days": 30}]


class TestRetentionPurge:
    async def test_only_content_older_than_the_locations_days_goes_and_the_purge_is_audited_without_pii(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database, database_url: str
    ) -> None:
        keeps_all = await make_tenant(database)  # no retention of its own, and no default
        old_words = f"Call me on 512-555-0199, the old house had mould {secrets.token_hex(3)}"
        old_lead = await _talk(client, tenant, old_words)
        await _talk(client, keeps_all, old_words)
        await _age(database, tenant.location_id, 40)
        await _age(database, keeps_all.location_id, 40)
        await _inbox(database, tenant.location_id, InboxStatus.DONE, 40)
        await _inbox(database, tenant.location_id, InboxStatus.PENDING, 40)  # still work to do: kept
        await _talk(client, tenant, "A fresh message: we want a pool")
        assert (
            await client.put(RETENTION, json={"retention_days": 30}, headers=tenant.headers)
        ).status_code == 200
        before = await _held(database, tenant.location_id)

        purge = RetentionPurge(Settings(DATABASE_URL=database_url, ENTERPRISEHUB_ENV="test"), database)
        done = {p.location_id: p for p in await purge.purge()}

        after = await _held(database, tenant.location_id)
        assert done[tenant.location_id].deleted["messages"] == before["messages"] - after["messages"] >= 2
        assert done[tenant.location_id].deleted["ghl_inbox"] == 1
        assert after["messages"] >= 1 and after["analyses"] >= 1  # the fresh conversation stays
        assert after["conversations"] == before["conversations"] and after["inbox_pending"] == 1
        assert keeps_all.location_id not in done
        assert (await _held(database, keeps_all.location_id))["messages"] >= 1
        exported = await client.get(f"/api/v1/contacts/{old_lead}/export", headers=tenant.headers)
        assert old_words not in exported.text
        (audited,) = await _purges(database, tenant.location_id)
        assert audited.actor == "system" and audited.details["days"] == 30
        assert audited.details["messages"] == done[tenant.location_id].deleted["messages"]
        assert old_lead not in json.dumps(audited.details) and audited.subject is None

        again = {p.location_id: p for p in await purge.purge()}
        assert again[tenant.location_id].total == 0
        assert len(await _purges(database, tenant.location_id)) == 1  # nothing purged, nothing written

    async def test_the_default_days_apply_to_locations_without_their_own(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database, database_url: str
    ) -> None:
        await _talk(client, tenant, "We need a garage")
        await _age(database, tenant.location_id, 10)
        settings = Settings(
            DATABASE_URL=database_url, ENTERPRISEHUB_ENV="test", ENTERPRISEHUB_RETENTION_DAYS=7
        )
        done = {p.location_id: p for p in await RetentionPurge(settings, database).purge()}
        assert done[tenant.location_id].days == 7 and done[tenant.location_id].deleted["messages"] >= 1


class TestTheWorkerPurgesOnASchedule:
    async def test_a_running_worker_purges_at_start_and_every_interval(
        self,
        client: httpx.AsyncClient,
        tenant: Tenant,
        database: Database,
        database_url: str,
        local_engine: LocalEngine,
    ) -> None:
        await _talk(client, tenant, "Three bedrooms, close to a park")
        await _age(database, tenant.location_id, 5)
        await client.put(RETENTION, json={"retention_days": 1}, headers=tenant.headers)
        settings = Settings(
            DATABASE_URL=database_url,
            ENTERPRISEHUB_ENV="test",
            ENTERPRISEHUB_RETENTION_PURGE_INTERVAL_SECONDS=0.2,
        )
        worker, worker_db, ghl = build_worker(settings, AnalysisService(local_engine))
        stop = asyncio.Event()
        running = asyncio.create_task(worker.run(stop))
        try:
            await _until_purged(database, tenant.location_id, times=1)
            # Rows that age later go at a later pass of the same running worker.
            await _talk(client, tenant, "And a second bathroom")
            await _age(database, tenant.location_id, 5)
            await _until_purged(database, tenant.location_id, times=2)
        finally:
            stop.set()
            await running
            await ghl.aclose()
            await worker_db.dispose()
        assert (await _held(database, tenant.location_id))["messages"] == 0


class TestRetentionCommand:
    def test_enterprisehub_retention_purge_deletes_what_is_past_retention(self, tmp_path: Path) -> None:
        assert run_cli("migrate", tmp_path=tmp_path).returncode == 0

        async def seed() -> str:
            database = Database(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
            try:
                tenant = await make_tenant(database)
                async with database.session() as session:
                    location = await session.get(Location, tenant.location_id)
                    assert location is not None
                    location.retention_days = 3
                await _inbox(database, tenant.location_id, InboxStatus.DONE, 10)
                return tenant.location_id
            finally:
                await database.dispose()

        location_id = asyncio.run(seed())
        result = run_cli("retention", "purge", tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"{location_id} (3 days)" in result.stdout and "ghl_inbox 1" in result.stdout
