"""Defaults for the spec's facades when a caller constructs them with no arguments."""

from __future__ import annotations

from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.factory import build_engine
from ghl_real_estate_ai.settings import Settings


def default_engine(settings: Settings | None = None) -> AnalysisEngine:
    """The engine the settings ask for; engines are cached per process, so later calls are cheap."""
    return build_engine(settings or Settings())
