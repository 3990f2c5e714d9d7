from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from ghl_real_estate_ai.storage import (
    action_tables,  # noqa: F401  (registers the tables on Base)
    alert_tables,  # noqa: F401  (registers the per-location alert thresholds)
    audit_tables,  # noqa: F401  (registers the Claude audit table)
    feedback_tables,  # noqa: F401  (registers the coaching feedback table)
    ghl_tables,  # noqa: F401  (registers the GHL inbox, outbox and settings)
    learning_tables,  # noqa: F401  (registers the trained outcome models)
    listing_tables,  # noqa: F401  (registers the listings for property matching)
    outcome_tables,  # noqa: F401  (registers the lead outcomes)
    performance_tables,  # noqa: F401  (registers performance samples and evaluation runs)
    protection_tables,  # noqa: F401  (registers the audit chain)
    qualification_tables,  # noqa: F401  (registers its tables)
)
from ghl_real_estate_ai.storage.database import create_engine
from ghl_real_estate_ai.storage.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


def _in_new_loop() -> None:
    asyncio.run(_run_online())


try:
    asyncio.get_running_loop()
except RuntimeError:
    _in_new_loop()
else:
    # Called from inside a running loop (e.g. an async test): run in a helper thread with its own loop.
    import threading

    worker = threading.Thread(target=_in_new_loop)
    worker.start()
    worker.join()
