"""Appending to and verifying the hash-chained audit trail.

row_hash = SHA-256 over the previous row's hash and this row's fields (canonical JSON). Editing a row
breaks its own hash; deleting or inserting one breaks the link of the row after it; deleting the last
rows is caught against the head hash `verify` is given (or reports the count it saw). Appends are
serialised (PostgreSQL: a transaction-scoped advisory lock; SQLite has one writer), so the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.storage.models import utcnow
from ghl_real_estate_ai.storage.protection_tables import AuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 716_016  # pg_advisory_xact_lock key of the audit chain


def subject_of(location_id: str, contact_id: str) -> str:
    """Who a row is about, without saying it: the contact id is not stored, even hashed alone."""
    return hashlib.sha256(f"{location_id}\x1f{contact_id}".encode()).hexdigest()


def _stamp(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def _hash(previous: str, entry: AuditEntry) -> str:
    fields = {
        "recorded_at": _stamp(entry.recorded_at),
        "location_id": entry.location_id,
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "details": entry.details,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous}\n{canonical}".encode()).hexdigest()


async def append(
    session: AsyncSession,
    action: str,
    actor: str,
    location_id: str | None = None,
    subject: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one row at the chain's end, inside the caller's transaction."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    last = (
        await session.execute(select(AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1))
    ).scalar()
    entry = AuditEntry(
        recorded_at=utcnow(),
        location_id=location_id,
        actor=actor,
        action=action,
        subject=subject,
        details=details or {},
        previous_hash=last or GENESIS,
    )
    entry.row_hash = _hash(entry.previous_hash, entry)
    session.add(entry)
    await session.flush()
    return entry


@dataclass(frozen=True)
class Verification:
    ok: bool
    rows: int
    head: str
    first_bad_row: int | None = None
    problem: str | None = None


async def verify(session: AsyncSession, expected_head: str | None = None) -> Verification:
    """Walk the chain in order; the first row whose hash or link is wrong is named."""
    previous, count = GENESIS, 0
    result = await session.stream(select(AuditEntry).order_by(AuditEntry.id))
    async for entry in result.scalars():
        count += 1
        if entry.previous_hash != previous:
            return Verification(False, count, previous, entry.id, "a row before it was deleted or inserted")
        if _hash(previous, entry) != entry.row_hash:
            return Verification(False, count, previous, entry.id, "the row was edited")
        previous = entry.row_hash
    if expected_head is not None and previous != expected_head:
        return Verification(False, count, previous, None, "rows at the end were deleted (head differs)")
    return Verification(True, count, previous)
