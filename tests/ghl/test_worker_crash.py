"""`enterprisehub worker` killed with SIGKILL mid-batch and started again: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import httpx
from sqlalchemy import func, select

from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent, GhlOutboxItem
from tests.conftest import MODEL_CACHE
from tests.fakes.ghl_server import FakeGhl, Scripted
from tests.ghl.conftest import GhlServer, Signer, inbound_message, make_ghl_tenant, post_signed

EVENTS = 12


def _start_worker(server: GhlServer, fake: FakeGhl) -> subprocess.Popen[bytes]:
    settings = server.settings
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "GHL_API_BASE_URL": fake.base_url,
        "ENTERPRISEHUB_ENGINE": "local",
        "ENTERPRISEHUB_MODEL_CACHE_DIR": str(MODEL_CACHE),
        "GHL_BACKOFF_BASE_SECONDS": "0.01",
        "GHL_BACKOFF_MAX_SECONDS": "0.05",
        "GHL_RATE_LIMIT_MAX": "10000",
        "GHL_SEND_LEASE_SECONDS": "1",
        "ENTERPRISEHUB_WORKER_POLL_SECONDS": "0.05",
        "ENTERPRISEHUB_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "ghl_real_estate_ai.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def _open_work(database: Database, location_id: str) -> int:
    async with database.session() as session:
        inbox = await session.execute(
            select(func.count()).where(
                GhlInboxEvent.location_id.is_(None) | (GhlInboxEvent.location_id == location_id),
                GhlInboxEvent.status == "pending",
            )
        )
        outbox = await session.execute(
            select(func.count()).where(
                GhlOutboxItem.location_id == location_id, GhlOutboxItem.status.in_(("pending", "sending"))
            )
        )
        return int(inbox.scalar_one()) + int(outbox.scalar_one())


class TestWorkerKilledMidBatch:
    async def test_every_event_is_processed_and_no_update_is_duplicated(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_server: GhlServer,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        tenant = await make_ghl_tenant(database, ghl_server.settings, fake_ghl.token)
        contacts = [f"kill{i}" for i in range(EVENTS)]
        for contact in contacts:
            message = "We want to buy a 3 bedroom home this month, budget 450k"
            assert (
                await post_signed(
                    ghl_client, signer, inbound_message(tenant.ghl_location_id, contact, message)
                )
            ).status_code == 200
        fake_ghl.always = Scripted(200, delay=0.03)  # slow GHL: the kill lands in the middle of calls
        first = _start_worker(ghl_server, fake_ghl)
        deadline = time.monotonic() + 60
        while len(fake_ghl.calls("PUT", "/contacts/kill")) < EVENTS // 3:
            assert time.monotonic() < deadline, "worker made no progress"
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            await asyncio.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert await _open_work(database, tenant.location_id) > 0, "the kill came too late to prove anything"
        second = _start_worker(ghl_server, fake_ghl)
        try:
            deadline = time.monotonic() + 90
            while await _open_work(database, tenant.location_id) > 0:
                assert time.monotonic() < deadline, "work left after restart"
                assert second.poll() is None
                await asyncio.sleep(0.05)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=15)
        updates = Counter(call.path for call in fake_ghl.calls("PUT", "/contacts/kill"))
        assert updates == {f"/contacts/{contact}": 1 for contact in contacts}
        notes = Counter(contact for contact in contacts for _ in fake_ghl.notes[contact])
        assert notes == dict.fromkeys(contacts, 1)
        tag_posts = Counter(call.path for call in fake_ghl.calls("POST", "/tags"))
        assert set(tag_posts.values()) == {1}
        async with database.session() as session:
            rows = (
                (
                    await session.execute(
                        select(GhlOutboxItem).where(GhlOutboxItem.location_id == tenant.location_id)
                    )
                )
                .scalars()
                .all()
            )
        tasks_expected = Counter(row.ghl_contact_id for row in rows if row.operation == "add_task")
        assert {c: len(fake_ghl.tasks[c]) for c in tasks_expected} == dict(tasks_expected)
        assert {row.status for row in rows} == {"sent"}
