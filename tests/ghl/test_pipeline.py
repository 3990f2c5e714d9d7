"""The worker: inbound messages become analyses and GHL updates, once each, gated by tags, in order."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlOutboxItem
from tests.fakes.ghl_server import FakeGhl, Scripted
from tests.ghl.conftest import (
    GhlServer,
    GhlTenant,
    Signer,
    contact_event,
    inbound_message,
    make_ghl_tenant,
    post_signed,
    settle,
)

BUYER = "We're pre-approved and want to buy a 3 bedroom house in Austin within the next month"


async def _outbox(database: Database, location_id: str) -> list[GhlOutboxItem]:
    async with database.session() as session:
        query = (
            select(GhlOutboxItem).where(GhlOutboxItem.location_id == location_id).order_by(GhlOutboxItem.id)
        )
        return list((await session.execute(query)).scalars())


class TestWriteBack:
    async def test_an_inbound_message_writes_fields_tags_a_note_and_a_task_to_the_contact(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        assert (
            await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, "wb1", BUYER))
        ).status_code == 200
        await settle(worker, database)
        [update] = fake_ghl.calls("PUT", "/contacts/wb1")
        ids = {
            f["fieldKey"].removeprefix("contact."): f["id"]
            for f in fake_ghl.custom_fields[ghl_tenant.ghl_location_id]
        }
        assert set(ids) == {"claude_intent", "ai_score", "urgency_level", "next_action"}
        written = {item["id"]: item["field_value"] for item in update.body["customFields"]}
        assert set(written) == set(ids.values())
        assert 0 <= int(written[ids["ai_score"]]) <= 100
        assert "tags" not in update.body
        assert fake_ghl.calls("POST", "/contacts/wb1/tags")
        assert "Lead score" in fake_ghl.notes["wb1"][0]["body"]

    async def test_field_ids_are_resolved_once_per_location(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        for contact in ("f1", "f2", "f3"):
            await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, contact, BUYER))
        await settle(worker, database)
        assert len(fake_ghl.calls("GET", f"/locations/{ghl_tenant.ghl_location_id}/customFields")) == 1
        assert len(fake_ghl.calls("POST", f"/locations/{ghl_tenant.ghl_location_id}/customFields")) == 4
        assert len(fake_ghl.calls("PUT", "/contacts/f")) == 3

    async def test_existing_tags_are_never_removed(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        fake_ghl.tags["keep1"] = ["vip", "referral"]
        await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, "keep1", BUYER))
        await settle(worker, database)
        assert fake_ghl.tags["keep1"][:2] == ["vip", "referral"]
        assert "AI-Analyzed" in fake_ghl.tags["keep1"]
        assert not fake_ghl.calls("DELETE")
        assert all("tags" not in call.body for call in fake_ghl.calls("PUT"))

    async def test_a_hot_lead_is_tagged_and_handed_off_to_the_assigned_agent(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_server: GhlServer,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        tenant = await make_ghl_tenant(database, ghl_server.settings, fake_ghl.token, hot_lead_threshold=0)
        update = contact_event(tenant.ghl_location_id, "hot1", ["buyer"]) | {"assignedTo": "user_42"}
        await post_signed(ghl_client, signer, update)
        await post_signed(ghl_client, signer, inbound_message(tenant.ghl_location_id, "hot1", BUYER))
        await settle(worker, database)
        assert "Hot-Lead" in fake_ghl.tags["hot1"]
        handoffs = [t for t in fake_ghl.tasks["hot1"] if t["title"].startswith("Hot lead")]
        assert len(handoffs) == 1
        assert handoffs[0]["assignedTo"] == "user_42"


class TestAiGating:
    async def test_a_contact_with_a_deactivation_tag_gets_no_write_back_and_no_outbound_action(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        await post_signed(
            ghl_client, signer, contact_event(ghl_tenant.ghl_location_id, "off1", ["buyer", "AI-Off"])
        )
        await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, "off1", BUYER))
        await settle(worker, database)
        assert await _outbox(database, ghl_tenant.location_id) == []
        assert not fake_ghl.calls(None, "/contacts/off1", status=None)

    async def test_with_activation_tags_configured_only_tagged_contacts_get_ai(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_server: GhlServer,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        tenant = await make_ghl_tenant(
            database, ghl_server.settings, fake_ghl.token, activation_tags=["AI-On"]
        )
        await post_signed(ghl_client, signer, contact_event(tenant.ghl_location_id, "on1", ["ai-on"]))
        for contact in ("on1", "plain1"):
            await post_signed(ghl_client, signer, inbound_message(tenant.ghl_location_id, contact, BUYER))
        await settle(worker, database)
        assert fake_ghl.calls("PUT", "/contacts/on1")
        assert not fake_ghl.calls(None, "/contacts/plain1", status=None)

    async def test_a_contact_switched_off_before_sending_gets_nothing_more(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, "late1", BUYER))
        while await worker.pipeline.process_next():
            pass
        await post_signed(
            ghl_client, signer, contact_event(ghl_tenant.ghl_location_id, "late1", ["Stop-Bot"])
        )
        while await worker.pipeline.process_next():
            pass
        await settle(worker, database)
        assert not fake_ghl.calls(None, "/contacts/late1", status=None)
        assert {row.status for row in await _outbox(database, ghl_tenant.location_id)} == {"skipped"}


class TestDelivery:
    async def test_after_429_then_500_the_updates_arrive_in_order(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, "ord1", BUYER))
        while await worker.pipeline.process_next():
            pass
        limited = {
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Interval-Milliseconds": "50",
            "X-RateLimit-Max": "100",
        }
        fake_ghl.script = [Scripted(429, headers=limited), Scripted(500)]
        await settle(worker, database)
        statuses = [r.status for r in fake_ghl.requests]
        assert statuses[:2] == [429, 500]
        rows = await _outbox(database, ghl_tenant.location_id)
        assert {row.status for row in rows} == {"sent"}
        sent_order = [row.operation for row in sorted(rows, key=lambda row: row.sent_at or row.created_at)]
        assert sent_order == [row.operation for row in rows]
        arrived = [
            r.path.rsplit("/", 1)[-1] for r in fake_ghl.calls(None, "/contacts/ord1") if r.method != "GET"
        ]
        assert arrived[:3] == ["ord1", "tags", "notes"]
        assert fake_ghl.requests[2].at - fake_ghl.requests[0].at >= 0.05  # waited out the rate-limit window

    async def test_after_the_attempt_limit_a_row_is_dead_lettered_and_visible_through_the_api(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
        ghl_server: GhlServer,
    ) -> None:
        await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, "dead1", BUYER))
        while await worker.pipeline.process_next():
            pass
        fake_ghl.always = Scripted(500)
        await settle(worker, database)
        answer = await ghl_client.get(
            "/api/v1/ghl/outbox", params={"status": "dead"}, headers=ghl_tenant.headers
        )
        assert answer.status_code == 200
        dead = answer.json()
        assert dead
        assert all(row["attempts"] == ghl_server.settings.ghl_outbox_max_attempts for row in dead)
        assert "gave up after 3 attempts" in dead[0]["last_error"]

    async def test_a_refused_token_dead_letters_with_a_clear_error(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_server: GhlServer,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        tenant = await make_ghl_tenant(database, ghl_server.settings, "revoked-token")
        await post_signed(ghl_client, signer, inbound_message(tenant.ghl_location_id, "tok1", BUYER))
        await settle(worker, database)
        rows = await _outbox(database, tenant.location_id)
        assert rows
        assert {row.status for row in rows} == {"dead"}
        assert "token was refused" in (rows[0].last_error or "")
