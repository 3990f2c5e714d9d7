"""Claude's refinement of an answer: revision 2 of the same analysis id, stored beside revision 1."""

from __future__ import annotations

import logging
import time
from typing import Generic

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.intelligence.claude import ClaudeEngine, ClaudeUnavailable
from ghl_real_estate_ai.services.analysis.operations import Operation, R
from ghl_real_estate_ai.services.analysis.recording import Stored, record_revision
from ghl_real_estate_ai.services.scope import TenantScope

logger = logging.getLogger(__name__)


async def refined_reading(
    claude: ClaudeEngine, operation: Operation[R], local: MessageAnalysis
) -> MessageAnalysis | None:
    """Claude's reading, or None when it gave none (the circuit breaker logs degradation once)."""
    try:
        return await claude.refine(operation.request, local, operation.call)
    except ClaudeUnavailable as error:
        logger.debug("Claude gave no answer: %s", error, exc_info=True)
        return None


class Refinement(Generic[R]):
    """Revision 2 of one answer, made now (the caller waits) or later (after revision 1 committed)."""

    def __init__(
        self, claude: ClaudeEngine, operation: Operation[R], local: MessageAnalysis, first: R
    ) -> None:
        self.claude = claude
        self.operation: Operation[R] = operation
        self.local = local
        self.first: R = first

    async def make(self) -> tuple[R, MessageAnalysis] | None:
        started = time.perf_counter()
        refined = await refined_reading(self.claude, self.operation, self.local)
        if refined is None:
            return None
        elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
        response = self.operation.compose(refined, "claude", elapsed_ms)
        response.analysis_id, response.revision = self.first.analysis_id, 2
        return response, refined

    @staticmethod
    def keep(
        scope: TenantScope, operation: Operation[R], stored: Stored, made: tuple[R, MessageAnalysis]
    ) -> None:
        response, analysis = made
        record_revision(scope, operation.kind, stored, response, analysis)
