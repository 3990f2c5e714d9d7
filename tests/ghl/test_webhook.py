"""POST /api/v1/ghl/webhook and /workflow-webhook: verified, de-duplicated, durable, clear refusals."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select

from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent, GhlOutboxItem, GhlRejectedPayload
from tests.ghl.conftest import WEBHOOK, GhlTenant, Signer, encode, inbound_message


async def _inbox_rows(database: Database, webhook_id: str) -> list[GhlInboxEvent]:
    async with database.session() as session:
        query = select(GhlInboxEvent).where(GhlInboxEvent.webhook_id == webhook_id)
        return list((await session.execute(query)).scalars())


class TestSignedEvents:
    async def test_an_ed25519_signed_event_is_accepted_and_stored(
        self, ghl_client: httpx.AsyncClient, signer: Signer, ghl_tenant: GhlTenant, database: Database
    ) -> None:
        payload = inbound_message(ghl_tenant.ghl_location_id, "c1", "Hi, we want to buy a 3 bed house")
        body = encode(payload)
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"status": "accepted", "webhook_id": payload["webhookId"]}
        assert len(await _inbox_rows(database, payload["webhookId"])) == 1

    async def test_the_legacy_rsa_signature_is_accepted_when_the_ed25519_header_is_absent(
        self, ghl_client: httpx.AsyncClient, signer: Signer, ghl_tenant: GhlTenant
    ) -> None:
        body = encode(inbound_message(ghl_tenant.ghl_location_id, "c1", "hello"))
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body, "rsa"))
        assert answer.status_code == 200, answer.text

    async def test_a_wrong_signature_gets_401(
        self, ghl_client: httpx.AsyncClient, signer: Signer, ghl_tenant: GhlTenant
    ) -> None:
        body = encode(inbound_message(ghl_tenant.ghl_location_id, "c1", "hello"))
        signed_other = signer.headers(body + b" ")
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signed_other)
        assert answer.status_code == 401
        assert answer.json()["error"] == "invalid_signature"

    async def test_an_unsigned_body_gets_401(
        self, ghl_client: httpx.AsyncClient, ghl_tenant: GhlTenant
    ) -> None:
        answer = await ghl_client.post(
            WEBHOOK, content=encode(inbound_message(ghl_tenant.ghl_location_id, "c", "x"))
        )
        assert answer.status_code == 401
        assert "x-ghl-signature" in answer.json()["message"]

    async def test_a_stale_timestamp_gets_401(
        self, ghl_client: httpx.AsyncClient, signer: Signer, ghl_tenant: GhlTenant
    ) -> None:
        old = (datetime.now(UTC) - timedelta(minutes=10)).isoformat()
        body = encode(inbound_message(ghl_tenant.ghl_location_id, "c1", "hello", timestamp=old))
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert answer.status_code == 401
        assert answer.json()["error"] == "stale_webhook"

    async def test_an_unknown_event_type_is_stored_and_acknowledged(
        self, ghl_client: httpx.AsyncClient, signer: Signer, ghl_tenant: GhlTenant, database: Database
    ) -> None:
        payload = {
            "type": "InvoicePaid",
            "locationId": ghl_tenant.ghl_location_id,
            "webhookId": str(uuid.uuid4()),
            "timestamp": datetime.now(UTC).isoformat(),
        }
        body = encode(payload)
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert answer.status_code == 200
        assert len(await _inbox_rows(database, payload["webhookId"])) == 1


class TestReplays:
    async def test_a_replayed_webhook_id_is_acknowledged_but_processed_once(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        database: Database,
        worker: GhlWorker,
    ) -> None:
        payload = inbound_message(
            ghl_tenant.ghl_location_id, "c-replay", "We need to move by next month, 2 beds"
        )
        body = encode(payload)
        answers = await asyncio.gather(
            *[ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body)) for _ in range(5)]
        )
        assert sorted(a.json()["status"] for a in answers) == ["accepted"] + ["duplicate"] * 4
        async with asyncio.timeout(30):
            await worker.drain()
        again = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert again.status_code == 200
        assert again.json()["status"] == "duplicate"
        async with asyncio.timeout(30):
            await worker.drain()
        rows = await _inbox_rows(database, payload["webhookId"])
        assert [row.status for row in rows] == ["done"]
        async with database.session() as session:
            queued = await session.execute(
                select(func.count()).where(GhlOutboxItem.location_id == ghl_tenant.location_id)
            )
            sent = await session.execute(
                select(GhlOutboxItem.operation).where(
                    GhlOutboxItem.location_id == ghl_tenant.location_id, GhlOutboxItem.status == "sent"
                )
            )
            operations = sorted(sent.scalars())
        assert queued.scalar_one() == len(operations)
        assert operations.count("update_fields") == 1


class TestRefusedBodies:
    async def test_a_malformed_body_gets_400_and_is_kept(
        self, ghl_client: httpx.AsyncClient, signer: Signer, database: Database
    ) -> None:
        body = b'{"type": "InboundMessage", "webhookId": "broken' + uuid.uuid4().hex.encode()
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert answer.status_code == 400
        assert "not valid JSON" in answer.json()["message"]
        assert body in await _rejected_bodies(database)

    async def test_a_body_missing_the_webhook_id_gets_422_and_is_kept(
        self, ghl_client: httpx.AsyncClient, signer: Signer, database: Database
    ) -> None:
        body = json.dumps(
            {"type": "ContactCreate", "timestamp": datetime.now(UTC).isoformat(), "n": uuid.uuid4().hex}
        ).encode()
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert answer.status_code == 422
        assert "webhookId" in answer.json()["message"]
        assert body in await _rejected_bodies(database)

    async def test_an_oversized_body_gets_413_and_is_not_kept(
        self, ghl_client: httpx.AsyncClient, signer: Signer, database: Database
    ) -> None:
        # Without the whole body its signature cannot be checked: it may be anyone's, so nothing is kept.
        marker = uuid.uuid4().hex.encode()
        body = marker + b"x" * (200 * 1024)
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert answer.status_code == 413
        assert "limit" in answer.json()["message"]
        assert not [kept for kept in await _rejected_bodies(database) if kept.startswith(marker)]


async def _rejected_bodies(database: Database) -> list[bytes]:
    async with database.session() as session:
        return list((await session.execute(select(GhlRejectedPayload.body))).scalars())


class TestWorkflowWebhooks:
    async def test_a_workflow_action_needs_the_locations_secret(
        self, ghl_client: httpx.AsyncClient, ghl_tenant: GhlTenant, database: Database
    ) -> None:
        path = f"/api/v1/ghl/workflow-webhook/{ghl_tenant.location_id}"
        payload = {
            "contact_id": "wf-c1",
            "full_name": "Ann Park",
            "tags": "buyer, AI-On",
            "location": {"id": "x"},
        }
        refused = await ghl_client.post(path, json=payload, headers={"X-Webhook-Secret": "guess"})
        assert refused.status_code == 401
        issued = await ghl_client.post("/api/v1/ghl/workflow-secret", headers=ghl_tenant.headers)
        secret = issued.json()["workflow_secret"]
        accepted = await ghl_client.post(path, json=payload, headers={"X-Webhook-Secret": secret})
        assert accepted.status_code == 200, accepted.text
        replay = await ghl_client.post(path, json=payload, headers={"X-Webhook-Secret": secret})
        assert replay.json()["status"] == "duplicate"
