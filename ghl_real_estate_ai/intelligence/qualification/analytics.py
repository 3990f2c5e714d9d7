"""Qualification figures from stored flows and their asked-question logs."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ghl_real_estate_ai.domain.qualification import (
    QualificationAnalytics,
    QualificationStage,
    QuestionDropOff,
)


@dataclass(frozen=True)
class FlowFacts:
    flow_id: str
    stage: QualificationStage
    completeness: float
    created_at: datetime
    qualified_at: datetime | None


@dataclass(frozen=True)
class AskFacts:
    flow_id: str
    question: str
    area: str
    replied: bool


def summarize(flows: Sequence[FlowFacts], asks: Sequence[AskFacts]) -> QualificationAnalytics:
    """`asks` must be in the order the questions were asked."""
    by_stage = {stage: 0 for stage in QualificationStage}
    for flow in flows:
        by_stage[flow.stage] += 1
    waits = [(f.qualified_at - f.created_at).total_seconds() for f in flows if f.qualified_at is not None]
    return QualificationAnalytics(
        total_flows=len(flows),
        by_stage=by_stage,
        average_completeness=statistics.fmean(f.completeness for f in flows) if flows else None,
        qualified_flows=len(waits),
        median_seconds_to_qualified=statistics.median(waits) if waits else None,
        drop_off=drop_off(asks),
    )


def drop_off(asks: Sequence[AskFacts]) -> list[QuestionDropOff]:
    """Per question: how often asked, in how many flows, and how many flows went quiet right after it."""
    times: dict[str, int] = {}
    flows_asked: dict[str, set[str]] = {}
    areas: dict[str, str] = {}
    last_per_flow: dict[str, AskFacts] = {}
    for ask in asks:
        times[ask.question] = times.get(ask.question, 0) + 1
        flows_asked.setdefault(ask.question, set()).add(ask.flow_id)
        areas[ask.question] = ask.area
        last_per_flow[ask.flow_id] = ask
    dropped: dict[str, int] = {}
    for last in last_per_flow.values():
        if not last.replied:
            dropped[last.question] = dropped.get(last.question, 0) + 1
    rows = [
        QuestionDropOff(
            question=question,
            area=areas[question],
            times_asked=count,
            flows_asked=len(flows_asked[question]),
            dropped=dropped.get(question, 0),
            drop_off_rate=round(dropped.get(question, 0) / len(flows_asked[question]), 4),
        )
        for question, count in times.items()
    ]
    return sorted(rows, key=lambda row: (-row.dropped, row.question))
