"""Queries for coaching feedback, always inside one location (and one agent, when a token asks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.storage.feedback_tables import ITEM_KEY, FeedbackRecord
from ghl_real_estate_ai.storage.models import new_id, utcnow
from ghl_real_estate_ai.storage.upsert import dialect_insert

# What a report can be broken down by: the column it groups on.
GROUPINGS: dict[str, Any] = {
    "objection_type": FeedbackRecord.objection_type,
    "language": FeedbackRecord.language,
    "engine": FeedbackRecord.engine,
    "item": FeedbackRecord.item,
    "day": func.date(FeedbackRecord.created_at),
}


@dataclass(frozen=True)
class VerdictCount:
    """Verdicts with one action inside one group, and the ratings given with them."""

    key: str | None
    action: str
    count: int
    rating_sum: int
    rated: int


class FeedbackRepository:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    def _mine(self, agent_id: str | None) -> list[ColumnElement[bool]]:
        conditions = [FeedbackRecord.location_id == self.location_id]
        if agent_id is not None:
            conditions.append(FeedbackRecord.agent_id == agent_id)
        return conditions

    async def record(self, **fields: Any) -> FeedbackRecord:
        """Insert the verdict, or replace the agent's earlier verdict on the same item (race-safe)."""
        now = utcnow()
        values = {**fields, "location_id": self.location_id, "updated_at": now}
        insert = dialect_insert(self.session)
        statement = insert(FeedbackRecord).values(id=new_id("fbk"), created_at=now, **values)
        changing = ("action", "rating", "edited_text", "note", "updated_at")
        upsert = statement.on_conflict_do_update(
            index_elements=list(ITEM_KEY), set_={name: statement.excluded[name] for name in changing}
        )
        await self.session.execute(upsert)
        query = select(FeedbackRecord).where(
            *(getattr(FeedbackRecord, name) == values[name] for name in ITEM_KEY)
        )
        stored = (await self.session.execute(query.execution_options(populate_existing=True))).scalar_one()
        return stored

    async def listed(
        self, *, agent_id: str | None, lead_id: str | None, analysis_id: str | None, limit: int
    ) -> list[FeedbackRecord]:
        conditions = self._mine(agent_id)
        if lead_id is not None:
            conditions.append(FeedbackRecord.lead_id == lead_id)
        if analysis_id is not None:
            conditions.append(FeedbackRecord.analysis_id == analysis_id)
        query = (
            select(FeedbackRecord)
            .where(*conditions)
            .order_by(FeedbackRecord.updated_at.desc(), FeedbackRecord.id)
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars())

    async def counts(
        self, grouping: str, *, agent_id: str | None, since: datetime | None
    ) -> list[VerdictCount]:
        """Verdicts per group and action; one GROUP BY in the database, whatever the number of rows."""
        key = GROUPINGS[grouping]
        conditions = self._mine(agent_id)
        if since is not None:
            conditions.append(FeedbackRecord.created_at >= since)
        query = (
            select(
                key.label("key"),
                FeedbackRecord.action,
                func.count(),
                func.coalesce(func.sum(FeedbackRecord.rating), 0),
                func.count(FeedbackRecord.rating),
            )
            .where(*conditions)
            .group_by(key, FeedbackRecord.action)
        )
        return [
            VerdictCount(None if row[0] is None else str(row[0]), row[1], row[2], int(row[3]), row[4])
            for row in (await self.session.execute(query)).all()
        ]
