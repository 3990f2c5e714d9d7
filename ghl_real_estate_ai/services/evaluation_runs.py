"""Evaluation runs kept in the database, for the quality metrics of the analytics endpoint."""

from __future__ import annotations

from datetime import datetime

from ghl_real_estate_ai.evaluation.runner import EvaluationReport
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.performance_tables import EvaluationRunRecord, EvaluationRunRepository


async def record_evaluation(
    database: Database, *, dataset: str, engine: str, report: EvaluationReport, recorded_at: datetime
) -> str:
    """Store one run (the dataset's name, the time, the whole report); returns its id."""
    run = EvaluationRunRecord(
        dataset=dataset,
        engine=engine,
        examples=report.examples,
        intent_accuracy=report.intent.accuracy,
        report=report.model_dump(mode="json"),
        recorded_at=recorded_at,
    )
    async with database.session() as session:
        EvaluationRunRepository(session).add(run)
        await session.flush()
        run_id = run.id
    await database.dispose()
    return run_id
