"""Queries for the GHL inbox, outbox and settings. Claims are safe across workers:
PostgreSQL skips rows another worker holds (FOR UPDATE SKIP LOCKED); SQLite has a single writer, and every
claim starts with its UPDATE guarded by the row's status, so the claiming transaction holds the write lock
from its first statement and only one claim of a row can succeed."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from ghl_real_estate_ai.domain.ghl import GhlPolicy, InboxStatus, OutboxCommand, OutboxStatus
from ghl_real_estate_ai.storage.ghl_tables import (
    GhlContactState,
    GhlInboxEvent,
    GhlLocationSettings,
    GhlOutboxItem,
    GhlRejectedPayload,
)
from ghl_real_estate_ai.storage.models import Location
from ghl_real_estate_ai.storage.upsert import dialect_insert

OPEN_OUTBOX = (OutboxStatus.PENDING, OutboxStatus.SENDING)
_PENDING = GhlInboxEvent.status == InboxStatus.PENDING
IN_FLIGHT = "in flight"
UNCONFIRMED = "in flight; the previous attempt may have reached GHL"


def policy_of(settings: GhlLocationSettings) -> GhlPolicy:
    """The location's stored AI policy as the domain sees it."""
    return GhlPolicy(
        activation_tags=list(settings.activation_tags),
        deactivation_tags=list(settings.deactivation_tags),
        hot_lead_tag=settings.hot_lead_tag,
        hot_lead_threshold=settings.hot_lead_threshold,
    )


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def insert_inbox_events(connection: AsyncConnection, rows: list[dict[str, Any]]) -> set[str]:
    """Insert many inbox rows in one statement (per page of rows); the webhook ids actually inserted
    (a webhook id already stored is skipped: a replay). Core, not the ORM: this is the intake's hot path."""
    table = cast(Table, GhlInboxEvent.__table__)
    insert = dialect_insert(connection)
    statement = (
        insert(table).on_conflict_do_nothing(index_elements=["webhook_id"]).returning(table.c.webhook_id)
    )
    result = await connection.execute(
        statement, [{**row, "status": InboxStatus.PENDING, "attempts": 0} for row in rows]
    )
    return set(result.scalars())


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def backlog(self) -> int:
        query = (
            select(func.count()).select_from(GhlInboxEvent).where(GhlInboxEvent.status == InboxStatus.PENDING)
        )
        return int((await self.session.execute(query)).scalar_one())

    async def oldest_pending(self) -> GhlInboxEvent | None:
        """The oldest pending event, read without claiming it (no lock: see `claim`)."""
        query = (
            select(GhlInboxEvent)
            .where(GhlInboxEvent.status == InboxStatus.PENDING)
            .order_by(GhlInboxEvent.id)
        )
        return (await self.session.execute(query.limit(1))).scalar_one_or_none()

    async def claim(self, event_id: int) -> GhlInboxEvent | None:
        """This event for this transaction, if it is still pending (None: another worker took it)."""
        claimed = await self.session.execute(
            update(GhlInboxEvent)
            .where(GhlInboxEvent.id == event_id, GhlInboxEvent.status == InboxStatus.PENDING)
            .values(attempts=GhlInboxEvent.attempts + 1)
            .returning(GhlInboxEvent.id)
            .execution_options(synchronize_session=False)
        )
        if claimed.scalar_one_or_none() is None:
            return None
        return await self.session.get(GhlInboxEvent, event_id, populate_existing=True)

    async def claim_next(self) -> GhlInboxEvent | None:
        """The oldest pending event, locked for this transaction (work and claim commit together)."""
        oldest = (
            select(GhlInboxEvent.id)
            .where(GhlInboxEvent.status == InboxStatus.PENDING)
            .order_by(GhlInboxEvent.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        claimed = await self.session.execute(
            update(GhlInboxEvent)
            .where(GhlInboxEvent.id == oldest, GhlInboxEvent.status == InboxStatus.PENDING)
            .values(attempts=GhlInboxEvent.attempts + 1)
            .returning(GhlInboxEvent.id)
        )
        event_id = claimed.scalar_one_or_none()
        if event_id is None:
            return None
        return await self.session.get(GhlInboxEvent, event_id)

    async def record_failure(self, event_id: int, error: str, max_attempts: int) -> None:
        event = await self.session.get(GhlInboxEvent, event_id)
        if event is None or event.status != InboxStatus.PENDING:
            return  # processed meanwhile (by another worker): the failure is history
        event.attempts += 1
        event.last_error = error[:2000]
        if event.attempts >= max_attempts:
            event.status = InboxStatus.FAILED

    async def dead_letter(self, event_id: int, reason: str) -> None:
        """An event that can never be processed: kept, with why, and visible through the API."""
        event = await self.session.get(GhlInboxEvent, event_id)
        if event is None or event.status != InboxStatus.PENDING:
            return
        event.status, event.last_error = InboxStatus.DEAD, reason[:2000]
        if event.location_id is None:  # its tenant must see it: resolve it as processing would have
            location = await GhlSettingsRepository(self.session).location_by_ghl_id(
                event.ghl_location_id or ""
            )
            event.location_id = location.id if location is not None else None

    async def listing(self, location_id: str, status: InboxStatus | None, limit: int) -> list[GhlInboxEvent]:
        query = select(GhlInboxEvent).where(GhlInboxEvent.location_id == location_id)
        if status is not None:
            query = query.where(GhlInboxEvent.status == status)
        return list((await self.session.execute(query.order_by(GhlInboxEvent.id).limit(limit))).scalars())

    async def counts(self) -> dict[str, int]:
        query = select(GhlInboxEvent.status, func.count()).group_by(GhlInboxEvent.status)
        return {status: int(count) for status, count in (await self.session.execute(query)).all()}


class RejectedRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, *, endpoint: str, reason: str, status_code: int, body: bytes, body_size: int) -> None:
        self.session.add(
            GhlRejectedPayload(
                endpoint=endpoint,
                reason=reason[:400],
                status_code=status_code,
                body=body,
                body_size=body_size,
                truncated=len(body) < body_size,
            )
        )

    async def latest(self, limit: int = 50) -> list[GhlRejectedPayload]:
        query = select(GhlRejectedPayload).order_by(GhlRejectedPayload.id.desc()).limit(limit)
        return list((await self.session.execute(query)).scalars())


class GhlSettingsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_location(self, location_id: str) -> GhlLocationSettings:
        """The location's settings row, created with defaults on first use."""
        query = select(GhlLocationSettings).where(GhlLocationSettings.location_id == location_id)
        found = (await self.session.execute(query)).scalar_one_or_none()
        if found is not None:
            return found
        defaults = GhlPolicy()
        statement = dialect_insert(self.session)(GhlLocationSettings).values(
            location_id=location_id,
            activation_tags=defaults.activation_tags,
            deactivation_tags=defaults.deactivation_tags,
            hot_lead_tag=defaults.hot_lead_tag,
            hot_lead_threshold=defaults.hot_lead_threshold,
            field_ids={},
        )
        await self.session.execute(statement.on_conflict_do_nothing(index_elements=["location_id"]))
        return (await self.session.execute(query)).scalar_one()

    async def for_location_if_exists(self, location_id: str) -> GhlLocationSettings | None:
        query = select(GhlLocationSettings).where(GhlLocationSettings.location_id == location_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def contact_state_if_exists(self, location_id: str, ghl_contact_id: str) -> GhlContactState | None:
        query = select(GhlContactState).where(
            GhlContactState.location_id == location_id, GhlContactState.ghl_contact_id == ghl_contact_id
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def location_by_ghl_id(self, ghl_location_id: str) -> Location | None:
        query = select(Location).where(Location.ghl_location_id == ghl_location_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def contact_state(self, location_id: str, ghl_contact_id: str) -> GhlContactState:
        query = select(GhlContactState).where(
            GhlContactState.location_id == location_id, GhlContactState.ghl_contact_id == ghl_contact_id
        )
        found = (await self.session.execute(query)).scalar_one_or_none()
        if found is not None:
            return found
        statement = dialect_insert(self.session)(GhlContactState).values(
            location_id=location_id, ghl_contact_id=ghl_contact_id, tags=[], deleted=False
        )
        await self.session.execute(
            statement.on_conflict_do_nothing(index_elements=["location_id", "ghl_contact_id"])
        )
        return (await self.session.execute(query)).scalar_one()


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        *,
        location_id: str,
        key: str,
        ghl_contact_id: str,
        command: OutboxCommand,
        now: datetime,
    ) -> None:
        """Queue one call; a key already queued is left alone (re-processing never queues twice)."""
        statement = dialect_insert(self.session)(GhlOutboxItem).values(
            location_id=location_id,
            idempotency_key=key,
            ghl_contact_id=ghl_contact_id,
            operation=command.kind,
            payload=command.model_dump(mode="json", exclude={"kind"}),
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        await self.session.execute(statement.on_conflict_do_nothing(index_elements=["idempotency_key"]))

    async def claim_due(self, now: datetime, lease_until: datetime) -> tuple[GhlOutboxItem, bool] | None:
        """The oldest due call whose contact has no earlier call still open (calls reach GHL in order).

        Returns the row (now 'sending' until the lease ends) and whether an earlier attempt may have
        reached GHL without being recorded (its lease ran out: the sender died mid-call).
        """
        row = GhlOutboxItem
        earlier = aliased(GhlOutboxItem)
        blocked = (
            select(earlier.id)
            .where(
                earlier.location_id == row.location_id,
                earlier.ghl_contact_id == row.ghl_contact_id,
                earlier.id < row.id,
                earlier.status.in_(OPEN_OUTBOX),
            )
            .exists()
        )
        due = or_(
            and_(row.status == OutboxStatus.PENDING, row.next_attempt_at <= now),
            and_(row.status == OutboxStatus.SENDING, row.lease_until < now),
        )
        candidate = (
            select(row.id).where(due, ~blocked).order_by(row.id).limit(1).with_for_update(skip_locked=True)
        ).scalar_subquery()
        claimed = await self.session.execute(
            update(row)
            .where(row.id == candidate, due)
            .values(
                status=OutboxStatus.SENDING,
                lease_until=lease_until,
                attempts=row.attempts + 1,
                # SET reads the old status: a row still 'sending' was claimed by a sender that died.
                last_error=case((row.status == OutboxStatus.SENDING, UNCONFIRMED), else_=IN_FLIGHT),
            )
            .returning(row.id, row.last_error)
            .execution_options(synchronize_session=False)
        )
        found = claimed.first()
        if found is None:
            return None
        item = await self.session.get(GhlOutboxItem, found[0], populate_existing=True)
        assert item is not None
        return item, found[1] == UNCONFIRMED

    async def get(self, item_id: int) -> GhlOutboxItem | None:
        return await self.session.get(GhlOutboxItem, item_id, populate_existing=True)

    async def listing(self, location_id: str, status: OutboxStatus | None, limit: int) -> list[GhlOutboxItem]:
        query = select(GhlOutboxItem).where(GhlOutboxItem.location_id == location_id)
        if status is not None:
            query = query.where(GhlOutboxItem.status == status)
        return list((await self.session.execute(query.order_by(GhlOutboxItem.id).limit(limit))).scalars())
