"""Quality signals the service already stores for other reasons (flows, actions), read for one location."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.feedback import FeedbackAction
from ghl_real_estate_ai.storage.action_tables import ActionRecord
from ghl_real_estate_ai.storage.feedback_tables import FeedbackRecord
from ghl_real_estate_ai.storage.qualification_tables import QualificationFlowRow


class QualitySignalsRepository:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    async def mean_flow_completeness(self, start: datetime, end: datetime) -> float | None:
        """Mean completeness (0-100) of the flows that moved in the window."""
        value = await self.session.scalar(
            select(func.avg(QualificationFlowRow.completeness)).where(
                QualificationFlowRow.location_id == self.location_id,
                QualificationFlowRow.updated_at >= start,
                QualificationFlowRow.updated_at <= end,
            )
        )
        return None if value is None else float(value)

    async def feedback_used_and_given(self, start: datetime, end: datetime) -> tuple[int, int]:
        """Coaching items agents gave a verdict on in the window, and how many of them they used
        (sent as they were, or edited and sent)."""
        used = case((FeedbackRecord.action != FeedbackAction.DISMISSED.value, 1), else_=0)
        row = (
            await self.session.execute(
                select(func.coalesce(func.sum(used), 0), func.count(FeedbackRecord.id)).where(
                    FeedbackRecord.location_id == self.location_id,
                    FeedbackRecord.updated_at.between(start, end),
                )
            )
        ).one()
        return int(row[0]), int(row[1])

    async def actions_planned_and_completed(self, start: datetime, end: datetime) -> tuple[int, int]:
        """Actions planned in the window, and how many of them are completed by now."""
        planned = ActionRecord.created_at.between(start, end)
        row = (
            await self.session.execute(
                select(
                    func.count(ActionRecord.id),
                    func.count(ActionRecord.completed_at),
                ).where(ActionRecord.location_id == self.location_id, planned)
            )
        ).one()
        return int(row[0]), int(row[1])
