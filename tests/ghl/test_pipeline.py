"""The worker: inbound messages become analyses and GHL updates, once each, gated by tags, in order."""

from __future__ import annotations

from sqlalchemy import select

from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlOutboxItem
from tests.fakes.ghl_server import Scripted
from tests.ghl.conftest import Ghl, contact_event

BUYER = "We're pre-approved and want to buy a 3 bedroom house in Austin within the next month"


async def _outbox(database: Database, location_id: str) -> list[GhlOutboxItem]:
    async with database.session() as session:
        query = (
            select(GhlOutboxItem).where(GhlOutboxItem.location_id == location_id).order_by(GhlOutboxItem.id)
        )
        return list((await session.execute(query)).scalars())


class TestWriteBack:
    async def test_an_inbound_message_writes_fields_tags_a_note_and_a_task_to_the_contact(
        self, ghl: Ghl
    ) -> None:
        assert (await ghl.message("wb1", BUYER)).status_code == 200
        await ghl.settle()
        [update] = ghl.fake.calls("PUT", "/contacts/wb1")
        ids = {
            f["fieldKey"].removeprefix("contact."): f["id"]
            for f in ghl.fake.custom_fields[ghl.tenant.ghl_location_id]
        }
        assert set(ids) == {"claude_intent", "ai_score", "urgency_level", "next_action"}
        written = {item["id"]: item["field_value"] for item in update.body["customFields"]}
        assert set(written) == set(ids.values())
        assert 0 <= int(written[ids["ai_score"]]) <= 100
        assert "tags" not in update.body
        assert ghl.fake.calls("POST", "/contacts/wb1/tags")
        assert "Lead score" in ghl.fake.notes["wb1"][0]["body"]

    async def test_field_ids_are_resolved_once_per_location(self, ghl: Ghl) -> None:
        for contact in ("f1", "f2", "f3"):
            await ghl.message(contact, BUYER)
        await ghl.settle()
        location = ghl.tenant.ghl_location_id
        assert len(ghl.fake.calls("GET", f"/locations/{location}/customFields")) == 1
        assert len(ghl.fake.calls("POST", f"/locations/{location}/customFields")) == 4
        assert len(ghl.fake.calls("PUT", "/contacts/f")) == 3

    async def test_existing_tags_are_never_removed(self, ghl: Ghl) -> None:
        ghl.fake.tags["keep1"] = ["vip", "referral"]
        await ghl.message("keep1", BUYER)
        await ghl.settle()
        assert ghl.fake.tags["keep1"][:2] == ["vip", "referral"]
        assert "AI-Analyzed" in ghl.fake.tags["keep1"]
        assert not ghl.fake.calls("DELETE")
        assert all("tags" not in call.body for call in ghl.fake.calls("PUT"))

    async def test_a_hot_lead_is_tagged_and_handed_off_to_the_assigned_agent(self, ghl: Ghl) -> None:
        tenant = await ghl.new_tenant(hot_lead_threshold=0)
        await ghl.post(contact_event(tenant.ghl_location_id, "hot1", ["buyer"]) | {"assignedTo": "user_42"})
        await ghl.message("hot1", BUYER, tenant)
        await ghl.settle()
        assert "Hot-Lead" in ghl.fake.tags["hot1"]
        handoffs = [t for t in ghl.fake.tasks["hot1"] if t["title"].startswith("Hot lead")]
        assert len(handoffs) == 1
        assert handoffs[0]["assignedTo"] == "user_42"


class TestAiGating:
    async def test_a_contact_with_a_deactivation_tag_gets_no_write_back_and_no_outbound_action(
        self, ghl: Ghl
    ) -> None:
        await ghl.tags("off1", ["buyer", "AI-Off"])
        await ghl.message("off1", BUYER)
        await ghl.settle()
        assert await _outbox(ghl.database, ghl.tenant.location_id) == []
        assert not ghl.fake.calls(None, "/contacts/off1", status=None)

    async def test_with_activation_tags_configured_only_tagged_contacts_get_ai(self, ghl: Ghl) -> None:
        tenant = await ghl.new_tenant(activation_tags=["AI-On"])
        await ghl.tags("on1", ["ai-on"], tenant)
        for contact in ("on1", "plain1"):
            await ghl.message(contact, BUYER, tenant)
        await ghl.settle()
        assert ghl.fake.calls("PUT", "/contacts/on1")
        assert not ghl.fake.calls(None, "/contacts/plain1", status=None)

    async def test_a_contact_switched_off_before_sending_gets_nothing_more(self, ghl: Ghl) -> None:
        await ghl.message("late1", BUYER)
        await ghl.read_inbox()
        await ghl.tags("late1", ["Stop-Bot"])
        await ghl.read_inbox()
        await ghl.settle()
        assert not ghl.fake.calls(None, "/contacts/late1", status=None)
        assert {row.status for row in await _outbox(ghl.database, ghl.tenant.location_id)} == {"skipped"}


class TestDelivery:
    async def test_after_429_then_500_the_updates_arrive_in_order(self, ghl: Ghl) -> None:
        await ghl.message("ord1", BUYER)
        await ghl.read_inbox()
        limited = {
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Interval-Milliseconds": "50",
            "X-RateLimit-Max": "100",
        }
        ghl.fake.script = [Scripted(429, headers=limited), Scripted(500)]
        await ghl.settle()
        statuses = [r.status for r in ghl.fake.requests]
        assert statuses[:2] == [429, 500]
        rows = await _outbox(ghl.database, ghl.tenant.location_id)
        assert {row.status for row in rows} == {"sent"}
        sent_order = [row.operation for row in sorted(rows, key=lambda row: row.sent_at or row.created_at)]
        assert sent_order == [row.operation for row in rows]
        arrived = [
            r.path.rsplit("/", 1)[-1] for r in ghl.fake.calls(None, "/contacts/ord1") if r.method != "GET"
        ]
        assert arrived[:3] == ["ord1", "tags", "notes"]
        assert ghl.fake.requests[2].at - ghl.fake.requests[0].at >= 0.05  # waited out the rate-limit window

    async def test_after_the_attempt_limit_a_row_is_dead_lettered_and_visible_through_the_api(
        self, ghl: Ghl
    ) -> None:
        await ghl.message("dead1", BUYER)
        await ghl.read_inbox()
        ghl.fake.always = Scripted(500)
        await ghl.settle()
        answer = await ghl.client.get(
            "/api/v1/ghl/outbox", params={"status": "dead"}, headers=ghl.tenant.headers
        )
        assert answer.status_code == 200
        dead = answer.json()
        assert dead
        assert all(row["attempts"] == ghl.server.settings.ghl_outbox_max_attempts for row in dead)
        assert "gave up after 3 attempts" in dead[0]["last_error"]

    async def test_a_refused_token_dead_letters_with_a_clear_error(self, ghl: Ghl) -> None:
        tenant = await ghl.new_tenant("revoked-token")
        await ghl.message("tok1", BUYER, tenant)
        await ghl.settle()
        rows = await _outbox(ghl.database, tenant.location_id)
        assert rows
        assert {row.status for row in rows} == {"dead"}
        assert "token was refused" in (rows[0].last_error or "")
