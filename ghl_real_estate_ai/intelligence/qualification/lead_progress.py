"""A lead's qualification progress from its accumulated preferences (no flow needed).

The dashboard shows this for every lead, whether or not a qualification flow was started: the areas
and their weights are the location's default configuration, and an answer counts when the engine has
read it from the prospect's messages.
"""

from __future__ import annotations

from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.qualification import AreaProgress, QualificationConfig, QualificationStage
from ghl_real_estate_ai.intelligence.coaching.questions import known_questions
from ghl_real_estate_ai.intelligence.qualification.config import default_config
from ghl_real_estate_ai.intelligence.qualification.progress import (
    area_progress,
    ladder_stage,
    overall_completeness,
)


def lead_progress(
    preferences: Preferences,
    *,
    motivation_known: bool = False,
    config: QualificationConfig | None = None,
) -> tuple[QualificationStage, float, list[AreaProgress]]:
    """Stage, overall completeness (0-100) and per-area progress.

    >>> stage, overall, _ = lead_progress(Preferences())
    >>> (stage.value, overall)
    ('new', 0.0)
    """
    chosen = config or default_config()
    answered = known_questions(
        preferences, motivation_known=motivation_known, timeline_known=preferences.timeline_months is not None
    )
    areas = area_progress(chosen, answered, intent=None)
    overall = overall_completeness(areas)
    return ladder_stage(chosen, areas, overall), overall, areas
