"""The actions endpoints against a real server whose clock the tests set."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.storage.action_tables import ActionRecord
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Contact
from tests.conftest import Tenant, make_tenant
from tests.support.servers import serve_app

# 15:00 UTC on a Wednesday: 10:00 in New York, 07:00 in Los Angeles, midnight in Tokyo.
WEDNESDAY_AFTERNOON = datetime(2026, 1, 14, 15, 0, tzinfo=UTC)


@dataclass
class SettableClock:
    now: datetime = WEDNESDAY_AFTERNOON

    def __call__(self) -> datetime:
        return self.now


@dataclass
class ClockedServer:
    base_url: str
    clock: SettableClock


@pytest.fixture(scope="module")
def clocked_server(database_url: str, local_engine: LocalEngine) -> Iterator[ClockedServer]:
    """The real app on a free port, with a clock the tests set."""
    clock = SettableClock()
    with serve_app(database_url, local_engine, clock=clock) as served:
        yield ClockedServer(served.base_url, clock)


@pytest.fixture
async def api(clocked_server: ClockedServer) -> AsyncIterator[httpx.AsyncClient]:
    clocked_server.clock.now = WEDNESDAY_AFTERNOON
    async with httpx.AsyncClient(base_url=clocked_server.base_url, timeout=20) as http:
        yield http


@pytest.fixture
def clock(clocked_server: ClockedServer) -> SettableClock:
    return clocked_server.clock


def reading(urgency: str = "medium", score: int = 50, **extra: object) -> dict[str, object]:
    return {
        "primary_intent": "property_search",
        "intent_confidence": 90,
        "motivation": None,
        "urgency_level": urgency,
        "urgency_score": score,
        "decision_stage": "actively_searching",
        "sentiment": "neutral",
        "language": "en",
        "confidence": 80,
        **extra,
    }


def critical() -> dict[str, object]:
    return reading("critical", 95, primary_intent="sell_property", decision_stage="ready_to_transact")


def plan_body(lead: str, analysis: dict[str, object] | None = None, **signals: object) -> dict[str, Any]:
    return {
        "contact_id": lead,
        "lead_analysis": analysis or reading(),
        "timezone": "America/New_York",
        "answered_channels": {"sms": 2, "call": 1},
        "last_inbound_at": WEDNESDAY_AFTERNOON.isoformat(),
        "qualification_completeness": 50,
        **signals,
    }


def new_lead() -> str:
    return f"lead-{secrets.token_hex(4)}"


async def create(api: httpx.AsyncClient, tenant: Tenant, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post("/api/v1/claude/actions/create-plan", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    plan: dict[str, Any] = response.json()
    return plan


def outreach(plan: dict[str, Any]) -> list[dict[str, Any]]:
    actions = [*plan["immediate_actions"], *(step["action"] for step in plan["follow_up_schedule"])]
    return [action for action in actions if action["channel"] != "task"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def pending_per_reason(database: Database, location_id: str, lead: str) -> dict[str, int]:
    async with database.session() as session:
        rows = await session.execute(
            select(ActionRecord.reason, func.count())
            .join(Contact, Contact.id == ActionRecord.contact_id)
            .where(
                ActionRecord.location_id == location_id,
                Contact.external_id == lead,
                ActionRecord.status.in_(("open", "snoozed")),
            )
            .group_by(ActionRecord.reason)
        )
        return {reason: count for reason, count in rows.all()}


class TestCreatePlan:
    async def test_a_conversation_becomes_a_plan_with_the_fields_the_ghl_example_reads(
        self, api: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        body = {
            "contact_id": new_lead(),
            "conversation_messages": [
                {"speaker": "agent", "message": "How soon are you hoping to move?"},
                {"speaker": "prospect", "message": "We need to buy a 3 bedroom house in Austin this month"},
            ],
            "timezone": "America/Chicago",
        }
        plan = await create(api, tenant, body)
        first = plan["immediate_actions"][0]
        assert first["description"] and first["channel"] in ("sms", "email", "call")
        assert first["reason"] and 0 <= first["confidence"] <= 1 and first["action_id"].startswith("act_")
        assert at(first["due_at"]) >= WEDNESDAY_AFTERNOON
        assert plan["plan_id"].startswith("pln_")
        assert sum(f["contribution"] for f in plan["priority_factors"]) == pytest.approx(
            plan["priority_score"]
        )
        assert {risk["kind"] for risk in plan["risks"]} == {
            "opportunity_loss",
            "disengagement",
            "competing_agent",
            "financing",
        }
        assert plan["follow_up_schedule"]

    @pytest.mark.parametrize(
        ("zone", "now"),
        [
            ("America/Los_Angeles", datetime(2026, 1, 15, 7, 30, tzinfo=UTC)),
            ("Asia/Tokyo", datetime(2026, 1, 15, 14, 30, tzinfo=UTC)),
        ],
    )
    async def test_a_lead_writing_at_half_past_eleven_their_time_gets_no_text_or_call_before_eight(
        self, api: httpx.AsyncClient, tenant: Tenant, clock: SettableClock, zone: str, now: datetime
    ) -> None:
        clock.now = now
        assert now.astimezone(ZoneInfo(zone)).time() == time(23, 30)
        plan = await create(
            api, tenant, plan_body(new_lead(), critical(), timezone=zone, last_inbound_at=now.isoformat())
        )
        timed = [a for a in outreach(plan) if a["channel"] in ("sms", "call")]
        assert timed
        for action in timed:
            local = at(action["not_before"]).astimezone(ZoneInfo(zone))
            assert time(8) <= local.time() < time(21), action
        assert plan["immediate_actions"][0]["channel"] == "call"

    @pytest.mark.parametrize("flag", ["opted_out", "do_not_disturb"])
    async def test_a_lead_who_opted_out_or_is_on_dnd_gets_no_outreach_now_or_later(
        self, api: httpx.AsyncClient, tenant: Tenant, flag: str
    ) -> None:
        lead = new_lead()
        plan = await create(api, tenant, plan_body(lead, critical(), **{flag: True}))
        assert outreach(plan) == [] and plan["outreach_allowed"] is False
        assert plan["immediate_actions"][0]["channel"] == "task"
        # The flag is stored on the contact: a later plan that does not repeat it still respects it.
        later = await create(api, tenant, {"contact_id": lead, "lead_analysis": critical()})
        assert outreach(later) == []

    async def test_an_unknown_time_zone_is_422_naming_the_field(
        self, api: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await api.post(
            "/api/v1/claude/actions/create-plan",
            json=plan_body(new_lead(), timezone="Mars/Olympus_Mons"),
            headers=tenant.headers,
        )
        assert response.status_code == 422
        assert "timezone" in response.json()["message"] and "Mars/Olympus_Mons" in response.json()["message"]

    async def test_a_plan_needs_a_message_or_an_analysis(
        self, api: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await api.post(
            "/api/v1/claude/actions/create-plan", json={"contact_id": "x"}, headers=tenant.headers
        )
        assert response.status_code == 422
        assert "conversation_messages" in response.json()["message"]

    async def test_another_tenants_location_id_is_403(
        self, api: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        other = await make_tenant(database, "Other Realty")
        body = {**plan_body(new_lead()), "location_id": other.location_id}
        response = await api.post("/api/v1/claude/actions/create-plan", json=body, headers=tenant.headers)
        assert response.status_code == 403


class TestNoDuplicateActions:
    async def test_planning_twice_for_the_same_lead_keeps_one_action_per_reason(
        self, api: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        lead = new_lead()
        first = await create(api, tenant, plan_body(lead, critical()))
        second = await create(api, tenant, plan_body(lead, critical()))
        ids = [a["action_id"] for a in first["immediate_actions"]]
        assert [a["action_id"] for a in second["immediate_actions"]] == ids
        counts = await pending_per_reason(database, tenant.location_id, lead)
        assert counts and set(counts.values()) == {1}

    async def test_concurrent_plans_for_the_same_lead_keep_one_action_per_reason(
        self, api: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        lead = new_lead()
        responses = await asyncio.gather(
            *(
                api.post(
                    "/api/v1/claude/actions/create-plan",
                    json=plan_body(lead, critical()),
                    headers=tenant.headers,
                )
                for _ in range(8)
            )
        )
        assert [r.status_code for r in responses] == [200] * 8
        assert len({r.json()["immediate_actions"][0]["action_id"] for r in responses}) == 1
        counts = await pending_per_reason(database, tenant.location_id, lead)
        assert counts["critical_priority"] == 1 and set(counts.values()) == {1}

    async def test_once_an_action_is_completed_the_same_reason_may_be_planned_again(
        self, api: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        lead = new_lead()
        first = (await create(api, tenant, plan_body(lead, critical())))["immediate_actions"][0]
        done = await api.post(f"/api/v1/claude/actions/{first['action_id']}/complete", headers=tenant.headers)
        assert done.status_code == 200
        again = (await create(api, tenant, plan_body(lead, critical())))["immediate_actions"][0]
        assert again["reason"] == first["reason"] and again["action_id"] != first["action_id"]


class TestDueActions:
    async def test_only_this_locations_pending_actions_due_in_the_window_by_priority(
        self, api: httpx.AsyncClient, database: Database
    ) -> None:
        mine, theirs = await make_tenant(database, "Mine"), await make_tenant(database, "Theirs")
        urgent, calm = new_lead(), new_lead()
        await create(api, mine, plan_body(calm, reading("high", 75)))
        await create(api, mine, plan_body(urgent, critical()))
        await create(api, theirs, plan_body(new_lead(), critical()))

        response = await api.get("/api/v1/claude/actions/due?within=PT4H", headers=mine.headers)
        assert response.status_code == 200, response.text
        due = response.json()
        window_end = WEDNESDAY_AFTERNOON + timedelta(hours=4)
        assert at(due["window_end"]) == window_end
        assert due["count"] == len(due["actions"]) >= 2
        assert {a["contact_id"] for a in due["actions"]} == {urgent, calm}
        assert all(at(a["due_at"]) <= window_end and a["status"] == "open" for a in due["actions"])
        scores = [a["priority_score"] for a in due["actions"]]
        assert scores == sorted(scores, reverse=True)
        assert due["actions"][0]["contact_id"] == urgent

        their_due = (await api.get("/api/v1/claude/actions/due?within=4h", headers=theirs.headers)).json()
        assert their_due["count"] == 1 and their_due["actions"][0]["contact_id"] not in (urgent, calm)

    async def test_short_and_iso_forms_give_the_same_window(
        self, api: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        iso = await api.get("/api/v1/claude/actions/due?within=PT30M", headers=tenant.headers)
        short = await api.get("/api/v1/claude/actions/due?within=30m", headers=tenant.headers)
        assert iso.json()["window_end"] == short.json()["window_end"]

    @pytest.mark.parametrize("within", ["soon", "PT", "-4h", "P999D"])
    async def test_a_bad_window_is_422_saying_what_is_accepted(
        self, api: httpx.AsyncClient, tenant: Tenant, within: str
    ) -> None:
        response = await api.get(f"/api/v1/claude/actions/due?within={within}", headers=tenant.headers)
        assert response.status_code == 422
        message = response.json()["message"]
        assert "within" in message
        assert "PT4H" in message or "366 days" in message

    async def test_the_due_list_needs_an_api_key(self, api: httpx.AsyncClient) -> None:
        response = await api.get("/api/v1/claude/actions/due?within=PT4H")
        assert response.status_code == 401


class TestCompleteAndSnooze:
    async def first_action(self, api: httpx.AsyncClient, tenant: Tenant, **signals: object) -> dict[str, Any]:
        plan = await create(api, tenant, plan_body(new_lead(), reading("high", 75), **signals))
        action: dict[str, Any] = plan["immediate_actions"][0]
        assert action["channel"] == "sms"
        return action

    async def test_a_completed_action_records_when_and_leaves_the_due_list(
        self, api: httpx.AsyncClient, tenant: Tenant, clock: SettableClock
    ) -> None:
        action = await self.first_action(api, tenant)
        clock.now = WEDNESDAY_AFTERNOON + timedelta(minutes=20)
        response = await api.post(
            f"/api/v1/claude/actions/{action['action_id']}/complete", headers=tenant.headers
        )
        assert response.status_code == 200, response.text
        done = response.json()
        assert done["status"] == "completed" and at(done["completed_at"]) == clock.now
        due = (await api.get("/api/v1/claude/actions/due?within=P1D", headers=tenant.headers)).json()
        assert action["action_id"] not in {a["action_id"] for a in due["actions"]}
        again = await api.post(
            f"/api/v1/claude/actions/{action['action_id']}/complete", headers=tenant.headers
        )
        assert again.status_code == 200 and again.json()["completed_at"] == done["completed_at"]

    async def test_snoozing_for_minutes_moves_the_action_later(
        self, api: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        action = await self.first_action(api, tenant)
        response = await api.post(
            f"/api/v1/claude/actions/{action['action_id']}/snooze",
            json={"minutes": 90},
            headers=tenant.headers,
        )
        assert response.status_code == 200, response.text
        snoozed = response.json()
        assert snoozed["status"] == "snoozed"
        assert at(snoozed["not_before"]) == WEDNESDAY_AFTERNOON + timedelta(minutes=90)
        assert at(snoozed["due_at"]) > at(snoozed["not_before"])

    async def test_snoozing_a_text_into_the_night_wakes_it_at_eight_the_leads_time(
        self, api: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        action = await self.first_action(api, tenant, timezone="America/Los_Angeles")
        late = datetime(2026, 1, 14, 22, 15, tzinfo=ZoneInfo("America/Los_Angeles"))
        response = await api.post(
            f"/api/v1/claude/actions/{action['action_id']}/snooze",
            json={"until": late.isoformat()},
            headers=tenant.headers,
        )
        assert response.status_code == 200, response.text
        wake = at(response.json()["not_before"]).astimezone(ZoneInfo("America/Los_Angeles"))
        assert wake == datetime(2026, 1, 15, 8, 0, tzinfo=ZoneInfo("America/Los_Angeles"))

    @pytest.mark.parametrize(
        "body", [{}, {"minutes": 10, "until": "2026-01-20T10:00:00Z"}, {"until": "2026-01-01T10:00:00Z"}]
    )
    async def test_a_snooze_needs_exactly_one_future_time(
        self, api: httpx.AsyncClient, tenant: Tenant, body: dict[str, object]
    ) -> None:
        action = await self.first_action(api, tenant)
        response = await api.post(
            f"/api/v1/claude/actions/{action['action_id']}/snooze", json=body, headers=tenant.headers
        )
        assert response.status_code == 422
        assert "until" in response.json()["message"]

    async def test_a_completed_action_cannot_be_snoozed(self, api: httpx.AsyncClient, tenant: Tenant) -> None:
        action = await self.first_action(api, tenant)
        await api.post(f"/api/v1/claude/actions/{action['action_id']}/complete", headers=tenant.headers)
        response = await api.post(
            f"/api/v1/claude/actions/{action['action_id']}/snooze",
            json={"minutes": 5},
            headers=tenant.headers,
        )
        assert response.status_code == 409

    @pytest.mark.parametrize("operation", ["complete", "snooze"])
    async def test_another_tenants_action_is_404_and_stays_untouched(
        self, api: httpx.AsyncClient, tenant: Tenant, database: Database, operation: str
    ) -> None:
        action = await self.first_action(api, tenant)
        intruder = await make_tenant(database, "Intruder")
        response = await api.post(
            f"/api/v1/claude/actions/{action['action_id']}/{operation}",
            json={"minutes": 30},
            headers=intruder.headers,
        )
        assert response.status_code == 404
        assert action["action_id"] in response.json()["message"]
        due = (await api.get("/api/v1/claude/actions/due?within=P1D", headers=tenant.headers)).json()
        mine = next(a for a in due["actions"] if a["action_id"] == action["action_id"])
        assert mine["status"] == "open" and mine["due_at"] == action["due_at"]
