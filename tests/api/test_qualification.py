"""/api/v1/claude/qualification/* against real servers, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.qualification_tables import (
    QualificationAnswerRow,
    QualificationAskedRow,
    QualificationFlowRow,
)
from tests.conftest import RunningServer, Tenant, make_tenant
from tests.support.servers import serve_app

BASE = "/api/v1/claude/qualification"

# Each reply answers what it was asked, except the second, which lets the question pass.
SCRIPT = (
    "Our budget is around 550k, we're pre-approved and putting 20% down",
    "ok thanks",
    "We want to move within 3 months, our lease ends in June and the date is firm",
    "A 4 bedroom house in Austin with a yard and a garage",
    "Text me, evenings after 6 work best, my wife and I decide together",
)


def heaviest_open_areas(flow: dict[str, Any]) -> set[str]:
    """Areas with the most weight still unknown: weight x (1 - completeness)."""
    remaining = {a["area"]: a["weight"] * (1 - a["completeness"]) for a in flow["areas"] if a["open"]}
    top = max(remaining.values())
    return {area for area, weight in remaining.items() if weight == pytest.approx(top)}


async def start(client: httpx.AsyncClient, tenant: Tenant, **body: Any) -> dict[str, Any]:
    payload = {"contact_id": "contact_789", "contact_name": "John Doe", **body}
    response = await client.post(f"{BASE}/start", json=payload, headers=tenant.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def reply(client: httpx.AsyncClient, tenant: Tenant, flow_id: str, message: str) -> dict[str, Any]:
    response = await client.post(
        f"{BASE}/{flow_id}/response", json={"message": message}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


class TestAScriptedConversation:
    async def test_five_replies_take_a_lead_from_new_to_qualified_asking_the_heaviest_open_area_each_time(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        flow = await start(client, tenant)
        assert flow["stage"] == "new"
        assert flow["completeness"] == 0
        assert heaviest_open_areas(flow) == {"budget"}
        assert flow["next_question"]["area"] == "budget"
        stages, previous = [], 0.0
        for message in SCRIPT:
            flow = await reply(client, tenant, flow["flow_id"], message)
            stages.append(flow["stage"])
            if message == "ok thanks":
                assert flow["completeness"] == previous
                assert flow["new_answers"] == []
            else:
                assert flow["completeness"] > previous, message
            previous = flow["completeness"]
            answered = {a["question"] for a in flow["answers"]}
            if flow["next_question"] is not None:
                assert flow["next_question"]["slot"] not in answered
                assert flow["next_question"]["area"] in heaviest_open_areas(flow), message
        assert stages[0] == "qualifying"
        assert stages[-1] == "qualified"
        assert "qualified" not in stages[:3]  # budget is complete early, but too little else is known
        assert flow["qualified_at"] is not None

    async def test_a_question_the_lead_let_pass_gives_way_to_another_in_the_same_area(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        flow = await start(client, tenant, initial_message=SCRIPT[0])
        asked = flow["next_question"]["slot"]
        flow = await reply(client, tenant, flow["flow_id"], "ok thanks")
        assert flow["next_question"]["area"] == "timeline"
        assert flow["next_question"]["slot"] != asked
        assert flow["asked"][0]["question"] == asked
        assert flow["asked"][0]["answered"] is False


class TestLanguage:
    async def test_a_spanish_speaking_lead_is_asked_in_spanish(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        flow = await start(
            client,
            tenant,
            initial_message="Buscamos una casa de 3 recámaras en Monterrey, presupuesto de 3 millones",
        )
        assert flow["language"] == "es"
        assert flow["next_question"]["question"].startswith("¿")
        flow = await reply(client, tenant, flow["flow_id"], "Queremos mudarnos en unos tres meses")
        assert flow["next_question"]["question"].startswith("¿")


class TestVersions:
    async def test_a_stale_expected_version_is_refused_and_the_current_one_accepted(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        flow = await start(client, tenant)
        seen = flow["version"]
        await reply(client, tenant, flow["flow_id"], SCRIPT[0])
        stale = await client.post(
            f"{BASE}/{flow['flow_id']}/response",
            json={"message": SCRIPT[2], "expected_version": seen},
            headers=tenant.headers,
        )
        assert stale.status_code == 409
        assert stale.json()["error"] == "conflict"
        current = (await client.get(f"{BASE}/{flow['flow_id']}", headers=tenant.headers)).json()
        accepted = await client.post(
            f"{BASE}/{flow['flow_id']}/response",
            json={"message": SCRIPT[2], "expected_version": current["version"]},
            headers=tenant.headers,
        )
        assert accepted.status_code == 200
        assert accepted.json()["version"] > current["version"]

    async def test_two_replies_at_the_same_time_both_keep_their_answers(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        flow = await start(client, tenant)
        flow_id = flow["flow_id"]
        first, second = await asyncio.gather(
            client.post(f"{BASE}/{flow_id}/response", json={"message": SCRIPT[0]}, headers=tenant.headers),
            client.post(f"{BASE}/{flow_id}/response", json={"message": SCRIPT[4]}, headers=tenant.headers),
        )
        assert first.status_code == second.status_code == 200
        async with database.session() as session:
            stored = set(
                (
                    await session.execute(
                        select(QualificationAnswerRow.question).where(
                            QualificationAnswerRow.flow_id == flow_id
                        )
                    )
                ).scalars()
            )
        assert {"budget_range", "financing_status", "down_payment"} <= stored
        assert {"preferred_contact", "availability", "decision_maker"} <= stored
        final = (await client.get(f"{BASE}/{flow_id}", headers=tenant.headers)).json()
        assert {a["question"] for a in final["answers"]} == stored
        assert final["version"] == max(first.json()["version"], second.json()["version"])


class TestTenantIsolation:
    async def test_another_tenant_can_neither_read_nor_answer_nor_count_a_flow(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        flow = await start(client, tenant, initial_message=SCRIPT[0])
        other = await make_tenant(database, "Other Realty")
        read = await client.get(f"{BASE}/{flow['flow_id']}", headers=other.headers)
        answered = await client.post(
            f"{BASE}/{flow['flow_id']}/response", json={"message": SCRIPT[2]}, headers=other.headers
        )
        counted = (await client.get(f"{BASE}/analytics", headers=other.headers)).json()
        assert read.status_code == answered.status_code == 404
        assert counted["total_flows"] == 0
        assert counted["drop_off"] == []
        untouched = (await client.get(f"{BASE}/{flow['flow_id']}", headers=tenant.headers)).json()
        assert untouched["version"] == flow["version"]

    async def test_starting_a_flow_in_another_tenants_location_is_forbidden(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        other = await make_tenant(database, "Other Realty")
        response = await client.post(
            f"{BASE}/start",
            json={"contact_id": "c1", "location_id": other.location_id},
            headers=tenant.headers,
        )
        assert response.status_code == 403


class TestAnalytics:
    async def test_the_figures_equal_those_computed_from_the_stored_rows(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        tenant = await make_tenant(database, "Analytics Realty")
        qualified = await start(client, tenant)
        for message in SCRIPT:
            await reply(client, tenant, qualified["flow_id"], message)
        await start(client, tenant, contact_id="quiet")  # asked once, never answered
        opted_out = await start(client, tenant, contact_id="gone", initial_message=SCRIPT[0])
        await reply(client, tenant, opted_out["flow_id"], "Not interested, please stop texting me")

        figures = (await client.get(f"{BASE}/analytics", headers=tenant.headers)).json()

        async with database.session() as session:
            flows = list(
                (
                    await session.execute(
                        select(QualificationFlowRow).where(
                            QualificationFlowRow.location_id == tenant.location_id
                        )
                    )
                ).scalars()
            )
            asked = list(
                (
                    await session.execute(
                        select(QualificationAskedRow)
                        .where(QualificationAskedRow.location_id == tenant.location_id)
                        .order_by(QualificationAskedRow.id)
                    )
                ).scalars()
            )
        assert figures["total_flows"] == len(flows) == 3
        for stage in ("new", "engaged", "qualifying", "qualified", "nurture", "disqualified"):
            assert figures["by_stage"][stage] == sum(f.stage == stage for f in flows)
        assert figures["by_stage"]["qualified"] == figures["by_stage"]["disqualified"] == 1
        assert figures["average_completeness"] == pytest.approx(
            statistics.fmean(f.completeness for f in flows)
        )
        waits = [(f.qualified_at - f.created_at).total_seconds() for f in flows if f.qualified_at]
        assert figures["median_seconds_to_qualified"] == pytest.approx(statistics.median(waits))
        last_asked = {row.flow_id: row for row in asked}
        expected_drops: dict[str, int] = {}
        for row in last_asked.values():
            if row.replied_at is None:
                expected_drops[row.question] = expected_drops.get(row.question, 0) + 1
        reported = {row["question"]: row for row in figures["drop_off"]}
        assert set(reported) == {row.question for row in asked}
        for question, row in reported.items():
            assert row["times_asked"] == sum(a.question == question for a in asked)
            assert row["dropped"] == expected_drops.get(question, 0)
        assert sum(row["dropped"] for row in reported.values()) == 2  # the quiet lead and the qualified one


class TestConfiguration:
    async def test_a_location_can_raise_its_bar_and_invalid_configs_are_refused(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        tenant = await make_tenant(database, "Strict Realty")
        config = (await client.get(f"{BASE}/config", headers=tenant.headers)).json()
        assert config["areas"]["budget"] == {
            "weight": 30,
            "required": True,
            "stage_threshold": "qualified",
            "questions": ["budget_range", "financing_status", "down_payment"],
        }
        config["qualified_threshold"] = 95
        saved = await client.put(f"{BASE}/config", json=config, headers=tenant.headers)
        assert saved.status_code == 200, saved.text
        flow = await start(client, tenant)
        for message in SCRIPT[:4]:
            flow = await reply(client, tenant, flow["flow_id"], message)
        assert flow["stage"] == "qualifying"  # 85% known is not enough for this location
        unknown = {**config, "areas": {"budget": {"weight": 30, "questions": ["shoe_size"]}}}
        bad_threshold = {
            **config,
            "areas": {"budget": {**config["areas"]["budget"], "stage_threshold": "nurture"}},
        }
        for body in (unknown, bad_threshold, {**config, "qualified_threshold": 150}):
            refused = await client.put(f"{BASE}/config", json=body, headers=tenant.headers)
            assert refused.status_code == 422, body
        assert (await client.get(f"{BASE}/config", headers=tenant.headers)).json()[
            "qualified_threshold"
        ] == 95


@contextmanager
def fresh_server(database_url: str, engine: LocalEngine) -> Iterator[str]:
    """A second, independent app instance on the same database, as after a restart."""
    with serve_app(database_url, engine) as served:
        yield served.base_url


class TestRestart:
    async def test_a_flow_started_on_one_instance_continues_on_a_fresh_one(
        self, client: httpx.AsyncClient, tenant: Tenant, server: RunningServer, local_engine: LocalEngine
    ) -> None:
        flow = await start(client, tenant, initial_message=SCRIPT[0])
        with fresh_server(server.database_url, local_engine) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=10) as restarted:
                read = (await restarted.get(f"{BASE}/{flow['flow_id']}", headers=tenant.headers)).json()
                assert read["answers"] == flow["answers"]
                assert read["next_question"] == flow["next_question"]
                continued = await reply(restarted, tenant, flow["flow_id"], SCRIPT[2])
        assert continued["stage"] == "qualifying"
        assert {"budget_range", "move_timeline"} <= {a["question"] for a in continued["answers"]}
