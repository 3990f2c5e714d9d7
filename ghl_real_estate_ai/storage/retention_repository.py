"""Deleting what a location keeps no longer: rows older than its retention cut-off, by kind.

Only content-bearing rows go (messages, analyses, qualification answers with their source messages,
settled GHL inbox payloads and outbox calls); conversations, contacts and plans stay, so a lead's record
survives without what was said. Inbox events still pending or failing, and outbox calls not yet settled,
are kept whatever their age: deleting them would lose work.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.ghl import InboxStatus, OutboxStatus
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent, GhlOutboxItem
from ghl_real_estate_ai.storage.models import Analysis, Location, Message
from ghl_real_estate_ai.storage.qualification_tables import QualificationAnswerRow

SETTLED_INBOX = (InboxStatus.DONE, InboxStatus.IGNORED, InboxStatus.DEAD)
SETTLED_OUTBOX = (OutboxStatus.SENT, OutboxStatus.DEAD, OutboxStatus.SKIPPED)


async def locations_with_retention(session: AsyncSession) -> list[tuple[str, str | None, int | None]]:
    """(location id, GHL location id, its own retention days) for every location."""
    rows = await session.execute(select(Location.id, Location.ghl_location_id, Location.retention_days))
    return [(row[0], row[1], row[2]) for row in rows]


async def purge_before(
    session: AsyncSession, location_id: str, ghl_location_id: str | None, cutoff: datetime
) -> dict[str, int]:
    """Delete the location's content rows written before `cutoff`; how many of each kind."""
    inbox_owner = [GhlInboxEvent.location_id == location_id]
    if ghl_location_id:
        inbox_owner.append(GhlInboxEvent.ghl_location_id == ghl_location_id)
    statements = {
        "messages": delete(Message).where(Message.location_id == location_id, Message.created_at < cutoff),
        "analyses": delete(Analysis).where(Analysis.location_id == location_id, Analysis.created_at < cutoff),
        "qualification_answers": delete(QualificationAnswerRow).where(
            QualificationAnswerRow.location_id == location_id, QualificationAnswerRow.answered_at < cutoff
        ),
        "ghl_inbox": delete(GhlInboxEvent).where(
            or_(*inbox_owner), GhlInboxEvent.received_at < cutoff, GhlInboxEvent.status.in_(SETTLED_INBOX)
        ),
        "ghl_outbox": delete(GhlOutboxItem).where(
            GhlOutboxItem.location_id == location_id,
            GhlOutboxItem.created_at < cutoff,
            GhlOutboxItem.status.in_(SETTLED_OUTBOX),
        ),
    }
    counts: dict[str, int] = {}
    for kind, statement in statements.items():
        result = await session.execute(statement.execution_options(synchronize_session=False))
        counts[kind] = int(getattr(result, "rowcount", 0) or 0)
    return counts
