"""The coaching a stored analysis stands for, whichever operation stored it.

A coaching row keeps its answer; a semantic row (the GHL worker's reading of a message) keeps the
engine's reading, which the composer turns into coaching the same way the coaching endpoint does.
"""

from __future__ import annotations

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import CoachingResponse
from ghl_real_estate_ai.intelligence.coaching.composer import CoachingComposer
from ghl_real_estate_ai.storage.models import Analysis


def stored_coaching(row: Analysis, composer: CoachingComposer) -> CoachingResponse | None:
    if row.kind == "coaching":
        return CoachingResponse.model_validate(row.result["response"])
    if row.kind != "semantic":
        return None
    coaching = composer.coaching(
        MessageAnalysis.model_validate(row.result["analysis"]),
        engine=row.engine,
        processing_time_ms=row.processing_time_ms,
    )
    coaching.analysis_id, coaching.revision = row.analysis_id, row.revision
    return coaching
