"""The worker analyses a message without holding up intake, and an event is still processed once.

SQLite has a single write lock: the worker reads and analyses an event first and only then claims and
stores it in one short transaction guarded by status='pending'. PostgreSQL claims with FOR UPDATE SKIP
LOCKED. Either way a webhook arriving mid-analysis is stored at once, and an event taken by another worker
meanwhile is not processed a second time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import func, select

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.ghl_pipeline import GhlPipeline
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent
from ghl_real_estate_ai.storage.models import Analysis, Message
from tests.ghl.conftest import GhlServer, GhlTenant, Signer, inbound_message, post_signed

BUYER = "We want to buy a 3 bedroom house this month, pre-approved for 450k"


class DuringFirstReading:
    """The real local engine, running `meanwhile` once, while its first reading is in progress."""

    name = "local"

    def __init__(self, engine: LocalEngine, meanwhile: Callable[[], Awaitable[None]]) -> None:
        self.engine = engine
        self.meanwhile: Callable[[], Awaitable[None]] | None = meanwhile
        self.readings = 0

    async def analyze(self, request: AnalysisRequest) -> MessageAnalysis:
        self.readings += 1
        if self.meanwhile is not None:
            meanwhile, self.meanwhile = self.meanwhile, None
            await meanwhile()
        return await self.engine.analyze(request)


async def _drain(pipeline: GhlPipeline) -> None:
    """Process whatever earlier tests left pending, so the event under test is the oldest one."""
    while await pipeline.process_next():
        pass


async def _status(database: Database, webhook_id: str) -> str:
    async with database.session() as session:
        query = select(GhlInboxEvent.status).where(GhlInboxEvent.webhook_id == webhook_id)
        return str((await session.execute(query)).scalar_one())


class TestAnalysisDoesNotHoldUpIntake:
    async def test_a_webhook_posted_while_the_worker_analyses_is_stored_and_acknowledged(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        ghl_server: GhlServer,
        database: Database,
        local_engine: LocalEngine,
    ) -> None:
        await _drain(GhlPipeline(ghl_server.settings, database, AnalysisService(local_engine)))
        first = inbound_message(ghl_tenant.ghl_location_id, "lock1", BUYER)
        second = inbound_message(ghl_tenant.ghl_location_id, "lock2", BUYER)
        assert (await post_signed(ghl_client, signer, first)).status_code == 200
        answers: list[httpx.Response] = []

        async def deliver_second() -> None:
            answers.append(await post_signed(ghl_client, signer, second))

        engine = DuringFirstReading(local_engine, deliver_second)
        pipeline = GhlPipeline(ghl_server.settings, database, AnalysisService(engine))
        assert await pipeline.process_next()
        [answer] = answers
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"status": "accepted", "webhook_id": second["webhookId"]}
        assert await _status(database, first["webhookId"]) == "done"
        assert await _status(database, second["webhookId"]) == "pending"
        await _drain(pipeline)


class TestEventTakenByAnotherWorker:
    async def test_an_event_processed_elsewhere_during_the_analysis_is_not_processed_again(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        ghl_server: GhlServer,
        database: Database,
        local_engine: LocalEngine,
    ) -> None:
        await _drain(GhlPipeline(ghl_server.settings, database, AnalysisService(local_engine)))
        event = inbound_message(ghl_tenant.ghl_location_id, "twice1", BUYER)
        assert (await post_signed(ghl_client, signer, event)).status_code == 200
        other_database = Database(ghl_server.settings.database_url)
        other = GhlPipeline(ghl_server.settings, other_database, AnalysisService(local_engine))

        async def other_worker_runs() -> None:
            await other.process_next()

        engine = DuringFirstReading(local_engine, other_worker_runs)
        try:
            await GhlPipeline(ghl_server.settings, database, AnalysisService(engine)).process_next()
        finally:
            await other_database.dispose()
        assert await _status(database, event["webhookId"]) == "done"
        async with database.session() as session:
            # Bodies are encrypted at rest (a fresh nonce each time): compared once read, not in SQL.
            messages = await session.execute(
                select(Message.body).where(Message.location_id == ghl_tenant.location_id)
            )
            analyses = await session.execute(
                select(func.count()).where(Analysis.location_id == ghl_tenant.location_id)
            )
            attempts = await session.execute(
                select(GhlInboxEvent.attempts).where(GhlInboxEvent.webhook_id == event["webhookId"])
            )
        assert list(messages.scalars()).count(BUYER) == 1
        assert analyses.scalar_one() == 1
        assert attempts.scalar_one() == 1
