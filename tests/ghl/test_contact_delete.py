"""A GHL ContactDelete erases the contact here as DELETE /api/v1/contacts/{id} does."""

from __future__ import annotations

import secrets

import httpx
from sqlalchemy import select

from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent
from ghl_real_estate_ai.storage.models import Contact, Message
from ghl_real_estate_ai.storage.protection_tables import AuditEntry
from tests.ghl.conftest import WEBHOOK, GhlTenant, Signer, contact_event, encode, inbound_message, settle


class TestContactDelete:
    async def test_nothing_of_the_contact_is_left_after_ghl_deletes_it(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        database: Database,
        worker: GhlWorker,
    ) -> None:
        contact_id = f"c_{secrets.token_hex(4)}"
        words = f"Text me at 512-555-{secrets.randbelow(9000) + 1000}, we want a 3 bed house"
        for payload in (
            contact_event(ghl_tenant.ghl_location_id, contact_id, ["buyer"], "ContactCreate"),
            inbound_message(ghl_tenant.ghl_location_id, contact_id, words),
        ):
            body = encode(payload)
            assert (
                await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))
            ).status_code == 200
        await settle(worker, database)
        exported = await ghl_client.get(f"/api/v1/contacts/{contact_id}/export", headers=ghl_tenant.headers)
        assert exported.status_code == 200
        assert words in exported.text

        deletion = contact_event(ghl_tenant.ghl_location_id, contact_id, [], "ContactDelete")
        body = encode(deletion)
        assert (await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))).status_code == 200
        await settle(worker, database)

        gone = await ghl_client.get(f"/api/v1/contacts/{contact_id}/export", headers=ghl_tenant.headers)
        assert gone.status_code == 404
        async with database.session() as session:
            contacts = await session.execute(
                select(Contact.id).where(
                    Contact.location_id == ghl_tenant.location_id, Contact.external_id == contact_id
                )
            )
            bodies = await session.execute(
                select(Message.body).where(Message.location_id == ghl_tenant.location_id)
            )
            inbox = await session.execute(select(GhlInboxEvent.body, GhlInboxEvent.status))
            audited = await session.execute(
                select(AuditEntry.actor).where(
                    AuditEntry.location_id == ghl_tenant.location_id, AuditEntry.action == "contact.erase"
                )
            )
        assert list(contacts.scalars()) == []
        assert words not in list(bodies.scalars())
        assert not [stored for stored, _ in inbox.all() if contact_id in stored or words in stored]
        assert list(audited.scalars()) == ["ghl"]
