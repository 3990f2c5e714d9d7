"""The spec's Qualification Orchestrator: adaptive qualification flows, stored per location.

A reply is applied under a row lock on the flow (SELECT ... FOR UPDATE on PostgreSQL; SQLite has one
writer), then the flow's version is bumped with a check that nobody bumped it meanwhile, so two
concurrent replies to one flow are applied one after the other and neither loses its answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm.exc import StaleDataError

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.errors import Conflict, Invalid, NotFound
from ghl_real_estate_ai.domain.qualification import (
    AskedQuestion,
    QualificationAnalytics,
    QualificationAnswer,
    QualificationConfig,
    QualificationFlow,
    QualificationReply,
    QualificationStage,
    StartQualificationRequest,
)
from ghl_real_estate_ai.domain.taxonomy import Intent, Language, Speaker
from ghl_real_estate_ai.intelligence.coaching.questions import QUALIFICATION_AREAS as AREAS
from ghl_real_estate_ai.intelligence.qualification import FlowProgress, default_config, unknown_questions
from ghl_real_estate_ai.intelligence.qualification.analytics import summarize
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.qualification_views import ask_facts, flow_facts, flow_view, unstored_flow
from ghl_real_estate_ai.services.read_audit import audit_read
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.models import Contact, new_id
from ghl_real_estate_ai.storage.qualification_repository import QualificationRepository
from ghl_real_estate_ai.storage.qualification_tables import (
    QualificationAnswerRow,
    QualificationAskedRow,
    QualificationConfigRow,
    QualificationFlowRow,
)
from ghl_real_estate_ai.storage.repositories import ConversationRepository

HISTORY_LIMIT = 200
# The spec's QUALIFICATION_AREAS, as the spec writes it, from the areas the flows really use.
QUALIFICATION_AREAS: dict[str, dict[str, object]] = {
    area.name: {
        "weight": area.weight,
        "required": area.required,
        **({"stage_threshold": area.stage_threshold} if area.stage_threshold else {}),
        "questions": list(area.questions),
    }
    for area in AREAS
}


# The spec's logger name (its debug mode turns it up): stages and scores, never what was said.
logger = logging.getLogger("qualification_orchestrator")


class FlowNotFound(NotFound):
    """No flow with this id in the caller's location (another tenant's flow looks the same)."""


class StaleFlowVersion(Conflict):
    """The caller's expected_version is older than the stored flow."""


class InvalidQualificationConfig(Invalid):
    pass


@dataclass
class _Loaded:
    row: QualificationFlowRow
    progress: FlowProgress
    answer_rows: dict[str, QualificationAnswerRow]
    asked_rows: list[QualificationAskedRow]


class QualificationOrchestrator:
    def __init__(self, analysis: AnalysisService, clock: Clock = system_clock) -> None:
        self.analysis = analysis
        self.clock = clock

    # Configuration

    async def config(self, scope: TenantScope) -> QualificationConfig:
        """The location's qualification areas: its own override, else the spec's defaults."""
        stored = await QualificationRepository(scope.session, scope.location_id).config()
        return QualificationConfig.model_validate(stored.config) if stored else default_config()

    async def set_config(self, scope: TenantScope, config: QualificationConfig) -> QualificationConfig:
        unknown = unknown_questions(config)
        if unknown:
            raise InvalidQualificationConfig(
                f"Invalid qualification config: unknown question keys: {', '.join(unknown)}"
            )
        stored = await QualificationRepository(scope.session, scope.location_id).config()
        payload = config.model_dump(mode="json")
        if stored is None:
            scope.session.add(
                QualificationConfigRow(location_id=scope.location_id, config=payload, updated_at=self.clock())
            )
        else:
            stored.config, stored.updated_at = payload, self.clock()
        await scope.session.flush()
        return config

    # Flows

    async def start(self, scope: TenantScope | None, request: StartQualificationRequest) -> QualificationFlow:
        """Open a flow, read the initial message if any, and choose the first question.

        Without a scope nothing is stored: the computed flow comes back with `stored=False`.
        """
        if scope is None:
            return await self._start_unstored(request)
        now = self.clock()
        conversations = ConversationRepository(scope.session, scope.location_id)
        contact = await conversations.contact(request.contact_id)
        if request.contact_name:
            contact.name = request.contact_name
        flow_id = new_id("qf")
        conversation, _ = await conversations.conversation(f"qualification-{flow_id}", contact=contact)
        row = QualificationFlowRow(
            id=flow_id,
            location_id=scope.location_id,
            contact_id=contact.id,
            conversation_id=conversation.id,
            stage=QualificationStage.NEW.value,
            language=Language.EN.value,
            completeness=0.0,
            replies=0,
            created_at=now,
            updated_at=now,
        )
        QualificationRepository(scope.session, scope.location_id).add(row)
        await scope.session.flush()
        loaded = _Loaded(row, FlowProgress(await self.config(scope)), {}, [])
        return await self._take_reply(scope, loaded, contact, request.initial_message, now)

    async def respond(self, scope: TenantScope, flow_id: str, reply: QualificationReply) -> QualificationFlow:
        """Apply one prospect reply: extract answers, move the stage, choose the next question."""
        loaded = await self._load(scope, flow_id, lock=True)
        if reply.expected_version is not None and reply.expected_version != loaded.row.version:
            raise StaleFlowVersion(
                f"flow {flow_id} is at version {loaded.row.version}, not {reply.expected_version}: "
                "read it again and re-apply"
            )
        contact = await scope.session.get(Contact, loaded.row.contact_id)
        assert contact is not None
        flow = await self._take_reply(scope, loaded, contact, reply.message, self.clock())
        logger.debug("flow %s: stage %s, completeness %.1f", flow_id, flow.stage, flow.completeness)
        return flow

    async def state(self, scope: TenantScope, flow_id: str) -> QualificationFlow:
        loaded = await self._load(scope, flow_id, lock=True)
        contact = await scope.session.get(Contact, loaded.row.contact_id)
        assert contact is not None
        await audit_read(scope, "api", "qualification.state", [contact.external_id])
        return flow_view(
            loaded.row, loaded.progress, contact_id=contact.external_id, contact_name=contact.name
        )

    async def analytics(self, scope: TenantScope) -> QualificationAnalytics:
        """Figures over the location's stored flows."""
        repository = QualificationRepository(scope.session, scope.location_id)
        return summarize(
            [flow_facts(row) for row in await repository.all_flows()],
            [ask_facts(row) for row in await repository.all_asked()],
        )

    # Internals

    async def _start_unstored(self, request: StartQualificationRequest) -> QualificationFlow:
        now = self.clock()
        progress = FlowProgress(default_config())
        new_answers: list[str] = []
        if request.initial_message:
            reading = await self.analysis.read(
                AnalysisRequest(message=request.initial_message, reference_date=now.date())
            )
            analysis = reading.analysis
            new_answers = progress.apply_reply(analysis, request.initial_message, now).new_answers
        progress.ask_next(now)
        return unstored_flow(new_id("qf"), request, progress, new_answers, now)

    async def _load(self, scope: TenantScope, flow_id: str, *, lock: bool) -> _Loaded:
        repository = QualificationRepository(scope.session, scope.location_id)
        row = await repository.flow(flow_id, for_update=lock)
        if row is None:
            raise FlowNotFound(f"No qualification flow '{flow_id}' in this location.")
        answer_rows = {answer.question: answer for answer in await repository.answers(flow_id)}
        asked_rows = await repository.asked(flow_id)
        progress = FlowProgress(
            config=await self.config(scope),
            stage=QualificationStage(row.stage),
            language=Language(row.language),
            intent=Intent(row.intent) if row.intent else None,
            answers={
                key: QualificationAnswer(
                    area=a.area,
                    question=a.question,
                    value=a.value,
                    answered_at=a.answered_at,
                    source_message=a.source_message,
                )
                for key, a in answer_rows.items()
            },
            asked=[
                AskedQuestion(
                    question=a.question,
                    area=a.area,
                    asked_at=a.asked_at,
                    replied_at=a.replied_at,
                    answered=a.answered,
                )
                for a in asked_rows
            ],
            qualified_at=row.qualified_at,
            replies=row.replies,
        )
        return _Loaded(row, progress, answer_rows, asked_rows)

    async def _take_reply(
        self, scope: TenantScope, loaded: _Loaded, contact: Contact, message: str | None, now: datetime
    ) -> QualificationFlow:
        row, progress = loaded.row, loaded.progress
        conversations = ConversationRepository(scope.session, scope.location_id)
        repository = QualificationRepository(scope.session, scope.location_id)
        new_answers: list[str] = []
        if message:
            history = [
                ConversationTurn(speaker=Speaker(m.speaker), message=m.body)
                for m in await conversations.messages(row.conversation_id)
            ][-HISTORY_LIMIT:]
            reading = await self.analysis.read(
                AnalysisRequest(message=message, context=history, reference_date=now.date())
            )
            analysis = reading.analysis
            outcome = progress.apply_reply(analysis, message, now)
            new_answers = outcome.new_answers
            self._store_answers(repository, loaded, [*outcome.new_answers, *outcome.changed_answers])
            if outcome.resolved is not None:
                last = loaded.asked_rows[-1]
                last.replied_at, last.answered = outcome.resolved.replied_at, outcome.resolved.answered
            conversations.add_message(row.conversation_id, Speaker.PROSPECT.value, message)
        asked = progress.ask_next(now)
        if asked is not None:
            question, entry = asked
            repository.add(
                QualificationAskedRow(
                    location_id=row.location_id,
                    flow_id=row.id,
                    area=entry.area,
                    question=entry.question,
                    asked_at=entry.asked_at,
                )
            )
            conversations.add_message(row.conversation_id, Speaker.AGENT.value, question.question)
        row.stage, row.language = progress.stage.value, progress.language.value
        row.intent = progress.intent.value if progress.intent else None
        row.completeness, row.replies = progress.completeness, progress.replies
        row.qualified_at, row.updated_at = progress.qualified_at, now
        try:
            await scope.session.flush()
        except StaleDataError as error:  # pragma: no cover - the row lock makes this a last resort
            raise StaleFlowVersion(f"flow {row.id} changed while this reply was applied") from error
        return flow_view(
            row, progress, contact_id=contact.external_id, contact_name=contact.name, new=new_answers
        )

    def _store_answers(self, repository: QualificationRepository, loaded: _Loaded, keys: list[str]) -> None:
        for key in keys:
            answer = loaded.progress.answers[key]
            existing = loaded.answer_rows.get(key)
            if existing is not None:
                existing.value, existing.answered_at = answer.value, answer.answered_at
                existing.source_message = answer.source_message
                continue
            row = QualificationAnswerRow(
                location_id=loaded.row.location_id,
                flow_id=loaded.row.id,
                area=answer.area,
                question=key,
                value=answer.value,
                source_message=answer.source_message,
                answered_at=answer.answered_at,
            )
            loaded.answer_rows[key] = row
            repository.add(row)
