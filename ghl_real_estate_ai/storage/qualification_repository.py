"""Queries on the qualification tables, always inside one location."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.storage.qualification_tables import (
    QualificationAnswerRow,
    QualificationAskedRow,
    QualificationConfigRow,
    QualificationFlowRow,
)


class QualificationRepository:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    async def config(self) -> QualificationConfigRow | None:
        query = select(QualificationConfigRow).where(QualificationConfigRow.location_id == self.location_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def flow(self, flow_id: str, *, for_update: bool = False) -> QualificationFlowRow | None:
        """The flow; `for_update` locks its row (PostgreSQL) so concurrent replies apply one at a time."""
        query = select(QualificationFlowRow).where(
            QualificationFlowRow.location_id == self.location_id, QualificationFlowRow.id == flow_id
        )
        if for_update:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def answers(self, flow_id: str) -> list[QualificationAnswerRow]:
        query = (
            select(QualificationAnswerRow)
            .where(
                QualificationAnswerRow.location_id == self.location_id,
                QualificationAnswerRow.flow_id == flow_id,
            )
            .order_by(QualificationAnswerRow.id)
        )
        return list((await self.session.execute(query)).scalars())

    async def asked(self, flow_id: str) -> list[QualificationAskedRow]:
        query = (
            select(QualificationAskedRow)
            .where(
                QualificationAskedRow.location_id == self.location_id,
                QualificationAskedRow.flow_id == flow_id,
            )
            .order_by(QualificationAskedRow.id)
        )
        return list((await self.session.execute(query)).scalars())

    async def all_flows(self) -> list[QualificationFlowRow]:
        query = select(QualificationFlowRow).where(QualificationFlowRow.location_id == self.location_id)
        return list((await self.session.execute(query)).scalars())

    async def all_asked(self) -> list[QualificationAskedRow]:
        """Every asked question in the location, in the order asked."""
        query = (
            select(QualificationAskedRow)
            .where(QualificationAskedRow.location_id == self.location_id)
            .order_by(QualificationAskedRow.id)
        )
        return list((await self.session.execute(query)).scalars())

    def add(self, row: QualificationFlowRow | QualificationAnswerRow | QualificationAskedRow) -> None:
        if row.location_id != self.location_id:
            raise ValueError("a qualification row can only be stored in its own location")
        self.session.add(row)
