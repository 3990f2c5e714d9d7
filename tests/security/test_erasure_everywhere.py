"""After erasure nothing of the contact is left: not in the tables, not in Claude's refinement cache in
Redis, not in the hub's retained events in Redis, and not in the logs (issue 16's acceptance).

One real server per test, with REDIS_URL set (cache and broker in Redis) and Claude as the local fake
of the Messages API; the process's logs are captured as the service writes them, at DEBUG.
"""

from __future__ import annotations

import io
import json
import secrets
from dataclasses import dataclass

import httpx
import redis.asyncio as aioredis
from sqlalchemy import select

from ghl_real_estate_ai.clock import system_clock
from ghl_real_estate_ai.intelligence.claude.cache import cache_owner
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.realtime.broker import Retention
from ghl_real_estate_ai.realtime.redis_broker import RedisBroker
from ghl_real_estate_ai.storage import (  # noqa: F401  (every table registered on Base)
    action_tables,
    alert_tables,
    audit_tables,
    feedback_tables,
    ghl_tables,
    learning_tables,
    listing_tables,
    outcome_tables,
    performance_tables,
    protection_tables,
    qualification_tables,
)
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Analysis, Base, Contact, Conversation
from ghl_real_estate_ai.storage.protection_tables import AuditEntry
from tests.conftest import Tenant
from tests.fakes.anthropic_server import FakeAnthropic, answer
from tests.support.servers import serve_app

COACHING = "/api/v1/claude/coaching/real-time"
CACHE_PREFIX = "enterprisehub:claude:"
AGENT = "agent_erasure"


@dataclass(frozen=True)
class Person:
    lead: str
    name: str
    email: str
    phone: str
    words: str

    @classmethod
    def new(cls) -> Person:
        tag = secrets.token_hex(3)
        name = f"Annika Quell{tag}"
        email = f"annika.{tag}@example.com"
        phone = f"(512) 555-{secrets.randbelow(9000) + 1000}"
        words = f"I'm {name}, email me at {email} or call {phone}; our dog Rex{tag} needs a big yard"
        return cls(f"lead_{tag}", name, email, phone, words)

    def traces(self) -> dict[str, str]:
        return {
            "lead id": self.lead,
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "phone digits": self.phone[-8:],
            "words": self.words.split(";")[1].strip(),
        }


async def _converse(http: httpx.AsyncClient, tenant: Tenant, person: Person) -> str:
    coached = await http.post(
        COACHING,
        params={"refine": "wait"},
        json={
            "agent_id": AGENT,
            "prospect_message": person.words,
            "conversation_context": {"lead_id": person.lead},
        },
        headers=tenant.headers,
    )
    assert coached.status_code == 200, coached.text
    assert coached.json()["engine"] == "claude"  # Claude answered, so its refinement is cached
    started = await http.post(
        "/api/v1/claude/qualification/start",
        json={"contact_id": person.lead, "contact_name": person.name, "initial_message": person.words},
        headers=tenant.headers,
    )
    assert started.status_code == 201, started.text
    analysis_id = str(coached.json()["analysis_id"])
    feedback = await http.post(
        "/api/v1/feedback",
        json={
            "analysis_id": analysis_id,
            "revision": coached.json()["revision"],
            "item": "reply" if coached.json()["objection_detected"] else "suggestion",
            "item_index": 0,
            "action": "edited",
            "edited_text": f"Hi {person.name}, happy to help",
            "note": f"{person.name} prefers {person.email}",
            "agent_id": AGENT,
        },
        headers=tenant.headers,
    )
    assert feedback.status_code == 200, feedback.text
    outcome = await http.post(
        f"/api/v1/leads/{person.lead}/outcome",
        json={"outcome": "appointment", "occurred_at": "2026-11-30T10:00:00Z", "note": f"met {person.name}"},
        headers=tenant.headers,
    )
    assert outcome.status_code == 201, outcome.text
    return analysis_id


async def _every_stored_value(database: Database) -> str:
    """Every value of every table as the service reads it (encrypted columns decrypted), as one text."""
    async with database.session() as session:
        values = [
            json.dumps([str(value) for value in row])
            for table in Base.metadata.sorted_tables
            for row in (await session.execute(select(table))).all()
        ]
    return "\n".join(values)


async def _conversation_key(database: Database, analysis_id: str) -> str:
    async with database.session() as session:
        keys = await session.execute(
            select(Conversation.external_id)
            .join(Analysis, Analysis.conversation_id == Conversation.id)
            .where(Analysis.analysis_id == analysis_id)
        )
    return str(next(iter(keys.scalars())))


async def _retained(redis_url: str, location_id: str, analysis_id: str) -> int:
    """Events of this analysis a `resume` would replay, read through the real broker."""
    broker = RedisBroker.from_url(redis_url, system_clock, Retention(events=1000, seconds=3600))
    try:
        replayed = [
            event
            for kind in ("suggestions", "questions", "progress", "objections", "alerts")
            for event in await broker.replay(f"{location_id}|coaching.{AGENT}.{kind}", 0)
        ]
    finally:
        await broker.close()
    return sum(1 for event in replayed if event.analysis_id == analysis_id)


async def _cached(redis_url: str, owner: str) -> tuple[int, int]:
    """(entries the owner's set names, of those still present) in the Claude cache."""
    client = aioredis.Redis.from_url(redis_url)
    try:
        members = await client.smembers(f"{CACHE_PREFIX}owner:{owner}")
        present = sum([int(await client.exists(f"{CACHE_PREFIX}{m.decode()}")) for m in members])
    finally:
        await client.aclose()
    return len(members), present


class TestErasureReachesEverything:
    async def test_after_erasure_nothing_is_in_the_tables_the_claude_cache_redis_events_or_the_logs(
        self,
        database_url: str,
        database: Database,
        tenant: Tenant,
        local_engine: LocalEngine,
        fake_anthropic: FakeAnthropic,
        redis_url: str,
        captured: io.StringIO,
    ) -> None:
        person = Person.new()
        fake_anthropic.script(default=answer())
        claude = {
            "ANTHROPIC_API_KEY": "sk-ant-test",
            "ANTHROPIC_BASE_URL": fake_anthropic.base_url,
            "ENTERPRISEHUB_ENGINE": "hybrid",
            "CLAUDE_DEADLINE_S": 2.0,
        }
        with serve_app(database_url, local_engine, REDIS_URL=redis_url, **claude) as served:
            async with httpx.AsyncClient(base_url=served.base_url, timeout=10) as http:
                analysis_id = await _converse(http, tenant, person)
                owner = cache_owner(tenant.location_id, await _conversation_key(database, analysis_id))
                named, present = await _cached(redis_url, owner)
                assert named >= 1 and present == named  # the refinement is cached, owned by the lead
                assert await _retained(redis_url, tenant.location_id, analysis_id) >= 1
                exported = await http.get(f"/api/v1/contacts/{person.lead}/export", headers=tenant.headers)
                assert exported.status_code == 200 and person.name in exported.text
                document = exported.json()
                assert document["coaching_feedback"] and document["outcomes"]
                assert person.email in document["coaching_feedback"][0]["note"]

                erased = await http.delete(f"/api/v1/contacts/{person.lead}", headers=tenant.headers)
                assert erased.status_code == 200, erased.text
                assert erased.json()["caches_cleared"] == ["claude_refinement_cache", "hub_retained_events"]
                written_after = captured.tell()
                # The service goes on after the erasure: another lead, and reads of the erased one.
                other = Person.new()
                await _converse(http, tenant, other)
                for path in (f"/api/v1/contacts/{person.lead}/export", "/api/v1/dashboard/leads"):
                    await http.get(path, headers=tenant.headers)

        assert await _cached(redis_url, owner) == (0, 0)
        assert await _retained(redis_url, tenant.location_id, analysis_id) == 0
        async with database.session() as session:
            contacts = await session.execute(
                select(Contact.id).where(
                    Contact.location_id == tenant.location_id, Contact.external_id == person.lead
                )
            )
            analyses = await session.execute(select(Analysis.id).where(Analysis.analysis_id == analysis_id))
            erasure = (
                await session.execute(
                    select(AuditEntry.details).where(
                        AuditEntry.location_id == tenant.location_id, AuditEntry.action == "contact.erase"
                    )
                )
            ).scalar_one()
        assert list(contacts.scalars()) == [] and list(analyses.scalars()) == []
        stored = await _every_stored_value(database)
        assert other.lead in stored  # the scan reads the tables: the lead written after is there
        for what, value in person.traces().items():
            assert value not in stored, f"the contact's {what} ({value!r}) is still in a table"
        assert erasure["cleared"]["claude_refinement_cache"] >= 1
        assert erasure["cleared"]["hub_retained_events"] >= 1
        logs = captured.getvalue()
        assert logs[written_after:].strip(), "nothing was logged after the erasure: the check proves nothing"
        for what, value in person.traces().items():
            assert value not in logs, f"the contact's {what} ({value!r}) is in the logs"
        assert all(json.loads(line) for line in logs.splitlines() if line.strip())
