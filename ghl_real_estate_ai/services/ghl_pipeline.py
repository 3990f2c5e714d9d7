"""The worker's inbox side: event -> conversation, analysis, action plan, lead score -> outbox commands.

Exactly once in effect: one inbox event is claimed, processed and marked done in ONE transaction, so a
crash rolls all of it back and the event is processed again from scratch; outbox rows are keyed by
event + command, so re-processing never queues a call twice (the sender is in ghl_outbox_sender.py).
"""

from __future__ import annotations

import logging

from pydantic import ValidationError
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.actions import CreatePlanRequest
from ghl_real_estate_ai.domain.ghl import InboxStatus
from ghl_real_estate_ai.ghl import events as ghl_events
from ghl_real_estate_ai.ghl.write_back import write_back
from ghl_real_estate_ai.security.lookup_hash import LookupHasher
from ghl_real_estate_ai.services.analysis.operations import semantic_reading_request
from ghl_real_estate_ai.services.analysis_service import AnalysisService, Reading
from ghl_real_estate_ai.services.claude_action_planner import ClaudeActionPlanner
from ghl_real_estate_ai.services.contact_privacy import erase_deleted_contact
from ghl_real_estate_ai.services.erasure_reach import ErasureReach
from ghl_real_estate_ai.services.ghl_contact_score import keep_crm_fields, write_back_score
from ghl_real_estate_ai.services.ghl_inbox_work import Inbound, InboxWork, conversation_key, inbox_work
from ghl_real_estate_ai.services.lead_model_service import ActiveModels
from ghl_real_estate_ai.services.outcome_service import OutcomeService
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_repository import GhlSettingsRepository, InboxRepository, OutboxRepository
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent
from ghl_real_estate_ai.storage.repositories import ConversationRepository

log = logging.getLogger(__name__)
INBOX_MAX_ATTEMPTS = 3
# The event's content can never be taken (a NUL byte, a value longer than its column, an id longer
# than the API allows): every attempt would fail the same way, so it is dead-lettered at once.
REFUSED_CONTENT = (DataError, IntegrityError, ValidationError)


class GhlPipeline:
    """Turns inbox events into stored analyses and outbox rows. One event per transaction."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        analysis: AnalysisService,
        clock: Clock = system_clock,
        reach: ErasureReach | None = None,
    ) -> None:
        self.settings = settings
        self.reach = reach or ErasureReach()
        self.database = database
        self.analysis = analysis
        self.planner = ClaudeActionPlanner(analysis=analysis, clock=clock)
        self.clock = clock
        self.lookup = LookupHasher.from_settings(settings)
        self.models = ActiveModels()

    async def process_next(self) -> bool:
        """Process one pending event; False when there was none.

        PostgreSQL: claim (FOR UPDATE SKIP LOCKED), analyse, store and mark done in one transaction; other
        workers skip the locked row and intake is not blocked. SQLite has one write lock for the whole
        database, so the event is read and analysed first, outside any write transaction, and then
        claimed (only if still pending), stored and marked done in one short transaction.
        """
        event_id: int | None = None
        try:
            reading: Reading | None = None
            if self.database.single_writer:
                async with self.database.session() as session:
                    pending = await InboxRepository(session).oldest_pending()
                    if pending is None:
                        return False
                    event_id = pending.id
                    work = await inbox_work(session, pending)
                reading = await self._reading(work)
            async with self.database.session() as session:
                inbox = InboxRepository(session)
                row = await (inbox.claim(event_id) if event_id is not None else inbox.claim_next())
                if row is None:
                    return event_id is not None  # SQLite: another worker took it; look again
                event_id = row.id
                await self._process(session, row, await inbox_work(session, row), reading)
                if row.status == InboxStatus.PENDING:
                    row.status = InboxStatus.DONE
                row.processed_at = self.clock()
            return True
        except Exception as error:
            if event_id is None:
                raise
            await self._failed(event_id, error)
            return True

    async def _failed(self, event_id: int, error: Exception) -> None:
        async with self.database.session() as session:
            inbox = InboxRepository(session)
            if isinstance(error, REFUSED_CONTENT):
                log.warning("GHL event %s dead-lettered: %s", event_id, type(error).__name__)
                await inbox.dead_letter(event_id, f"the event's content was refused: {_reason(error)}")
            else:
                log.exception("GHL event %s failed", event_id, exc_info=error)
                await inbox.record_failure(event_id, repr(error), INBOX_MAX_ATTEMPTS)

    async def _reading(self, work: InboxWork) -> Reading | None:
        if work.inbound is None or not work.inbound.to_read:
            return None
        return await self.analysis.read(semantic_reading_request(work.inbound.semantic_request()))

    async def _process(
        self, session: AsyncSession, row: GhlInboxEvent, work: InboxWork, reading: Reading | None
    ) -> None:
        if work.location_id is None or work.event is None:
            row.status, row.last_error = InboxStatus.IGNORED, work.problem
            return
        row.location_id = work.location_id
        for handler in ghl_events.handlers_for(row.event_type):
            await handler(work.event)
        await self._apply(session, row, work.location_id, work.event)
        if work.inbound is not None:
            await self._inbound(session, row, work.location_id, work.inbound, reading)

    async def _apply(
        self, session: AsyncSession, row: GhlInboxEvent, location_id: str, event: ghl_events.GhlModel
    ) -> None:
        """What the event itself says about the contact (a prospect's message is read after this)."""
        conversations = ConversationRepository(session, location_id)
        match event:
            case ghl_events.WorkflowWebhook() if event.tags is not None:
                state = await GhlSettingsRepository(session).contact_state(location_id, event.contact_id)
                state.tags = event.tag_list
            case ghl_events.ContactEvent():
                state = await GhlSettingsRepository(session).contact_state(location_id, event.id)
                state.tags, state.assigned_to = list(event.tags), event.assigned_to
                state.deleted = isinstance(event, ghl_events.ContactDelete)
                await keep_crm_fields(session, location_id, state, event)
                contact = await conversations.contact(event.id)
                named = event.name or " ".join(p for p in (event.first_name, event.last_name) if p)
                contact.name = named or contact.name
                contact.do_not_disturb = event.dnd if event.dnd is not None else contact.do_not_disturb
                # Kept only as keyed hashes: found by `POST /api/v1/contacts/lookup`, never readable.
                contact.email_hash = self.lookup.email(event.email) or contact.email_hash
                contact.phone_hash = self.lookup.phone(event.phone) or contact.phone_hash
                if isinstance(event, ghl_events.ContactDelete):
                    # Deleted in GHL: erased as by DELETE /api/v1/contacts/{id}, this event's body included.
                    await session.flush()
                    await erase_deleted_contact(session, location_id, event.id, row, self.reach)
            case ghl_events.OutboundMessage():
                contact = await conversations.contact(event.contact_id)
                conversation, _ = await conversations.conversation(
                    conversation_key(event.contact_id, event.conversation_id), contact=contact
                )
                conversations.add_message(conversation.id, "agent", event.body)
            case ghl_events.OpportunityStatusUpdate() if event.contact_id:
                # Won, lost or abandoned in GHL: the outcome the location's lead model learns from.
                moment = event.timestamp or row.received_at
                outcomes = OutcomeService(session, location_id)
                await outcomes.record_ghl_status(event.contact_id, event.status, moment, event.id)
            case ghl_events.UnknownEvent():
                row.status = InboxStatus.IGNORED

    async def _inbound(
        self,
        session: AsyncSession,
        row: GhlInboxEvent,
        location_id: str,
        inbound: Inbound,
        reading: Reading | None,
    ) -> None:
        if not inbound.to_read:
            # Keep the message on record, but no analysis, no write-back and no outbound action.
            conversations = ConversationRepository(session, location_id)
            contact = await conversations.contact(inbound.contact_id)
            conversation, _ = await conversations.conversation(inbound.conversation_key, contact=contact)
            conversations.add_message(conversation.id, "prospect", inbound.body)
            row.last_error = (
                f"AI off for this contact: {inbound.why}" if not inbound.allowed else "empty message"
            )
            return
        scope = TenantScope(session, location_id)
        request = inbound.semantic_request()
        if reading is None or reading.request != semantic_reading_request(request):
            reading = await self.analysis.read(semantic_reading_request(request))
        semantic = await self.analysis.semantic_analysis(scope, request, reading=reading)
        # The plan reads the same full reading as POST /actions/create-plan would for these turns.
        plan_request = CreatePlanRequest(
            contact_id=inbound.contact_id, conversation_messages=request.conversation_messages
        )
        plan = await self.planner.plan(scope, plan_request, reading=reading)
        state = await GhlSettingsRepository(session).contact_state(location_id, inbound.contact_id)
        now = self.clock()
        score = await write_back_score(session, location_id, state, plan, semantic, self.models)
        commands = write_back(semantic, plan, score, inbound.policy, assigned_to=state.assigned_to, now=now)
        outbox = OutboxRepository(session)
        for index, command in enumerate(commands):
            await outbox.enqueue(
                location_id=location_id,
                key=f"{row.webhook_id}:{index}:{command.kind}",
                ghl_contact_id=inbound.contact_id,
                command=command,
                now=now,
            )


def _reason(error: Exception) -> str:
    """Why, without the content itself (it may be a prospect's message)."""
    if isinstance(error, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['type']}" for e in error.errors()[:3])
    return type(error).__name__
