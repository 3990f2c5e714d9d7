"""`analyzer.analyze_prediction_accuracy(time_range="7d", minimum_confidence=80)`.

Three sources, each reported for what it is, none standing in for another:
- recorded evaluation runs in the range (`enterprisehub eval --record`): accuracy against labels;
- the location's own traffic: how often Claude, refining a confident local reading, kept its intent;
- agents' feedback, which the service does not collect yet (null).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from ghl_real_estate_ai.intelligence.planning.durations import parse_window
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.performance_tables import EvaluationRunRepository
from ghl_real_estate_ai.storage.prediction_queries import predictions


class EvaluationSummary(BaseModel):
    dataset: str
    engine: str
    recorded_at: datetime
    examples: int
    intent_accuracy_pct: float | None


class PredictionAccuracyReport(BaseModel):
    time_range: str
    since: datetime
    until: datetime
    minimum_confidence: float
    analyses: int
    confident_analyses: int
    refined_by_claude: int
    claude_agreement_pct: float | None
    evaluations: list[EvaluationSummary]
    latest_evaluation_accuracy_pct: float | None
    agent_feedback_accuracy_pct: float | None = None  # no feedback is collected yet


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


async def prediction_accuracy(
    database: Database,
    location_id: str,
    *,
    time_range: str,
    minimum_confidence: float,
    now: datetime,
) -> PredictionAccuracyReport:
    window: timedelta = parse_window(time_range)
    start = now - window
    async with database.session() as session:
        stored = await predictions(session, location_id, start, now)
        runs = await EvaluationRunRepository(session).since(start)
    confident = [p for p in stored if p.confidence * 100 >= minimum_confidence]
    refined = [p for p in confident if p.refined_intent is not None]
    kept = sum(1 for p in refined if p.refined_intent == p.primary_intent)
    evaluations = [
        EvaluationSummary(
            dataset=run.dataset,
            engine=run.engine,
            recorded_at=run.recorded_at,
            examples=run.examples,
            intent_accuracy_pct=round(run.intent_accuracy * 100, 2)
            if run.intent_accuracy is not None
            else None,
        )
        for run in runs
    ]
    return PredictionAccuracyReport(
        time_range=time_range,
        since=start,
        until=now,
        minimum_confidence=minimum_confidence,
        analyses=len(stored),
        confident_analyses=len(confident),
        refined_by_claude=len(refined),
        claude_agreement_pct=_pct(kept, len(refined)),
        evaluations=evaluations,
        latest_evaluation_accuracy_pct=evaluations[-1].intent_accuracy_pct if evaluations else None,
    )
