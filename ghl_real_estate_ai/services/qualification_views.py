"""Stored qualification rows and computed progress, shaped as the API's flows and analytics facts."""

from __future__ import annotations

from datetime import datetime

from ghl_real_estate_ai.domain.qualification import (
    QualificationFlow,
    QualificationStage,
    StartQualificationRequest,
)
from ghl_real_estate_ai.intelligence.qualification import FlowProgress
from ghl_real_estate_ai.intelligence.qualification.analytics import AskFacts, FlowFacts
from ghl_real_estate_ai.storage.qualification_tables import QualificationAskedRow, QualificationFlowRow


def unstored_flow(
    flow_id: str,
    request: StartQualificationRequest,
    progress: FlowProgress,
    new_answers: list[str],
    now: datetime,
) -> QualificationFlow:
    """A flow computed without a database (`stored=False`)."""
    return QualificationFlow(
        flow_id=flow_id,
        contact_id=request.contact_id,
        contact_name=request.contact_name,
        stage=progress.stage,
        version=1,
        language=progress.language,
        intent=progress.intent,
        completeness=progress.completeness,
        areas=progress.areas,
        answers=list(progress.answers.values()),
        new_answers=new_answers,
        next_question=progress.next_question(),
        asked=progress.asked,
        created_at=now,
        updated_at=now,
        qualified_at=progress.qualified_at,
        stored=False,
    )


def flow_view(
    row: QualificationFlowRow,
    progress: FlowProgress,
    *,
    contact_id: str,
    contact_name: str | None,
    new: list[str] | None = None,
) -> QualificationFlow:
    return QualificationFlow(
        flow_id=row.id,
        location_id=row.location_id,
        contact_id=contact_id,
        contact_name=contact_name,
        stage=progress.stage,
        version=row.version,
        language=progress.language,
        intent=progress.intent,
        completeness=progress.completeness,
        areas=progress.areas,
        answers=list(progress.answers.values()),
        new_answers=new or [],
        next_question=progress.next_question(),
        asked=progress.asked,
        created_at=row.created_at,
        updated_at=row.updated_at,
        qualified_at=progress.qualified_at,
    )


def flow_facts(row: QualificationFlowRow) -> FlowFacts:
    return FlowFacts(
        flow_id=row.id,
        stage=QualificationStage(row.stage),
        completeness=row.completeness,
        created_at=row.created_at,
        qualified_at=row.qualified_at,
    )


def ask_facts(row: QualificationAskedRow) -> AskFacts:
    return AskFacts(
        flow_id=row.flow_id, question=row.question, area=row.area, replied=row.replied_at is not None
    )
