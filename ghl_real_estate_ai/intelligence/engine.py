"""The protocol every analysis engine implements (local now; Claude and hybrid behind the same shape)."""

from __future__ import annotations

from typing import Protocol

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest


class AnalysisEngine(Protocol):
    name: str

    async def analyze(self, request: AnalysisRequest) -> MessageAnalysis:
        """Read one prospect message in its conversation."""
        ...
