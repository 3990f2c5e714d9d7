"""Starting and stopping the GHL worker: in the API's process (default) or alone (`enterprisehub worker`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.ghl.client import GhlClient
from ghl_real_estate_ai.ghl.events import load_handler_modules
from ghl_real_estate_ai.security.encryption import Keyring
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.erasure_reach import ErasureReach, erasure_reach
from ghl_real_estate_ai.services.ghl_outbox_sender import OutboxSender
from ghl_real_estate_ai.services.ghl_pipeline import GhlPipeline
from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.services.retention import RetentionPurge
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database


@dataclass
class RunningWorker:
    task: asyncio.Task[None]
    stop_event: asyncio.Event
    database: Database
    client: GhlClient
    worker: GhlWorker

    async def stop(self) -> None:
        self.stop_event.set()
        try:
            await asyncio.wait_for(self.task, timeout=10)
        except TimeoutError:
            self.task.cancel()
        await self.client.aclose()
        await self.worker.pipeline.reach.close()
        await self.database.dispose()


def build_worker(
    settings: Settings,
    analysis: AnalysisService,
    clock: Clock = system_clock,
    reach: ErasureReach | None = None,
) -> tuple[GhlWorker, Database, GhlClient]:
    """`reach`: what a ContactDelete erases beyond the tables (the API process passes its own; a
    standalone worker reaches Redis's, when configured)."""
    load_handler_modules(settings.ghl_handlers)
    # Its own database pool: the worker's transactions never queue behind webhook acknowledgements.
    database = Database(settings.database_url, Keyring.from_settings(settings))
    client = GhlClient(settings)
    worker = GhlWorker(
        GhlPipeline(settings, database, analysis, clock, reach or erasure_reach(settings)),
        OutboxSender(settings, database, client, clock),
        poll_seconds=settings.worker_poll_seconds,
        senders=settings.worker_senders,
        purge=RetentionPurge(settings, database, clock),
        purge_seconds=settings.retention_purge_interval_seconds,
    )
    return worker, database, client


def run_in_background(
    settings: Settings,
    analysis: AnalysisService,
    clock: Clock = system_clock,
    reach: ErasureReach | None = None,
) -> RunningWorker:
    worker, database, client = build_worker(settings, analysis, clock, reach)
    stop = asyncio.Event()
    return RunningWorker(asyncio.create_task(worker.run(stop)), stop, database, client, worker)


async def run_until_signalled(settings: Settings, analysis: AnalysisService) -> None:
    """`enterprisehub worker`: run until SIGTERM/SIGINT (SIGKILL loses nothing: see ghl_pipeline)."""
    import gc
    import signal

    # The loaded models live as long as the process: keep them out of the collector's full passes (a pass
    # while this worker holds SQLite's write lock would hold up webhook intake).
    gc.collect()
    gc.freeze()
    worker, database, client = build_worker(settings, analysis)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await worker.run(stop)
    finally:
        await client.aclose()
        await worker.pipeline.reach.close()
        await database.dispose()
