"""The spec's qualification areas as a location's default configuration, and checks on overrides."""

from __future__ import annotations

from ghl_real_estate_ai.domain.qualification import AreaConfig, QualificationConfig, QualificationStage
from ghl_real_estate_ai.intelligence.coaching.questions import QUALIFICATION_AREAS, QUESTION_TEXT


def default_config() -> QualificationConfig:
    return QualificationConfig(
        areas={
            area.name: AreaConfig(
                weight=area.weight,
                required=area.required,
                stage_threshold=QualificationStage(area.stage_threshold) if area.stage_threshold else None,
                questions=list(area.questions),
            )
            for area in QUALIFICATION_AREAS
        }
    )


def unknown_questions(config: QualificationConfig) -> list[str]:
    """Question keys the config names that we cannot word or extract answers for."""
    return sorted({q for area in config.areas.values() for q in area.questions} - QUESTION_TEXT.keys())
