"""Choosing the engine the settings ask for."""

from __future__ import annotations

from typing import Protocol

from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine


class EngineSettings(Protocol):
    @property
    def model_cache_dir(self) -> str: ...


def build_engine(settings: EngineSettings) -> AnalysisEngine:
    # Only the embedded engine exists so far; Claude and hybrid modes arrive behind the same protocol.
    return load_local_engine(settings.model_cache_dir)
