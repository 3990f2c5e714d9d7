"""The one door to a reading: every request that needs the engines comes through here.

Revision 1 (the local engine's answer) is stored in the caller's transaction and published once that
commits; in hybrid mode Claude's refinement then starts, with the ids of what was stored, and comes
back as revision 2 of the same analysis id, stored and published the same way.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.domain.requests import CoachingRequest, ObjectionRequest, SemanticRequest
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.intelligence.claude import ClaudeEngine
from ghl_real_estate_ai.intelligence.coaching.composer import CoachingComposer
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.learning.bandit import PlayOrder
from ghl_real_estate_ai.realtime.publishing import NoPublisher, RevisionEvent, RevisionPublisher
from ghl_real_estate_ai.services.analysis import operations
from ghl_real_estate_ai.services.analysis.history import with_stored_history
from ghl_real_estate_ai.services.analysis.operations import Operation, R
from ghl_real_estate_ai.services.analysis.recording import Stored, record_first
from ghl_real_estate_ai.services.analysis.refinement import Refinement, refined_reading
from ghl_real_estate_ai.services.answer_commit import AnswerCommit
from ghl_real_estate_ai.services.play_ranking_service import feedback_play_order
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.settings import EngineMode
from ghl_real_estate_ai.storage.database import Database, after_commit

__all__ = ["AnalysisService", "Reading", "RevisionEvent", "TenantScope", "new_analysis_id"]

logger = logging.getLogger(__name__)
# Asked in the transaction that would store an answer: may it be stored (and published)?
Guard = Callable[[TenantScope], Awaitable[bool]]
# The location's play order from its agents' feedback, read in the request's session.
PlayOrderSource = Callable[[TenantScope], Awaitable[PlayOrder]]


@dataclass(frozen=True)
class Reading:
    """The engine's reading of one request, done ahead of time (e.g. before a write transaction).

    Passed back to an operation, it is used only when that operation reads exactly the same request."""

    request: AnalysisRequest
    analysis: MessageAnalysis
    elapsed_ms: float


def new_analysis_id() -> str:
    return f"ana_{uuid.uuid4().hex}"


class AnalysisService:
    """Runs the local engine at once; in claude and hybrid modes Claude refines its reading.

    claude: Claude's answer within its deadline, else the local one. hybrid: the local answer now, and
    Claude's refinement later as revision 2 of the same analysis id (or now, when the caller waits).
    """

    def __init__(
        self,
        engine: AnalysisEngine,
        composer: CoachingComposer | None = None,
        *,
        claude: ClaudeEngine | None = None,
        mode: EngineMode = EngineMode.LOCAL,
        database: Database | None = None,
        publisher: RevisionPublisher | None = None,
        play_order: PlayOrderSource = feedback_play_order,
    ) -> None:
        self.engine = engine
        self.composer = composer or CoachingComposer()
        self.claude = claude
        self.mode = mode if claude is not None else EngineMode.LOCAL
        self.database = database
        self.publisher: RevisionPublisher = publisher or NoPublisher()
        self.writes = AnswerCommit(database) if database is not None else None
        self.play_order = play_order
        self._background: set[asyncio.Task[None]] = set()

    async def drain(self) -> None:
        """Wait for pending refinements (shutdown, tests)."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)
        if self.claude is not None:
            await self.claude.drain()

    async def read(self, request: AnalysisRequest) -> Reading:
        """The local engine's reading alone (CPU, no storage, nothing published)."""
        started = time.perf_counter()
        analysis = await self.engine.analyze(request)
        return Reading(request, analysis, round((time.perf_counter() - started) * 1000, 3))

    async def real_time_coaching(
        self, scope: TenantScope | None, request: CoachingRequest, *, wait_for_refinement: bool = False
    ) -> CoachingResponse:
        location_id = scope.location_id if scope is not None else request.location_id
        order = await self.play_order(scope) if scope is not None else None
        operation = operations.coaching(request, location_id, self.composer, order)
        return await self._answer(scope, operation, wait_for_refinement)

    async def objection_analysis(
        self, scope: TenantScope | None, request: ObjectionRequest, *, wait_for_refinement: bool = False
    ) -> ObjectionResponse:
        order = await self.play_order(scope) if scope is not None else None
        operation = operations.objection(request, _location(scope), self.composer, order)
        return await self._answer(scope, operation, wait_for_refinement)

    async def semantic_analysis(
        self,
        scope: TenantScope | None,
        request: SemanticRequest,
        *,
        wait_for_refinement: bool = False,
        reading: Reading | None = None,
    ) -> SemanticAnalysis:
        operation = operations.semantic(request, _location(scope))
        return await self._answer(scope, operation, wait_for_refinement, reading)

    async def live_coaching(
        self, location_id: str, request: CoachingRequest, may_store: Guard
    ) -> CoachingResponse | None:
        """A socket's coaching, built for many at once: the stored history read in a short transaction,
        the reading batched with concurrent ones (the engine), the rows written in a group commit with
        other answers (AnswerCommit) and published after it. None when `may_store`, asked in the
        transaction that would store the message, refuses it (e.g. a revoked key)."""
        if self.database is None or self.writes is None:
            raise RuntimeError("live coaching stores its answers: the service needs a database")
        async with self.database.session() as session:
            scope = TenantScope(session, location_id)
            order = await self.play_order(scope)
            operation = operations.coaching(request, location_id, self.composer, order)
            operation = await with_stored_history(scope, operation)
        response, analysis, refinement = await self._respond(operation, None)

        async def store(scope: TenantScope) -> CoachingResponse | None:
            if not await may_store(scope):
                return None
            stored = await record_first(scope, operation, response, analysis)
            self._after_commit(scope, operation, (response, analysis), refinement, stored)
            return response

        return await self.writes.write(location_id, store)

    async def _answer(
        self,
        scope: TenantScope | None,
        operation: Operation[R],
        wait_for_refinement: bool,
        reading: Reading | None = None,
    ) -> R:
        """Local reading now (or the one given, when it read this very request); Claude's per the mode:
        instead (claude) or as revision 2 (hybrid)."""
        operation = await with_stored_history(scope, operation)
        response, analysis, refinement = await self._respond(operation, reading)
        answer = (response, analysis)
        if scope is None:  # nothing stored; the caller's location (if it named one) is still told
            made = await refinement.make() if refinement is not None and wait_for_refinement else None
            answer = made or answer
            if operation.call.location_id is not None:
                await self._publish(operation.call.location_id, operation, answer)
            return answer[0]
        stored = await record_first(scope, operation, response, analysis)
        if refinement is not None and wait_for_refinement:
            made = await refinement.make()
            if made is not None:  # revision 2 joins the request's own transaction
                Refinement.keep(scope, operation, stored, made)
                answer = made
            refinement = None
        self._after_commit(scope, operation, answer, refinement, stored)
        return answer[0]

    async def _respond(
        self, operation: Operation[R], reading: Reading | None
    ) -> tuple[R, MessageAnalysis, Refinement[R] | None]:
        """The answer to compose from the local reading (Claude's instead in claude mode), and in hybrid
        mode the refinement still to make."""
        if reading is None or reading.request != operation.request:
            reading = await self.read(operation.request)
        analysis, engine, elapsed_ms = reading.analysis, self.engine.name, reading.elapsed_ms
        if self.mode is EngineMode.CLAUDE and self.claude is not None:
            started = time.perf_counter()
            refined = await refined_reading(self.claude, operation, analysis)
            # The caller waited for Claude too: the answer's processing time says so.
            elapsed_ms = round(elapsed_ms + (time.perf_counter() - started) * 1000, 3)
            if refined is not None:
                analysis, engine = refined, "claude"
        response = operation.compose(analysis, engine, elapsed_ms)
        response.analysis_id = new_analysis_id()
        refinement = None
        if self.mode is EngineMode.HYBRID and self.claude is not None:
            refinement = Refinement(self.claude, operation, analysis, response)
        return response, analysis, refinement

    def _after_commit(
        self,
        scope: TenantScope,
        operation: Operation[R],
        answer: tuple[R, MessageAnalysis],
        refinement: Refinement[R] | None,
        stored: Stored,
    ) -> None:
        """Once the transaction holding the answer commits: publish it, then start Claude's refinement."""
        location_id = scope.location_id
        after_commit(scope.session, lambda: self._publish(location_id, operation, answer))
        if refinement is not None:
            after_commit(scope.session, lambda: self._refine_later(location_id, refinement, stored))

    async def _refine_later(self, location_id: str, refinement: Refinement[R], stored: Stored) -> None:
        self._spawn(self._refinement(location_id, refinement, stored))

    async def _refinement(self, location_id: str, refinement: Refinement[R], stored: Stored) -> None:
        try:
            made = await refinement.make()
            if made is None or self.database is None:
                return
            async with self.database.session() as session:
                Refinement.keep(TenantScope(session, location_id), refinement.operation, stored, made)
                after_commit(session, lambda: self._publish(location_id, refinement.operation, made))
        except Exception:  # a background refinement must never take anything else down
            logger.exception("storing Claude's refinement failed")

    async def _publish(
        self, location_id: str, operation: Operation[R], answer: tuple[R, MessageAnalysis]
    ) -> None:
        response, analysis = answer
        assert response.analysis_id is not None
        await self.publisher.publish(
            RevisionEvent(
                location_id,
                operation.agent_id,
                response.analysis_id,
                response.revision,
                operation.kind,
                response,
                operation.conversation_stage,
                operation.progress(analysis) if operation.progress is not None else None,
                operation.lead_id,
                analysis.preferences,
            )
        )

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)


def _location(scope: TenantScope | None) -> str | None:
    return scope.location_id if scope is not None else None
