"""GDPR/CCPA for one contact: export everything held about it, or erase all of it, each with an audit row.

The audit row says who, when, and how many rows of each kind; never the contact's data or id (its subject
is a hash of location and contact id, see storage/audit_chain.py).
"""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.contact_export import (
    ContactExport,
    ErasureReport,
    ExportedAction,
    ExportedAnalysis,
    ExportedAnswer,
    ExportedConversation,
    ExportedFeedback,
    ExportedFlow,
    ExportedGhlCall,
    ExportedGhlEvent,
    ExportedMessage,
    ExportedOutcome,
    ExportedPlan,
    ExportedProfile,
)
from ghl_real_estate_ai.services.analysis_service import TenantScope
from ghl_real_estate_ai.services.erasure_reach import ErasureReach
from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.contact_data_repository import ContactData, ContactDataRepository
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent


class ContactNotFound(LookupError):
    pass


class ContactPrivacy:
    def __init__(self, reach: ErasureReach | None = None, clock: Clock = system_clock) -> None:
        self.reach = reach or ErasureReach()
        self.clock = clock

    async def export(self, scope: TenantScope, contact_id: str, actor: str) -> ContactExport:
        data = await ContactDataRepository(scope.session, scope.location_id).gather(contact_id)
        if not data.found:
            raise ContactNotFound(contact_id)
        await audit_chain.append(
            scope.session,
            "contact.export",
            actor,
            scope.location_id,
            audit_chain.subject_of(scope.location_id, contact_id),
            data.counts(),
        )
        return _export(scope.location_id, contact_id, data, self.clock)

    async def erase(self, scope: TenantScope, contact_id: str, actor: str) -> ErasureReport:
        repository = ContactDataRepository(scope.session, scope.location_id)
        data = await repository.gather(contact_id)
        if not data.found:
            raise ContactNotFound(contact_id)
        await repository.erase(data)
        cleared = await self.reach.forget(data.traces(scope.location_id))
        counts = data.counts()
        await audit_chain.append(
            scope.session,
            "contact.erase",
            actor,
            scope.location_id,
            audit_chain.subject_of(scope.location_id, contact_id),
            {**counts, "cleared": cleared},
        )
        return ErasureReport(
            contact_id=contact_id, erased=True, rows_deleted=counts, caches_cleared=sorted(cleared)
        )


async def erase_deleted_contact(
    session: AsyncSession, location_id: str, contact_id: str, event: GhlInboxEvent, reach: ErasureReach
) -> None:
    """A GHL ContactDelete: erase what is held, and keep of the event itself only that it happened."""
    repository = ContactDataRepository(session, location_id)
    data = await repository.gather(contact_id)
    data.ghl_inbox = [kept for kept in data.ghl_inbox if kept.id != event.id]
    await repository.erase(data)
    cleared = await reach.forget(data.traces(location_id))
    event.body = json.dumps({"type": event.event_type, "erased": True})
    await audit_chain.append(
        session,
        "contact.erase",
        "ghl",
        location_id,
        audit_chain.subject_of(location_id, contact_id),
        {**data.counts(), "cleared": cleared},
    )


def _export(location_id: str, contact_id: str, data: ContactData, clock: Clock) -> ContactExport:
    contact = data.contact
    profile = (
        ExportedProfile(
            name=contact.name,
            preferences=dict(contact.preferences or {}),
            timezone=contact.timezone,
            opted_out=contact.opted_out,
            do_not_disturb=contact.do_not_disturb,
            last_inbound_at=contact.last_inbound_at,
            qualification_stage=contact.qualification_stage,
            created_at=contact.created_at,
        )
        if contact is not None
        else None
    )
    conversations = [
        ExportedConversation(
            conversation_id=conversation.external_id,
            stage=conversation.stage,
            created_at=conversation.created_at,
            messages=[
                ExportedMessage(speaker=m.speaker, body=m.body, created_at=m.created_at)
                for m in data.messages
                if m.conversation_id == conversation.id
            ],
            analyses=[
                ExportedAnalysis(
                    analysis_id=a.analysis_id,
                    revision=a.revision,
                    kind=a.kind,
                    engine=a.engine,
                    result=dict(a.result),
                    created_at=a.created_at,
                )
                for a in data.analyses
                if a.conversation_id == conversation.id
            ],
        )
        for conversation in data.conversations
    ]
    flows = [
        ExportedFlow(
            flow_id=flow.id,
            stage=flow.stage,
            completeness=flow.completeness,
            created_at=flow.created_at,
            answers=[
                ExportedAnswer(
                    area=answer.area,
                    question=answer.question,
                    value=answer.value,
                    source_message=answer.source_message,
                    answered_at=answer.answered_at,
                )
                for answer in data.answers
                if answer.flow_id == flow.id
            ],
        )
        for flow in data.flows
    ]
    return ContactExport(
        contact_id=contact_id,
        location_id=location_id,
        exported_at=clock(),
        profile=profile,
        conversations=conversations,
        qualification_flows=flows,
        action_plans=[
            ExportedPlan(
                plan_id=p.id, priority_tier=p.priority_tier, plan=dict(p.plan), created_at=p.created_at
            )
            for p in data.plans
        ],
        actions=[
            ExportedAction(
                action_id=a.id,
                reason=a.reason,
                description=a.description,
                channel=a.channel,
                status=a.status,
                due_at=a.due_at,
            )
            for a in data.actions
        ],
        ghl_tags=sorted({tag for state in data.ghl_state for tag in state.tags}),
        ghl_fields={k: v for state in data.ghl_state for k, v in (state.crm_fields or {}).items()},
        ghl_events=[
            ExportedGhlEvent(event_type=e.event_type, received_at=e.received_at, payload=_json(e.body))
            for e in data.ghl_inbox
        ],
        ghl_calls=[
            ExportedGhlCall(operation=o.operation, status=o.status, payload=dict(o.payload))
            for o in data.ghl_outbox
        ],
        coaching_feedback=[
            ExportedFeedback(
                agent_id=f.agent_id,
                analysis_id=f.analysis_id,
                item=f.item,
                item_text=f.item_text,
                action=f.action,
                rating=f.rating,
                edited_text=f.edited_text,
                note=f.note,
                created_at=f.created_at,
            )
            for f in data.feedback
        ],
        outcomes=[
            ExportedOutcome(kind=o.kind, source=o.source, note=o.note, occurred_at=o.occurred_at)
            for o in data.outcomes
        ],
    )


def _json(body: str) -> object:
    try:
        parsed: object = json.loads(body)
    except ValueError:
        return body
    return parsed
