"""`claude_service.debug_coaching_flow(...)`: one coaching run, every step's input, output and timing.

The steps are the pipeline's own public parts, run one after the other: the request, the PII scrub,
the local engine, Claude's refinement (when configured), the composition of the answer. The trace holds
only scrubbed text, so a saved trace carries no email, phone or SSN the prospect typed."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, JsonValue

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import CoachingResponse
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.intelligence.claude import CallContext, ClaudeUnavailable
from ghl_real_estate_ai.observability.logging import SPEC_LOGGERS
from ghl_real_estate_ai.security.pii import scrub_text
from ghl_real_estate_ai.services.analysis_service import AnalysisService

DEBUG_MESSAGE = "I'm not sure if I can afford this right now..."
DEFAULT_DEBUG_DIR = Path("var/debug")
logger = logging.getLogger("claude_agent_service")


class DebugStep(BaseModel):
    name: str
    input: dict[str, JsonValue]
    output: dict[str, JsonValue]
    elapsed_ms: float


class CoachingDebugTrace(BaseModel):
    agent_id: str
    started_at: datetime
    steps: list[DebugStep]
    response: CoachingResponse
    total_ms: float
    saved_to: str | None = None


def _labels(analysis: MessageAnalysis) -> dict[str, JsonValue]:
    return {
        "primary_intent": analysis.primary_intent.label.value,
        "objection": analysis.objection.type.value if analysis.objection else None,
        "urgency_level": analysis.urgency_level.label.value,
        "decision_stage": analysis.decision_stage.label.value,
        "sentiment": analysis.sentiment.label.value,
        "language": analysis.language.value,
        "confidence": analysis.confidence,
    }


@contextmanager
def _verbose(enabled: bool) -> Iterator[None]:
    """The spec's debug loggers and the package's own at DEBUG for the run, as they were after it."""
    names = [*SPEC_LOGGERS, "ghl_real_estate_ai"] if enabled else []
    before = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield
    finally:
        for name, level in before.items():
            logging.getLogger(name).setLevel(level)


class _Clock:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.mark = self.started

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed, self.mark = (now - self.mark) * 1000, now
        return round(elapsed, 3)


async def debug_coaching_flow(
    analysis: AnalysisService,
    agent_id: str,
    *,
    prospect_message: str = DEBUG_MESSAGE,
    enable_verbose_logging: bool = False,
    save_request_response: bool = False,
    debug_dir: Path = DEFAULT_DEBUG_DIR,
) -> CoachingDebugTrace:
    started_at = datetime.now(UTC)
    with _verbose(enable_verbose_logging):
        clock, steps = _Clock(), []
        request = AnalysisRequest(message=prospect_message, conversation_stage="discovery")
        scrubbed = scrub_text(prospect_message)
        steps.append(
            DebugStep(
                name="request",
                input={"agent_id": agent_id, "message_chars": len(prospect_message)},
                output={"conversation_stage": request.conversation_stage, "context_turns": 0},
                elapsed_ms=clock.lap(),
            )
        )
        steps.append(
            DebugStep(
                name="pii_scrub",
                input={"message_chars": len(prospect_message)},
                output={"pii_found": scrubbed.found, "scrubbed_message": scrubbed.text},
                elapsed_ms=clock.lap(),
            )
        )
        local = (await analysis.read(request)).analysis
        steps.append(
            DebugStep(
                name="local_engine",
                input={"engine": analysis.engine.name, "message": scrubbed.text},
                output=_labels(local),
                elapsed_ms=clock.lap(),
            )
        )
        final, engine = local, analysis.engine.name
        if analysis.claude is None:
            steps.append(
                DebugStep(
                    name="claude_refinement",
                    input={},
                    output={"skipped": "Claude is not configured"},
                    elapsed_ms=clock.lap(),
                )
            )
        else:
            output: dict[str, JsonValue]
            try:
                refined = await analysis.claude.refine(
                    request, local, CallContext("debug_coaching_flow", agent_id, None)
                )
                final, engine, output = refined, "claude", _labels(refined)
            except ClaudeUnavailable as error:
                output = {"error": type(error).__name__, "circuit": analysis.claude.breaker.state.value}
            steps.append(
                DebugStep(
                    name="claude_refinement",
                    input={"model": analysis.claude.config.model, "local": _labels(local)},
                    output=output,
                    elapsed_ms=clock.lap(),
                )
            )
        total_ms = round((time.perf_counter() - clock.started) * 1000, 3)
        response = analysis.composer.coaching(final, engine=engine, processing_time_ms=total_ms)
        steps.append(
            DebugStep(
                name="compose",
                input={"engine": engine},
                output={
                    "suggestions": len(response.suggestions),
                    "objection_detected": response.objection_detected,
                    "recommended_questions": len(response.recommended_questions),
                    "urgency_level": response.urgency_level.value,
                },
                elapsed_ms=clock.lap(),
            )
        )
        for step in steps:
            logger.debug("debug_coaching_flow %s: %.2f ms", step.name, step.elapsed_ms)
        trace = CoachingDebugTrace(
            agent_id=agent_id, started_at=started_at, steps=steps, response=response, total_ms=total_ms
        )
    if save_request_response:
        path = debug_dir / f"coaching-debug-{agent_id}-{started_at:%Y%m%dT%H%M%S%f}.json"
        trace.saved_to = str(path)
        await asyncio.to_thread(_save, path, json.dumps(trace.model_dump(mode="json"), indent=2))
    return trace


def _save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
