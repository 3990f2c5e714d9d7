"""The worker: inbox event -> conversation, analysis, lead score, action plan -> outbox rows -> GHL.

Exactly once in effect:
- one inbox event is claimed, processed and marked done in ONE transaction, so a crash rolls all of it
  back and the event is processed again from scratch; outbox rows are keyed by event + operation.
- an outbox row is marked 'sending' (with a lease) before its call and 'sent' after; a row found
  'sending' after its lease ran out may have reached GHL, so it is first checked against GHL (the
  contact's fields and tags, or the marker its note or task carries) and not sent again when present.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.actions import ActionPlan
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.requests import SemanticRequest
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.ghl import events as ghl_events
from ghl_real_estate_ai.ghl.client import GhlClient, GhlError
from ghl_real_estate_ai.ghl.secrets import TokenUnreadable, unseal
from ghl_real_estate_ai.services.analysis_service import (
    AnalysisService,
    Reading,
    TenantScope,
    semantic_reading_request,
)
from ghl_real_estate_ai.services.claude_action_planner import ClaudeActionPlanner, plan_request
from ghl_real_estate_ai.services.contact_privacy import erase_deleted_contact
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_repository import GhlSettingsRepository, InboxRepository, OutboxRepository
from ghl_real_estate_ai.storage.ghl_tables import (
    GhlContactState,
    GhlInboxEvent,
    GhlLocationSettings,
    GhlOutboxItem,
)
from ghl_real_estate_ai.storage.models import Location
from ghl_real_estate_ai.storage.repositories import ConversationRepository

log = logging.getLogger(__name__)
CUSTOM_FIELD_KEYS = ("claude_intent", "ai_score", "urgency_level", "next_action")
INBOX_MAX_ATTEMPTS = 3
HISTORY_TURNS = 10


def marker(key: str) -> str:
    """Carried in notes and tasks so a possibly-sent call can be recognised in GHL."""
    return f"[enterprisehub:{key}]"


def ai_allowed(settings: GhlLocationSettings, tags: list[str]) -> tuple[bool, str]:
    """AI gating as GHL teams run it: a deactivation tag always wins; activation tags, when configured,
    are required. Tags compare case-insensitively (GHL lower-cases them)."""
    have = {tag.strip().lower() for tag in tags}
    off = have & {tag.lower() for tag in settings.deactivation_tags}
    if off:
        return False, f"deactivation tag {sorted(off)[0]!r}"
    if settings.activation_tags and not have & {tag.lower() for tag in settings.activation_tags}:
        return False, "no activation tag"
    return True, "allowed"


@dataclass(frozen=True)
class LeadScore:
    """Simple and explainable: the planner's priority score with the factors that made it."""

    score: int
    hot: bool
    explanation: str


def lead_score(plan: ActionPlan, threshold: int) -> LeadScore:
    factors = ", ".join(f"{factor.name} {factor.contribution:+.0f}" for factor in plan.priority_factors)
    score = round(plan.priority_score)
    return LeadScore(score=score, hot=score >= threshold, explanation=factors or "no factors")


class GhlPipeline:
    """Turns inbox events into stored analyses and outbox rows. One event per transaction."""

    def __init__(
        self, settings: Settings, database: Database, analysis: AnalysisService, clock: Clock = system_clock
    ) -> None:
        self.settings = settings
        self.database = database
        self.analysis = analysis
        self.clock = clock

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
                    request = await self._reading_request(session, pending)
                if request is not None:
                    reading = await self.analysis.read(request)
            async with self.database.session() as session:
                inbox = InboxRepository(session)
                event = await (inbox.claim(event_id) if event_id is not None else inbox.claim_next())
                if event is None:
                    return event_id is not None  # SQLite: another worker took it; look again
                event_id = event.id
                await self._process(session, event, reading)
                event.status = event.status if event.status != "pending" else "done"
                event.processed_at = self.clock()
            return True
        except Exception as error:
            if event_id is None:
                raise
            log.exception("GHL event %s failed", event_id)
            async with self.database.session() as session:
                await InboxRepository(session).record_failure(event_id, repr(error), INBOX_MAX_ATTEMPTS)
            return True

    async def _reading_request(self, session: AsyncSession, event: GhlInboxEvent) -> AnalysisRequest | None:
        """What `_inbound` will have the engine read for this event, found with reads only; None when
        the event needs no analysis. A guess: `_inbound` reads again if its request differs."""
        repository = GhlSettingsRepository(session)
        location_id = event.location_id
        if location_id is None:
            location = await repository.location_by_ghl_id(event.ghl_location_id or "")
            if location is None:
                return None
            location_id = location.id
        payload = json.loads(event.body)
        new_tags: list[str] | None = None
        try:
            if event.source == "workflow":
                action = ghl_events.WorkflowWebhook.model_validate(payload)
                contact_id, conversation_id, body = action.contact_id, None, action.message or ""
                new_tags = action.tag_list if action.tags is not None else None
            else:
                typed = ghl_events.parse_event(payload)
                if not isinstance(typed, ghl_events.InboundMessage):
                    return None
                contact_id, conversation_id, body = typed.contact_id, typed.conversation_id, typed.body
        except ValidationError:
            return None
        config = await repository.for_location_if_exists(location_id)
        state = await repository.contact_state_if_exists(location_id, contact_id)
        tags = new_tags if new_tags is not None else (state.tags if state is not None else [])
        if not body.strip() or (config is not None and not ai_allowed(config, tags)[0]):
            return None
        conversations = ConversationRepository(session, location_id)
        key = _conversation_key(contact_id, conversation_id)
        found = await conversations.find_conversation(key)
        history = await self._turns(conversations, found.id) if found is not None else []
        return semantic_reading_request(_semantic_request(contact_id, key, history, body))

    async def _process(self, session: AsyncSession, event: GhlInboxEvent, reading: Reading | None) -> None:
        payload = json.loads(event.body)
        repository = GhlSettingsRepository(session)
        if event.location_id is None:
            location = await repository.location_by_ghl_id(event.ghl_location_id or "")
            if location is None:
                event.status, event.last_error = (
                    "ignored",
                    f"no tenant for GHL location {event.ghl_location_id!r}",
                )
                return
            event.location_id = location.id
        location_id = event.location_id
        if event.source == "workflow":
            await self._workflow(
                session, location_id, event, ghl_events.WorkflowWebhook.model_validate(payload), reading
            )
            return
        try:
            typed = ghl_events.parse_event(payload)
        except ValidationError as error:
            event.status, event.last_error = (
                "ignored",
                f"invalid {event.event_type}: {error.error_count()} errors",
            )
            return
        for handler in ghl_events.handlers_for(event.event_type):
            await handler(typed)
        if isinstance(typed, ghl_events.ContactEvent):
            state = await repository.contact_state(location_id, typed.id)
            state.tags, state.assigned_to = list(typed.tags), typed.assigned_to
            state.deleted = isinstance(typed, ghl_events.ContactDelete)
            contact = await ConversationRepository(session, location_id).contact(typed.id)
            contact.name = (
                typed.name or " ".join(p for p in (typed.first_name, typed.last_name) if p) or contact.name
            )
            contact.do_not_disturb = typed.dnd if typed.dnd is not None else contact.do_not_disturb
            if isinstance(typed, ghl_events.ContactDelete):
                # Deleted in GHL: erased here as by DELETE /api/v1/contacts/{id}, this event's body included.
                await session.flush()
                await erase_deleted_contact(session, location_id, typed.id, event)
        elif isinstance(typed, ghl_events.InboundMessage):
            await self._inbound(
                session, location_id, event, typed.contact_id, typed.conversation_id, typed.body, reading
            )
        elif isinstance(typed, ghl_events.OutboundMessage):
            conversations = ConversationRepository(session, location_id)
            contact = await conversations.contact(typed.contact_id)
            conversation, _ = await conversations.conversation(
                _conversation_key(typed.contact_id, typed.conversation_id), contact=contact
            )
            conversations.add_message(conversation.id, "agent", typed.body)
        elif isinstance(typed, ghl_events.UnknownEvent):
            event.status = "ignored"

    async def _workflow(
        self,
        session: AsyncSession,
        location_id: str,
        event: GhlInboxEvent,
        action: ghl_events.WorkflowWebhook,
        reading: Reading | None,
    ) -> None:
        state = await GhlSettingsRepository(session).contact_state(location_id, action.contact_id)
        if action.tags is not None:
            state.tags = action.tag_list
        if action.message:
            await self._inbound(session, location_id, event, action.contact_id, None, action.message, reading)

    async def _inbound(
        self,
        session: AsyncSession,
        location_id: str,
        event: GhlInboxEvent,
        contact_id: str,
        conversation_id: str | None,
        body: str,
        reading: Reading | None,
    ) -> None:
        settings_repo = GhlSettingsRepository(session)
        config = await settings_repo.for_location(location_id)
        state = await settings_repo.contact_state(location_id, contact_id)
        allowed, why = ai_allowed(config, state.tags)
        conversations = ConversationRepository(session, location_id)
        key = _conversation_key(contact_id, conversation_id)
        if not allowed or not body.strip():
            # Keep the message on record, but no analysis, no write-back and no outbound action.
            contact = await conversations.contact(contact_id)
            conversation, _ = await conversations.conversation(key, contact=contact)
            conversations.add_message(conversation.id, "prospect", body)
            event.last_error = f"AI off for this contact: {why}" if not allowed else "empty message"
            return
        scope = TenantScope(session, location_id)
        history = await self._history(conversations, key)
        semantic = await self.analysis.semantic_analysis(
            _semantic_request(contact_id, key, history, body), scope=scope, reading=reading
        )
        planner = ClaudeActionPlanner(analysis=self.analysis, clock=self.clock)
        plan = await planner.plan(plan_request(contact_id, semantic, None), scope=scope)
        score = lead_score(plan, config.hot_lead_threshold)
        await self._write_back(
            session, location_id, event.webhook_id, contact_id, semantic, plan, score, config, state
        )

    async def _history(self, conversations: ConversationRepository, key: str) -> list[ConversationTurn]:
        conversation, created = await conversations.conversation(key)
        if created:
            return []
        return await self._turns(conversations, conversation.id)

    async def _turns(
        self, conversations: ConversationRepository, conversation_id: str
    ) -> list[ConversationTurn]:
        stored = await conversations.messages(conversation_id)
        return [ConversationTurn(speaker=m.speaker, message=m.body) for m in stored[-HISTORY_TURNS:]]

    async def _write_back(
        self,
        session: AsyncSession,
        location_id: str,
        event_key: str,
        contact_id: str,
        semantic: SemanticAnalysis,
        plan: ActionPlan,
        score: LeadScore,
        config: GhlLocationSettings,
        state: GhlContactState,
    ) -> None:
        intent = semantic.intent_analysis
        next_action = plan.immediate_actions[0] if plan.immediate_actions else None
        now = self.clock()
        outbox = OutboxRepository(session)
        calls: list[tuple[str, dict[str, Any]]] = [
            (
                "update_fields",
                {
                    "fields": {
                        "claude_intent": intent.primary_intent.value,
                        "ai_score": str(score.score),
                        "urgency_level": intent.urgency_level.value,
                        "next_action": next_action.description if next_action else "",
                    }
                },
            ),
            ("add_tags", {"tags": ["AI-Analyzed", *([config.hot_lead_tag] if score.hot else [])]}),
            (
                "add_note",
                {
                    "body": (
                        f"AI summary: intent {intent.primary_intent.value} ({intent.intent_confidence}%), "
                        f"urgency {intent.urgency_level.value} ({intent.urgency_score}), "
                        f"sentiment {intent.sentiment.value}, stage {plan.qualification_stage.value}.\n"
                        f"Lead score {score.score}/100: {score.explanation}."
                    )
                },
            ),
        ]
        if next_action is not None and plan.outreach_allowed:
            calls.append(
                (
                    "add_task",
                    {
                        "title": next_action.description[:200],
                        "dueDate": next_action.due_at.isoformat(),
                        "body": next_action.reason,
                    },
                )
            )
        if score.hot:
            calls.append(
                (
                    "add_task",
                    {
                        "title": f"Hot lead (score {score.score}): hand-off to the assigned agent",
                        "dueDate": (now + timedelta(hours=1)).isoformat(),
                        "body": score.explanation,
                        **({"assignedTo": state.assigned_to} if state.assigned_to else {}),
                    },
                )
            )
        for index, (operation, payload) in enumerate(calls):
            key = f"{event_key}:{index}:{operation}"
            await outbox.enqueue(
                location_id=location_id,
                key=key,
                ghl_contact_id=contact_id,
                operation=operation,
                payload=payload,
                now=now,
            )


def _conversation_key(contact_id: str, conversation_id: str | None) -> str:
    return conversation_id or f"ghl-contact-{contact_id}"


def _semantic_request(
    contact_id: str, key: str, history: list[ConversationTurn], body: str
) -> SemanticRequest:
    return SemanticRequest(
        conversation_messages=[*history, ConversationTurn(message=body)],
        lead_id=contact_id,
        conversation_id=key,
    )


class OutboxSender:
    """Delivers outbox rows through the GHL client, in order per contact, with backoff and dead letters."""

    def __init__(
        self, settings: Settings, database: Database, client: GhlClient, clock: Clock = system_clock
    ) -> None:
        self.settings = settings
        self.database = database
        self.client = client
        self.clock = clock
        self._field_locks: dict[str, asyncio.Lock] = {}

    async def send_next(self) -> bool:
        now = self.clock()
        lease = now + timedelta(seconds=self.settings.ghl_send_lease_seconds)
        async with self.database.session() as session:
            claimed = await OutboxRepository(session).claim_due(now, lease)
            if claimed is None:
                return False
            item, uncertain = claimed
            config = await GhlSettingsRepository(session).for_location(item.location_id)
            state = await GhlSettingsRepository(session).contact_state(item.location_id, item.ghl_contact_id)
            ghl_location_id = await _ghl_location_id(session, item.location_id)
        allowed, why = ai_allowed(config, state.tags)
        outcome: tuple[str, str | None]
        if not allowed:
            outcome = ("skipped", f"AI off for this contact when sending: {why}")
        elif config.access_token is None:
            outcome = (
                "dead",
                "No GHL token stored for this location (enterprisehub locations create --ghl-token).",
            )
        else:
            outcome = await self._deliver(item, config, ghl_location_id, uncertain)
        await self._record(item.id, item.attempts, outcome)
        return True

    async def _deliver(
        self, item: GhlOutboxItem, config: GhlLocationSettings, ghl_location_id: str, uncertain: bool
    ) -> tuple[str, str | None]:
        try:
            token = unseal(self.settings, config.access_token or "")
            await self._call(item, config, token, ghl_location_id, uncertain)
        except TokenUnreadable as error:
            return "dead", str(error)
        except GhlError as error:
            return ("retry" if error.retryable else "dead"), str(error)
        return "sent", None

    async def _call(
        self,
        item: GhlOutboxItem,
        config: GhlLocationSettings,
        token: str,
        ghl_location_id: str,
        uncertain: bool,
    ) -> None:
        contact, payload, key = item.ghl_contact_id, item.payload, item.idempotency_key
        if item.operation == "update_fields":
            ids = await self._field_ids(config, token, ghl_location_id)
            fields = [{"id": ids[name], "field_value": value} for name, value in payload["fields"].items()]
            if uncertain and await self._fields_present(contact, token, ghl_location_id, fields):
                return
            await self.client.update_custom_fields(contact, token, ghl_location_id, fields)
        elif item.operation == "add_tags":
            if uncertain:
                have = {
                    str(t).lower()
                    for t in (await self.client.contact(contact, token, ghl_location_id)).get("tags", [])
                }
                if {str(t).lower() for t in payload["tags"]} <= have:
                    return
            await self.client.add_tags(contact, token, ghl_location_id, list(payload["tags"]))
        elif item.operation == "add_note":
            if uncertain and any(
                marker(key) in str(n.get("body", ""))
                for n in await self.client.notes(contact, token, ghl_location_id)
            ):
                return
            await self.client.add_note(contact, token, ghl_location_id, f"{payload['body']}\n{marker(key)}")
        elif item.operation == "add_task":
            if uncertain and any(
                marker(key) in str(t.get("body", ""))
                for t in await self.client.tasks(contact, token, ghl_location_id)
            ):
                return
            task = {
                **payload,
                "completed": False,
                "body": f"{payload.get('body', '')}\n{marker(key)}".strip(),
            }
            await self.client.add_task(contact, token, ghl_location_id, task)
        else:
            raise GhlError(f"unknown outbox operation {item.operation!r}", status=None, retryable=False)

    async def _fields_present(
        self, contact: str, token: str, ghl_location_id: str, fields: list[dict[str, Any]]
    ) -> bool:
        current = await self.client.contact(contact, token, ghl_location_id)
        values = {str(f.get("id")): f.get("value") for f in current.get("customFields", [])}
        return all(str(values.get(f["id"])) == str(f["field_value"]) for f in fields)

    async def _field_ids(
        self, config: GhlLocationSettings, token: str, ghl_location_id: str
    ) -> dict[str, str]:
        """Custom field keys -> GHL field ids, resolved (and created when missing) once per location."""
        known = dict(config.field_ids or {})
        if all(key in known for key in CUSTOM_FIELD_KEYS):
            return known
        # One resolution per location at a time in this process: concurrent senders would create twins.
        async with self._field_locks.setdefault(config.location_id, asyncio.Lock()):
            async with self.database.session() as session:
                stored = await GhlSettingsRepository(session).for_location(config.location_id)
                known = dict(stored.field_ids or {})
            if all(key in known for key in CUSTOM_FIELD_KEYS):
                config.field_ids = known
                return known
            return await self._resolve_fields(config, token, ghl_location_id, known)

    async def _resolve_fields(
        self, config: GhlLocationSettings, token: str, ghl_location_id: str, known: dict[str, str]
    ) -> dict[str, str]:
        existing = await self.client.list_custom_fields(ghl_location_id, token)
        for field in existing:
            field_key = str(field.get("fieldKey", "")).removeprefix("contact.")
            if field_key in CUSTOM_FIELD_KEYS:
                known[field_key] = str(field["id"])
        for key in CUSTOM_FIELD_KEYS:
            if key not in known:
                known[key] = await self.client.create_custom_field(ghl_location_id, token, key)
        async with self.database.session() as session:
            stored = await GhlSettingsRepository(session).for_location(config.location_id)
            stored.field_ids = known
        config.field_ids = known
        return known

    async def _record(self, item_id: int, attempts: int, outcome: tuple[str, str | None]) -> None:
        status, error = outcome
        now = self.clock()
        async with self.database.session() as session:
            item = await OutboxRepository(session).get(item_id)
            if item is None:
                return
            item.lease_until, item.last_error = None, error
            if status == "sent":
                item.status, item.sent_at = "sent", now
            elif status == "retry" and attempts < self.settings.ghl_outbox_max_attempts:
                item.status, item.next_attempt_at = (
                    "pending",
                    now + timedelta(seconds=self._backoff(attempts)),
                )
            elif status == "retry":
                item.status, item.last_error = "dead", f"gave up after {attempts} attempts: {error}"
            else:
                item.status = status

    def _backoff(self, attempts: int) -> float:
        ceiling = min(
            self.settings.ghl_backoff_base_seconds * 2 ** (attempts - 1),
            self.settings.ghl_backoff_max_seconds,
        )
        return random.uniform(ceiling / 2, ceiling)


async def _ghl_location_id(session: AsyncSession, location_id: str) -> str:
    location = await session.get(Location, location_id)
    return (location.ghl_location_id if location else None) or location_id


class GhlWorker:
    """The inbox loop and N sender loops until `stop` is set: in the API process or `enterprisehub worker`."""

    def __init__(
        self, pipeline: GhlPipeline, sender: OutboxSender, *, poll_seconds: float, senders: int
    ) -> None:
        self.pipeline = pipeline
        self.sender = sender
        self.poll_seconds = poll_seconds
        self.senders = senders

    async def run(self, stop: asyncio.Event) -> None:
        loops = [self._loop(self.pipeline.process_next, stop)]
        loops += [self._loop(self.sender.send_next, stop) for _ in range(self.senders)]
        await asyncio.gather(*loops)

    async def _loop(self, step: Any, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                worked = await step()
            except Exception:
                log.exception("GHL worker step failed")
                worked = False
            if not worked:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)

    async def drain(self) -> None:
        """Work until nothing is due (tests and the benchmark; wrap in asyncio.timeout)."""
        while await self.pipeline.process_next() or await self.sender.send_next():
            pass
