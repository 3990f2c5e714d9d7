"""The spec's ClaudeActionPlanner: priority, risks, follow-ups and the actions an agent works through.

The planning itself is pure (`intelligence/planning`); this service reads the conversation with the
engine, merges the lead's signals with what is stored on the contact, and stores plans and actions
inside the caller's transaction (flush only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.actions import (
    ActionPlan,
    ActionStatus,
    ActionView,
    Channel,
    ChannelReplies,
    CreatePlanRequest,
    DueActions,
    LeadReading,
    LeadSignals,
    PlannedAction,
    SnoozeRequest,
)
from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.errors import Conflict, Invalid, NotFound
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.requests import split_conversation
from ghl_real_estate_ai.domain.semantic import IntentAnalysis, QualificationAssessment, SemanticAnalysis
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.planning import PlannerPolicy, plan_actions, reading_from_analysis
from ghl_real_estate_ai.intelligence.planning.planner import reading_from_intent
from ghl_real_estate_ai.intelligence.planning.schedule import deadline
from ghl_real_estate_ai.intelligence.planning.snooze import snoozed_start
from ghl_real_estate_ai.intelligence.semantics import intent_analysis
from ghl_real_estate_ai.services.analysis_service import AnalysisService, Reading
from ghl_real_estate_ai.services.defaults import default_engine
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.action_repository import ActionRepository, as_utc
from ghl_real_estate_ai.storage.action_tables import ActionRecord
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Contact
from ghl_real_estate_ai.storage.repositories import ConversationRepository

PlanContext = IntentAnalysis | SemanticAnalysis | MessageAnalysis | Mapping[str, Any] | None
MIN_SNOOZED_SPAN = timedelta(minutes=15)


class ActionNotFound(NotFound):
    """No action with this id in the caller's location."""


class ActionClosed(Conflict):
    """The action is completed or cancelled: it cannot be snoozed or completed again."""


class SnoozeInThePast(Invalid):
    """A snooze must end after now."""


class ClaudeActionPlanner:
    """Action plans for leads. With a database and a location, plans and actions are stored there."""

    def __init__(
        self,
        engine: AnalysisEngine | None = None,
        analysis: AnalysisService | None = None,
        *,
        policy: PlannerPolicy | None = None,
        clock: Clock = system_clock,
        database: Database | None = None,
        location_id: str | None = None,
    ) -> None:
        self.analysis = analysis or AnalysisService(engine or default_engine())
        self.policy = policy or PlannerPolicy()
        self.clock = clock
        self.database = database
        self.location_id = location_id

    async def create_action_plan(
        self,
        contact_id: str,
        context: PlanContext = None,
        qualification_data: QualificationAssessment | Mapping[str, Any] | None = None,
    ) -> ActionPlan:
        """The spec's call: `context` is a semantic analysis (or a mapping with conversation_messages
        and lead signals); `qualification_data` may carry completeness and stage."""
        request = plan_request(contact_id, context, qualification_data)
        if self.database is None or self.location_id is None:
            return await self.plan(None, request)
        async with self.database.session() as session:
            return await self.plan(TenantScope(session, self.location_id), request)

    async def plan(
        self, scope: TenantScope | None, request: CreatePlanRequest, *, reading: Reading | None = None
    ) -> ActionPlan:
        """`reading`: the engine's reading of these very turns, when the caller already has it."""
        now = self.clock()
        lead = await self._reading(request, reading)
        if scope is None:
            return plan_actions(
                request.contact_id, lead, signals_from(request, None), now=now, policy=self.policy
            )
        contact = await ConversationRepository(scope.session, scope.location_id).contact(request.contact_id)
        signals = signals_from(request, contact)
        remember_signals(contact, signals)
        known = Preferences.model_validate(contact.preferences or {})
        lead = lead.model_copy(update={"preferences": known.merged_with(lead.preferences)})
        plan = plan_actions(request.contact_id, lead, signals, now=now, policy=self.policy)
        return await self._store(scope, contact, plan)

    async def _reading(self, request: CreatePlanRequest, given: Reading | None) -> LeadReading:
        turns = request.conversation_messages or []
        if any(turn.speaker == "prospect" and turn.message.strip() for turn in turns):
            context, message = split_conversation(turns)
            wanted = AnalysisRequest(message=message, context=context)
            read = (
                given if given is not None and given.request == wanted else await self.analysis.read(wanted)
            )
            reading = reading_from_analysis(read.analysis)
        else:
            assert request.lead_analysis is not None  # the request validator guarantees one of the two
            reading = reading_from_intent(request.lead_analysis)
        if request.preferences is not None:
            reading = reading.model_copy(
                update={"preferences": reading.preferences.merged_with(request.preferences)}
            )
        return reading

    async def _store(self, scope: TenantScope, contact: Contact, plan: ActionPlan) -> ActionPlan:
        actions = ActionRepository(scope.session, scope.location_id)
        record = await actions.add_plan(contact, plan)
        planned = [*plan.immediate_actions, *(step.action for step in plan.follow_up_schedule)]
        # Concurrent plans insert in the same (reason) order, so they queue on each other, never deadlock.
        stored = {
            action.reason: _as_planned(await actions.add_pending(contact, record.id, action))
            for action in sorted(planned, key=lambda action: action.reason)
        }
        stored_plan = plan.model_copy(update={"plan_id": record.id})
        stored_plan.immediate_actions = [stored[action.reason] for action in plan.immediate_actions]
        for step in stored_plan.follow_up_schedule:
            step.action = stored[step.action.reason]
        return stored_plan

    async def due(self, scope: TenantScope, within: timedelta) -> DueActions:
        window_end = self.clock() + within
        rows = await ActionRepository(scope.session, scope.location_id).due_by(window_end)
        views = [action_view(record, contact) for record, contact in rows]
        return DueActions(window_end=window_end, count=len(views), actions=views)

    async def complete(self, scope: TenantScope, action_id: str) -> ActionView:
        record, contact = await self._pending(scope, action_id, allow_completed=True)
        if record.status != ActionStatus.COMPLETED:
            record.status = ActionStatus.COMPLETED.value
            record.completed_at = as_utc(self.clock())
        await scope.session.flush()
        return action_view(record, contact)

    async def snooze(self, scope: TenantScope, action_id: str, request: SnoozeRequest) -> ActionView:
        """Move the action later; text and call still wait for the lead's contact window."""
        now = self.clock()
        record, contact = await self._pending(scope, action_id)
        if request.until is not None and request.until <= now:
            raise SnoozeInThePast(f"'until' must be after now ({now.isoformat()})")
        # Later than it was, never earlier (a day-2 action snoozed 120 minutes wakes on day 2 plus 120).
        wake = snoozed_start(now, as_utc(record.not_before), until=request.until, minutes=request.minutes)
        span = max(as_utc(record.due_at) - as_utc(record.not_before), MIN_SNOOZED_SPAN)
        zone = ZoneInfo(contact.timezone or "UTC")
        record.not_before, record.due_at = deadline(
            Channel(record.channel), as_utc(wake), span, zone, self.policy.window
        )
        record.status = ActionStatus.SNOOZED.value
        await scope.session.flush()
        return action_view(record, contact)

    async def _pending(
        self, scope: TenantScope, action_id: str, *, allow_completed: bool = False
    ) -> tuple[ActionRecord, Contact]:
        found = await ActionRepository(scope.session, scope.location_id).get(action_id)
        if found is None:
            raise ActionNotFound(f"no action '{action_id}' in this location")
        record, contact = found
        closed = not ActionStatus(record.status).pending
        if closed and not (allow_completed and record.status == ActionStatus.COMPLETED):
            raise ActionClosed(f"action '{action_id}' is {record.status}")
        return record, contact


def _as_planned(record: ActionRecord) -> PlannedAction:
    return PlannedAction(
        action_id=record.id,
        description=record.description,
        channel=Channel(record.channel),
        reason=record.reason,
        not_before=as_utc(record.not_before),
        due_at=as_utc(record.due_at),
        confidence=record.confidence,
        priority_score=record.priority_score,
        status=ActionStatus(record.status),
    )


def action_view(record: ActionRecord, contact: Contact) -> ActionView:
    return ActionView(
        **_as_planned(record).model_dump(),
        contact_id=contact.external_id,
        plan_id=record.plan_id,
        completed_at=as_utc(record.completed_at) if record.completed_at else None,
    )


def signals_from(request: CreatePlanRequest, contact: Contact | None) -> LeadSignals:
    """Given signals win; the rest come from the contact, else the defaults."""

    def pick(given: Any, stored: Any, default: Any) -> Any:
        return given if given is not None else stored if stored is not None else default

    stored_replies = contact.channel_replies if contact is not None else None
    return LeadSignals(
        timezone=pick(request.timezone, contact and contact.timezone, "UTC"),
        opted_out=pick(request.opted_out, contact and contact.opted_out, False),
        do_not_disturb=pick(request.do_not_disturb, contact and contact.do_not_disturb, False),
        answered_channels=request.answered_channels
        or (ChannelReplies.model_validate(stored_replies) if stored_replies else ChannelReplies()),
        last_inbound_at=pick(
            request.last_inbound_at or _latest_prospect_time(request.conversation_messages or []),
            contact and contact.last_inbound_at and as_utc(contact.last_inbound_at),
            None,
        ),
        qualification_completeness=pick(
            request.qualification_completeness, contact and contact.qualification_completeness, None
        ),
        qualification_stage=pick(request.qualification_stage, contact and contact.qualification_stage, None),
    )


def remember_signals(contact: Contact, signals: LeadSignals) -> None:
    contact.timezone = signals.timezone
    contact.opted_out = signals.opted_out
    contact.do_not_disturb = signals.do_not_disturb
    contact.channel_replies = signals.answered_channels.model_dump()
    contact.last_inbound_at = as_utc(signals.last_inbound_at) if signals.last_inbound_at else None
    contact.qualification_completeness = signals.qualification_completeness
    contact.qualification_stage = signals.qualification_stage.value if signals.qualification_stage else None


def _latest_prospect_time(turns: Sequence[ConversationTurn]) -> datetime | None:
    times = [t.timestamp for t in turns if t.speaker == "prospect" and t.timestamp and t.timestamp.tzinfo]
    return max(times) if times else None


def plan_request(
    contact_id: str,
    context: PlanContext,
    qualification_data: QualificationAssessment | Mapping[str, Any] | None,
) -> CreatePlanRequest:
    """Whatever the Python caller passes, as the same request the HTTP API takes."""
    fields: dict[str, Any] = {"contact_id": contact_id}
    if isinstance(context, MessageAnalysis):
        fields["lead_analysis"] = intent_analysis(context)
        fields["preferences"] = context.preferences
    elif isinstance(context, SemanticAnalysis):
        fields["lead_analysis"] = context.intent_analysis
        if context.semantic_preferences is not None:
            fields["preferences"] = Preferences.model_validate(
                context.semantic_preferences.model_dump(exclude={"lifestyle"})
            )
    elif isinstance(context, IntentAnalysis):
        fields["lead_analysis"] = context
    elif context is not None:
        given = dict(context)
        reading_keys = set(IntentAnalysis.model_fields) & set(given)
        if "primary_intent" in given and "lead_analysis" not in given:
            fields["lead_analysis"] = {key: given.pop(key) for key in reading_keys}
        fields.update(given)
    if isinstance(qualification_data, QualificationAssessment):
        fields["qualification_completeness"] = qualification_data.overall_completeness
    elif qualification_data is not None:
        data = dict(qualification_data)
        completeness = data.pop("overall_completeness", None)
        if completeness is not None:
            data.setdefault("qualification_completeness", completeness)
        fields.update({k: v for k, v in data.items() if k in CreatePlanRequest.model_fields})
    return CreatePlanRequest.model_validate(fields)
