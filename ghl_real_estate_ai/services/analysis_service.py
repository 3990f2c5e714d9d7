"""One place where a request becomes an analysis: engine, composition, timing and storage."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.requests import (
    CoachingRequest,
    ObjectionRequest,
    SemanticRequest,
    split_conversation,
)
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.intelligence.claude import CallContext, ClaudeEngine, ClaudeUnavailable
from ghl_real_estate_ai.intelligence.coaching.composer import CoachingComposer
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.semantics import intent_analysis, semantic_preferences
from ghl_real_estate_ai.settings import EngineMode
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Analysis
from ghl_real_estate_ai.storage.repositories import AnalysisRepository, ConversationRepository


@dataclass
class Timed:
    analysis: MessageAnalysis
    started: float

    @property
    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 3)


@dataclass(frozen=True)
class Reading:
    """The engine's reading of one request, done ahead of time (e.g. before a write transaction).

    Passed back to an operation, it is used only when that operation reads exactly the same request."""

    request: AnalysisRequest
    analysis: MessageAnalysis
    elapsed_ms: float


def semantic_reading_request(request: SemanticRequest) -> AnalysisRequest:
    """What the engine reads for a semantic analysis."""
    context, message = split_conversation(request.conversation_messages)
    return AnalysisRequest(message=message, context=context, reference_date=request.reference_date)


@dataclass(frozen=True)
class TenantScope:
    """Where to store an analysis: the caller's open session, inside one location."""

    session: AsyncSession
    location_id: str


def new_analysis_id() -> str:
    return f"ana_{uuid.uuid4().hex}"


logger = logging.getLogger(__name__)


Result = CoachingResponse | ObjectionResponse | SemanticAnalysis
R = TypeVar("R", CoachingResponse, ObjectionResponse, SemanticAnalysis)


@dataclass(frozen=True)
class RevisionEvent:
    """A newer revision of an analysis, for the agent's topics (the WebSocket hub subscribes here)."""

    location_id: str
    agent_id: str | None
    analysis_id: str
    revision: int
    kind: str
    response: Result


@dataclass(frozen=True)
class Operation:
    """One spec operation as the engines and storage see it."""

    kind: str
    request: AnalysisRequest
    call: CallContext
    conversation_key: str | None
    lead_id: str | None
    agent_id: str | None
    turns: Sequence[ConversationTurn]


class RevisionPublisher(Protocol):
    async def publish(self, event: RevisionEvent) -> None: ...


class NoPublisher:
    """Until the hub exists, revisions are stored and nobody is told."""

    async def publish(self, event: RevisionEvent) -> None:
        return None


@dataclass(frozen=True)
class Stored:
    conversation_id: str
    message_id: int | None


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
    ) -> None:
        self.engine = engine
        self.composer = composer or CoachingComposer()
        self.claude = claude
        self.mode = mode if claude is not None else EngineMode.LOCAL
        self.database = database
        self.publisher: RevisionPublisher = publisher or NoPublisher()
        self._background: set[asyncio.Task[None]] = set()

    async def drain(self) -> None:
        """Wait for pending refinements (shutdown, tests)."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)
        if self.claude is not None:
            await self.claude.drain()

    async def _run(self, request: AnalysisRequest) -> Timed:
        started = time.perf_counter()
        return Timed(await self.engine.analyze(request), started)

    async def read(self, request: AnalysisRequest) -> Reading:
        """Only the engine's reading (CPU, no storage): for `semantic_analysis(..., reading=)` later."""
        timed = await self._run(request)
        return Reading(request, timed.analysis, timed.elapsed_ms)

    async def real_time_coaching(
        self, request: CoachingRequest, *, scope: TenantScope | None = None, wait_for_refinement: bool = False
    ) -> CoachingResponse:
        context = request.conversation_context

        def compose(analysis: MessageAnalysis, engine: str, elapsed_ms: float) -> CoachingResponse:
            return self.composer.coaching(
                analysis, engine=engine, processing_time_ms=elapsed_ms, answered=context.answered_questions
            )

        return await self._answer(
            Operation(
                kind="coaching",
                request=AnalysisRequest(
                    message=request.prospect_message,
                    context=context.history,
                    reference_date=context.reference_date,
                    conversation_stage=request.conversation_stage,
                    lead=_lead_fields(context.model_extra),
                ),
                call=CallContext(
                    "real_time_coaching", request.agent_id, scope.location_id if scope else None
                ),
                conversation_key=context.conversation_id or _lead_key(context.lead_id),
                lead_id=context.lead_id,
                agent_id=request.agent_id,
                turns=[*context.history, ConversationTurn(message=request.prospect_message)],
            ),
            compose,
            scope,
            wait_for_refinement,
        )

    async def objection_analysis(
        self,
        request: ObjectionRequest,
        *,
        scope: TenantScope | None = None,
        wait_for_refinement: bool = False,
    ) -> ObjectionResponse:
        def compose(analysis: MessageAnalysis, engine: str, elapsed_ms: float) -> ObjectionResponse:
            return self.composer.objection(analysis, engine=engine, processing_time_ms=elapsed_ms)

        return await self._answer(
            Operation(
                kind="objection",
                request=AnalysisRequest(
                    message=request.objection_text,
                    context=request.conversation_history,
                    lead=_lead_fields(dict(request.lead_context)),
                ),
                call=CallContext("objection_analysis", None, scope.location_id if scope else None),
                conversation_key=request.conversation_id or _lead_key(request.lead_id),
                lead_id=request.lead_id,
                agent_id=None,
                turns=[*request.conversation_history, ConversationTurn(message=request.objection_text)],
            ),
            compose,
            scope,
            wait_for_refinement,
        )

    async def semantic_analysis(
        self,
        request: SemanticRequest,
        *,
        scope: TenantScope | None = None,
        wait_for_refinement: bool = False,
        reading: Reading | None = None,
    ) -> SemanticAnalysis:

        def compose(analysis: MessageAnalysis, engine: str, elapsed_ms: float) -> SemanticAnalysis:
            return SemanticAnalysis(
                intent_analysis=intent_analysis(analysis),
                semantic_preferences=semantic_preferences(analysis) if request.include_preferences else None,
                confidence=round(analysis.confidence * 100),
                urgency_score=analysis.urgency_score,
                processing_time_ms=elapsed_ms,
                engine=engine,
            )

        return await self._answer(
            Operation(
                kind="semantic",
                request=semantic_reading_request(request),
                call=CallContext("semantic_analysis", None, scope.location_id if scope else None),
                conversation_key=request.conversation_id or _lead_key(request.lead_id),
                lead_id=request.lead_id,
                agent_id=None,
                turns=request.conversation_messages,
            ),
            compose,
            scope,
            wait_for_refinement,
            reading,
        )

    async def _answer(
        self,
        operation: Operation,
        compose: Callable[[MessageAnalysis, str, float], R],
        scope: TenantScope | None,
        wait_for_refinement: bool,
        reading: Reading | None = None,
    ) -> R:
        """Local reading now (or the one given, when it read this very request); Claude's per the mode:
        instead (claude) or as revision 2 (hybrid)."""
        if reading is not None and reading.request == operation.request:
            timed = Timed(reading.analysis, time.perf_counter() - reading.elapsed_ms / 1000)
        else:
            timed = await self._run(operation.request)
        analysis, engine = timed.analysis, self.engine.name
        if self.mode is EngineMode.CLAUDE:
            refined = await self._refined(operation.request, analysis, operation.call)
            if refined is not None:
                analysis, engine = refined, "claude"
        response = compose(analysis, engine, timed.elapsed_ms)
        response.analysis_id = new_analysis_id()
        stored = None
        if scope is not None:
            stored = await self._store(
                scope,
                kind=operation.kind,
                result=response,
                analysis=analysis,
                conversation_key=operation.conversation_key,
                lead_id=operation.lead_id,
                agent_id=operation.agent_id,
                turns=operation.turns,
            )
        if self.mode is not EngineMode.HYBRID:
            return response
        revise = _Revision(self, operation, analysis, response, compose)
        if wait_for_refinement:
            return await revise.now(scope, stored)
        self._spawn(revise.later())
        return response

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _refined(
        self, request: AnalysisRequest, local: MessageAnalysis, call: CallContext
    ) -> MessageAnalysis | None:
        assert self.claude is not None
        try:
            return await self.claude.refine(request, local, call)
        except ClaudeUnavailable as error:
            logger.debug("Claude gave no answer: %s", error, exc_info=True)
            return None  # the circuit breaker logs the degradation once per state change

    async def _store(
        self,
        scope: TenantScope,
        *,
        kind: str,
        result: Result,
        analysis: MessageAnalysis,
        conversation_key: str | None,
        lead_id: str | None,
        turns: Sequence[ConversationTurn],
        agent_id: str | None = None,
        engine: str | None = None,
    ) -> Stored:
        """Store conversation, new messages and analysis together, inside the caller's transaction."""
        session, location_id = scope.session, scope.location_id
        conversations = ConversationRepository(session, location_id)
        contact = await conversations.contact(lead_id) if lead_id else None
        agent = await conversations.agent(agent_id) if agent_id else None
        conversation, created = await conversations.conversation(
            conversation_key or f"adhoc-{uuid.uuid4().hex}", contact=contact, agent=agent
        )
        # A new conversation records the history it arrived with; a known one only gains the new message.
        new_turns = turns if created else turns[-1:]
        stored = [conversations.add_message(conversation.id, t.speaker.value, t.message) for t in new_turns]
        await session.flush()  # assigns the message ids the analysis points to
        if contact is not None:
            known = Preferences.model_validate(contact.preferences or {})
            contact.preferences = known.merged_with(analysis.preferences).stated_slots()
        assert result.analysis_id is not None
        AnalysisRepository(session, location_id).add(
            Analysis(
                analysis_id=result.analysis_id,
                location_id=location_id,
                conversation_id=conversation.id,
                message_id=stored[-1].id if stored else None,
                kind=kind,
                engine=engine or result.engine,
                result={
                    "response": result.model_dump(mode="json"),
                    "analysis": analysis.model_dump(mode="json"),
                },
                confidence=analysis.confidence,
                processing_time_ms=result.processing_time_ms,
            )
        )
        return Stored(conversation.id, stored[-1].id if stored else None)


class _Revision(Generic[R]):
    """Claude's refinement of one answer, stored and published as revision 2 of its analysis id."""

    def __init__(
        self,
        service: AnalysisService,
        operation: Operation,
        local: MessageAnalysis,
        first: R,
        compose: Callable[[MessageAnalysis, str, float], R],
    ) -> None:
        self.service = service
        self.operation = operation
        self.local = local
        self.first: R = first
        self.compose: Callable[[MessageAnalysis, str, float], R] = compose

    async def _refine(self) -> tuple[R, MessageAnalysis] | None:
        started = time.perf_counter()
        refined = await self.service._refined(self.operation.request, self.local, self.operation.call)
        if refined is None:
            return None
        response = self.compose(refined, "claude", round((time.perf_counter() - started) * 1000, 3))
        response.analysis_id, response.revision = self.first.analysis_id, 2
        return response, refined

    async def now(self, scope: TenantScope | None, stored: Stored | None) -> R:
        """The caller waits (refine=wait): revision 2 joins the request's own transaction."""
        refined = await self._refine()
        if refined is None:
            return self.first
        response, analysis = refined
        if scope is not None and stored is not None:
            scope.session.add(self._row(scope.location_id, stored, response, analysis))
            await scope.session.flush()
            await self._publish(scope.location_id, response)
        return response

    async def later(self) -> None:
        """In the background, after the request's own transaction has committed revision 1."""
        try:
            refined = await self._refine()
            database, location_id = self.service.database, self.operation.call.location_id
            if refined is None or database is None or location_id is None:
                return
            response, analysis = refined
            async with database.session() as session:
                first = await _first_revision(session, location_id, response.analysis_id or "")
                if first is None:
                    return
                stored = Stored(first.conversation_id or "", _message_id(first))
                session.add(self._row(location_id, stored, response, analysis))
            await self._publish(location_id, response)
        except Exception:  # a background refinement must never take anything else down
            logger.exception("storing Claude's refinement failed")

    def _row(self, location_id: str, stored: Stored, response: R, refined: MessageAnalysis) -> Analysis:
        assert response.analysis_id is not None
        return Analysis(
            analysis_id=response.analysis_id,
            revision=2,
            location_id=location_id,
            conversation_id=stored.conversation_id or None,
            message_id=stored.message_id,
            kind=self.operation.kind,
            engine="claude",
            result={
                "response": response.model_dump(mode="json"),
                "analysis": refined.model_dump(mode="json"),
            },
            confidence=refined.confidence,
            processing_time_ms=response.processing_time_ms,
        )

    async def _publish(self, location_id: str, response: R) -> None:
        assert response.analysis_id is not None
        await self.service.publisher.publish(
            RevisionEvent(
                location_id, self.operation.agent_id, response.analysis_id, 2, self.operation.kind, response
            )
        )


async def _first_revision(session: AsyncSession, location_id: str, analysis_id: str) -> Analysis | None:
    """Revision 1, once the request that made it has committed (it normally has: Claude is slower)."""
    for _ in range(40):
        revisions = await AnalysisRepository(session, location_id).revisions(analysis_id)
        if revisions:
            return revisions[0]
        await asyncio.sleep(0.05)
    return None


def _message_id(row: Analysis) -> int | None:
    value: object = row.message_id
    return int(value) if isinstance(value, int | str) else None


def _lead_fields(extra: dict[str, object] | None) -> dict[str, str | int | float | bool | None]:
    """Scalar facts the caller sent about the lead (ConversationContext keeps unknown keys)."""
    fields: dict[str, str | int | float | bool | None] = {}
    for key, value in (extra or {}).items():
        if value is None or isinstance(value, str | int | float | bool):
            fields[key] = value
        elif isinstance(value, dict):
            fields.update(
                {
                    f"{key}.{k}" if k not in ("email", "phone") else k: v
                    for k, v in _lead_fields(value).items()
                }
            )
    return fields


LEAD_KEY_PREFIX = "lead-"
EXTERNAL_ID_MAX = 128  # conversations.external_id


def _lead_key(lead_id: str | None) -> str | None:
    if not lead_id:
        return None
    key = LEAD_KEY_PREFIX + lead_id
    # A lead id near the column's length would overflow it once prefixed: such ids are keyed by their hash.
    if len(key) > EXTERNAL_ID_MAX:
        return f"{LEAD_KEY_PREFIX}sha256-{hashlib.sha256(lead_id.encode()).hexdigest()}"
    return key
