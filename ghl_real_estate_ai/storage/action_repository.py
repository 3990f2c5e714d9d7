"""Queries for action plans and actions, always inside one location."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.actions import ActionPlan, ActionStatus, PlannedAction
from ghl_real_estate_ai.storage.action_tables import PENDING, ActionPlanRecord, ActionRecord
from ghl_real_estate_ai.storage.models import Contact, new_id
from ghl_real_estate_ai.storage.upsert import dialect_insert

PENDING_STATUSES = (ActionStatus.OPEN.value, ActionStatus.SNOOZED.value)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class ActionRepository:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    def _check(self, contact: Contact) -> None:
        if contact.location_id != self.location_id:
            raise ValueError("a contact's actions can only be stored in its own location")

    async def add_plan(self, contact: Contact, plan: ActionPlan) -> ActionPlanRecord:
        self._check(contact)
        record = ActionPlanRecord(
            location_id=self.location_id,
            contact_id=contact.id,
            priority_score=plan.priority_score,
            priority_tier=plan.priority_tier.value,
            plan=plan.model_dump(mode="json"),
        )
        self.session.add(record)
        await self.session.flush()
        return record

    async def add_pending(self, contact: Contact, plan_id: str, action: PlannedAction) -> ActionRecord:
        """Store the action unless one is already pending for this lead and reason; return the stored one.

        Race-safe: the insert skips on the partial unique index, so concurrent plans keep exactly one.
        """
        self._check(contact)
        insert = dialect_insert(self.session)
        statement = insert(ActionRecord).values(
            id=new_id("act"),
            location_id=self.location_id,
            contact_id=contact.id,
            plan_id=plan_id,
            reason=action.reason,
            description=action.description,
            channel=action.channel.value,
            status=ActionStatus.OPEN.value,
            priority_score=action.priority_score,
            confidence=action.confidence,
            not_before=as_utc(action.not_before),
            due_at=as_utc(action.due_at),
            created_at=datetime.now(UTC),
            updated_at=datetime.now(UTC),
        )
        unless_pending = statement.on_conflict_do_nothing(
            index_elements=["location_id", "contact_id", "reason"], index_where=text(PENDING)
        )
        await self.session.execute(unless_pending)
        query = select(ActionRecord).where(
            ActionRecord.location_id == self.location_id,
            ActionRecord.contact_id == contact.id,
            ActionRecord.reason == action.reason,
            ActionRecord.status.in_(PENDING_STATUSES),
        )
        return (await self.session.execute(query)).scalar_one()

    async def get(self, action_id: str) -> tuple[ActionRecord, Contact] | None:
        query = (
            select(ActionRecord, Contact)
            .join(Contact, Contact.id == ActionRecord.contact_id)
            .where(ActionRecord.location_id == self.location_id, ActionRecord.id == action_id)
        )
        row = (await self.session.execute(query)).one_or_none()
        return None if row is None else (row[0], row[1])

    async def due_by(self, until: datetime) -> list[tuple[ActionRecord, Contact]]:
        """Pending actions due by `until` (overdue included), highest priority first, then soonest."""
        query = (
            select(ActionRecord, Contact)
            .join(Contact, Contact.id == ActionRecord.contact_id)
            .where(
                ActionRecord.location_id == self.location_id,
                ActionRecord.status.in_(PENDING_STATUSES),
                ActionRecord.due_at <= as_utc(until),
            )
            .order_by(ActionRecord.priority_score.desc(), ActionRecord.due_at, ActionRecord.id)
        )
        return [(row[0], row[1]) for row in (await self.session.execute(query)).all()]

    async def for_contact(self, contact: Contact) -> list[ActionRecord]:
        self._check(contact)
        query = (
            select(ActionRecord)
            .where(ActionRecord.location_id == self.location_id, ActionRecord.contact_id == contact.id)
            .order_by(ActionRecord.due_at)
        )
        return list((await self.session.execute(query)).scalars())
