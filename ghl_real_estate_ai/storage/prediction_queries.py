"""The engine's stored readings of one location, paired with Claude's revision where one was made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from ghl_real_estate_ai.storage.models import Analysis


@dataclass(frozen=True)
class StoredPrediction:
    analysis_id: str
    confidence: float  # 0..1, as the engine gave it
    primary_intent: str | None
    refined_intent: str | None  # Claude's revision 2, when there is one


def _intent(result: dict[str, object]) -> str | None:
    analysis = result.get("analysis")
    if not isinstance(analysis, dict):
        return None
    intent = analysis.get("primary_intent")
    label = intent.get("label") if isinstance(intent, dict) else None
    return str(label) if label is not None else None


async def predictions(
    session: AsyncSession, location_id: str, start: datetime, end: datetime
) -> list[StoredPrediction]:
    refined = aliased(Analysis)
    rows = await session.execute(
        select(Analysis, refined)
        .outerjoin(
            refined,
            (refined.analysis_id == Analysis.analysis_id)
            & (refined.revision == 2)
            & (refined.location_id == location_id),
        )
        .where(
            Analysis.location_id == location_id,
            Analysis.revision == 1,
            Analysis.created_at >= start,
            Analysis.created_at <= end,
        )
    )
    return [
        StoredPrediction(
            first.analysis_id,
            first.confidence,
            _intent(first.result),
            _intent(second.result) if second is not None else None,
        )
        for first, second in rows
    ]
