"""Issue 16's GHL intake findings: nothing stored before the signature, nothing acknowledged then dropped.

1. Unsigned (and oversized) bodies were stored before the signature was checked: now refused, not kept.
4. A signed event with a NUL or a 200-character contactId was acknowledged, then failed in the worker
   three times and was never processed: a NUL (or another control character) is now refused 422 and
   kept with its reason; a too-long id is dead-lettered with its reason and listed
   (tests/ghl/test_handlers_and_dead_letters.py).
7. A workflow action replayed with one extra space was a new event: now the same delivery.
"""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from sqlalchemy import func, select

from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent, GhlRejectedPayload
from tests.ghl.conftest import WEBHOOK, GhlTenant, Signer, encode, inbound_message


async def _stored_rows(database: Database) -> tuple[int, int]:
    async with database.session() as session:
        inbox = (await session.execute(select(func.count()).select_from(GhlInboxEvent))).scalar_one()
        rejected = (await session.execute(select(func.count()).select_from(GhlRejectedPayload))).scalar_one()
    return inbox, rejected


class TestFinding1NothingUnsignedIsKept:
    @pytest.mark.parametrize(
        "body",
        [
            b"x" * (200 * 1024),  # oversized
            b"not json at all",
            b'{"type": "InboundMessage"}',
            b"[" * 5_000,
        ],
    )
    async def test_an_unsigned_body_is_refused_and_leaves_no_row(
        self, ghl_client: httpx.AsyncClient, database: Database, body: bytes
    ) -> None:
        before = await _stored_rows(database)
        answer = await ghl_client.post(WEBHOOK, content=body)
        assert answer.status_code in (401, 413)
        assert await _stored_rows(database) == before

    async def test_a_body_with_a_wrong_workflow_secret_leaves_no_row(
        self, ghl_client: httpx.AsyncClient, ghl_tenant: GhlTenant, database: Database
    ) -> None:
        before = await _stored_rows(database)
        path = f"/api/v1/ghl/workflow-webhook/{ghl_tenant.location_id}"
        for body in (b"x" * (200 * 1024), b"junk"):
            answer = await ghl_client.post(path, content=body, headers={"X-Webhook-Secret": "guess"})
            assert answer.status_code in (401, 413)
        assert await _stored_rows(database) == before


class TestFinding4SignedEventsTheDatabaseCannotTake:
    @pytest.mark.parametrize(
        "override",
        [
            {"contactId": "c\x00nul"},
            {"body": "hello\x00there"},
            {"body": "bell\x07"},
        ],
    )
    async def test_the_event_is_refused_422_and_kept_with_its_reason(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        database: Database,
        override: dict[str, str],
    ) -> None:
        payload = {**inbound_message(ghl_tenant.ghl_location_id, "c1", "hi"), **override}
        body = encode(payload)
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert answer.status_code == 422, answer.text
        async with database.session() as session:
            inbox = await session.execute(
                select(func.count()).where(GhlInboxEvent.webhook_id == payload["webhookId"])
            )
            # Bodies are encrypted at rest: compared once read, not in SQL.
            rejected = await session.execute(select(GhlRejectedPayload.body, GhlRejectedPayload.reason))
            kept = [reason for stored, reason in rejected.all() if stored == body]
        assert inbox.scalar_one() == 0  # never acknowledged, so GHL's own logs show the failure
        assert kept == [answer.json()["message"]]

    async def test_json_nested_deeper_than_the_limit_is_refused_422(
        self, ghl_client: httpx.AsyncClient, signer: Signer, ghl_tenant: GhlTenant
    ) -> None:
        payload = inbound_message(ghl_tenant.ghl_location_id, "c1", "hi")
        body = encode(payload)[:-1] + b', "deep": ' + b"[" * 1_000 + b"]" * 1_000 + b"}"
        answer = await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
        assert answer.status_code == 422
        assert "nests" in answer.json()["message"]


class TestFinding7WorkflowReplaysAreOneDelivery:
    async def test_the_same_action_spaced_or_ordered_differently_is_a_duplicate(
        self, ghl_client: httpx.AsyncClient, ghl_tenant: GhlTenant
    ) -> None:
        path = f"/api/v1/ghl/workflow-webhook/{ghl_tenant.location_id}"
        issued = await ghl_client.post("/api/v1/ghl/workflow-secret", headers=ghl_tenant.headers)
        headers = {"X-Webhook-Secret": issued.json()["workflow_secret"], "content-type": "application/json"}
        payload = {"contact_id": f"wf-{uuid.uuid4().hex[:8]}", "message": "Call me about the house"}
        first = await ghl_client.post(path, content=json.dumps(payload), headers=headers)
        spaced = await ghl_client.post(path, content=json.dumps(payload, indent=1) + " ", headers=headers)
        reordered = await ghl_client.post(
            path, content=json.dumps(dict(reversed(payload.items()))), headers=headers
        )
        assert first.json()["status"] == "accepted"
        assert spaced.json()["status"] == reordered.json()["status"] == "duplicate"
        other = await ghl_client.post(path, json={**payload, "message": "Text me instead"}, headers=headers)
        assert other.json()["status"] == "accepted"
