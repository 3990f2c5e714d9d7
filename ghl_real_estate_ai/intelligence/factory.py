"""Choosing the engine the settings ask for."""

from __future__ import annotations

import logging
from typing import Protocol

from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine

logger = logging.getLogger(__name__)


class EngineSettings(Protocol):
    @property
    def model_cache_dir(self) -> str: ...

    @property
    def engine(self) -> str: ...


def build_engine(settings: EngineSettings) -> AnalysisEngine:
    if settings.engine != "local":
        # The Claude and hybrid engines arrive behind the same protocol; until then the local answer stands.
        logger.warning("engine mode %r is not available yet: the local engine answers", settings.engine)
    return load_local_engine(settings.model_cache_dir)
