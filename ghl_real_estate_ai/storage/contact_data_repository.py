"""Everything stored about one contact of one location: found for export, deleted for erasure.

Rows reached through the contact cascade from it (action plans and actions, qualification flows with
their answers and questions, recorded outcomes); coaching feedback names the lead by its external id and
is deleted by it; conversations only point at it (SET NULL), so they are deleted first, and
their messages and analyses cascade from them. GHL rows carry the GHL contact id (its external id).
Raw inbox payloads are encrypted, so they are read and matched on their contact id in Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.contact_export import ContactTraces
from ghl_real_estate_ai.storage.action_tables import ActionPlanRecord, ActionRecord
from ghl_real_estate_ai.storage.feedback_tables import FeedbackRecord
from ghl_real_estate_ai.storage.ghl_tables import GhlContactState, GhlInboxEvent, GhlOutboxItem
from ghl_real_estate_ai.storage.models import Analysis, Contact, Conversation, Location, Message
from ghl_real_estate_ai.storage.outcome_tables import LeadOutcomeRecord
from ghl_real_estate_ai.storage.qualification_tables import QualificationAnswerRow, QualificationFlowRow

CONTACT_KEYS = ("contactId", "contact_id", "id")


@dataclass
class ContactData:
    contact: Contact | None
    conversations: list[Conversation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    analyses: list[Analysis] = field(default_factory=list)
    plans: list[ActionPlanRecord] = field(default_factory=list)
    actions: list[ActionRecord] = field(default_factory=list)
    flows: list[QualificationFlowRow] = field(default_factory=list)
    answers: list[QualificationAnswerRow] = field(default_factory=list)
    ghl_state: list[GhlContactState] = field(default_factory=list)
    ghl_outbox: list[GhlOutboxItem] = field(default_factory=list)
    ghl_inbox: list[GhlInboxEvent] = field(default_factory=list)
    feedback: list[FeedbackRecord] = field(default_factory=list)
    outcomes: list[LeadOutcomeRecord] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.contact is not None or bool(
            self.ghl_state or self.ghl_outbox or self.ghl_inbox or self.feedback
        )

    def traces(self, location_id: str) -> ContactTraces:
        return ContactTraces(
            location_id=location_id,
            conversation_keys=frozenset(c.external_id for c in self.conversations),
            analysis_ids=frozenset(a.analysis_id for a in self.analyses),
        )

    def counts(self) -> dict[str, int]:
        """How many rows of each kind (what an audit row may say: no content)."""
        return {name: len(value) for name, value in vars(self).items() if isinstance(value, list)}


class ContactDataRepository:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    async def gather(self, contact_id: str) -> ContactData:
        contact = (
            await self.session.execute(
                select(Contact).where(
                    Contact.location_id == self.location_id, Contact.external_id == contact_id
                )
            )
        ).scalar_one_or_none()
        data = ContactData(contact)
        if contact is not None:
            data.conversations = await self._all(
                select(Conversation).where(Conversation.contact_id == contact.id)
            )
            ids = [conversation.id for conversation in data.conversations]
            if ids:
                data.messages = await self._all(
                    select(Message).where(Message.conversation_id.in_(ids)).order_by(Message.id)
                )
                data.analyses = await self._all(
                    select(Analysis).where(Analysis.conversation_id.in_(ids)).order_by(Analysis.id)
                )
            data.plans = await self._all(
                select(ActionPlanRecord).where(ActionPlanRecord.contact_id == contact.id)
            )
            data.actions = await self._all(select(ActionRecord).where(ActionRecord.contact_id == contact.id))
            data.flows = await self._all(
                select(QualificationFlowRow).where(QualificationFlowRow.contact_id == contact.id)
            )
            data.outcomes = await self._all(
                select(LeadOutcomeRecord)
                .where(LeadOutcomeRecord.contact_id == contact.id)
                .order_by(LeadOutcomeRecord.id)
            )
            flow_ids = [flow.id for flow in data.flows]
            if flow_ids:
                data.answers = await self._all(
                    select(QualificationAnswerRow).where(QualificationAnswerRow.flow_id.in_(flow_ids))
                )
        data.ghl_state = await self._all(
            select(GhlContactState).where(
                GhlContactState.location_id == self.location_id, GhlContactState.ghl_contact_id == contact_id
            )
        )
        data.ghl_outbox = await self._all(
            select(GhlOutboxItem).where(
                GhlOutboxItem.location_id == self.location_id, GhlOutboxItem.ghl_contact_id == contact_id
            )
        )
        data.ghl_inbox = [event for event in await self._inbox_events() if _about(event, contact_id)]
        # Feedback names the lead by the caller's id (the coaching request's lead_id), as contacts do.
        data.feedback = await self._all(
            select(FeedbackRecord).where(
                FeedbackRecord.location_id == self.location_id, FeedbackRecord.lead_id == contact_id
            )
        )
        return data

    async def erase(self, data: ContactData) -> None:
        """Delete every row gathered; the caller's transaction commits it as one."""
        if data.conversations:
            ids = [conversation.id for conversation in data.conversations]
            await self.session.execute(delete(Analysis).where(Analysis.conversation_id.in_(ids)))
            await self.session.execute(delete(Conversation).where(Conversation.id.in_(ids)))
        if data.contact is not None:
            await self.session.execute(delete(Contact).where(Contact.id == data.contact.id))
        for model, rows in (
            (FeedbackRecord, data.feedback),
            (GhlContactState, data.ghl_state),
            (GhlOutboxItem, data.ghl_outbox),
            (GhlInboxEvent, data.ghl_inbox),
        ):
            if rows:
                await self.session.execute(delete(model).where(model.id.in_([row.id for row in rows])))

    async def _inbox_events(self) -> list[GhlInboxEvent]:
        ghl_location_id = (
            await self.session.execute(
                select(Location.ghl_location_id).where(Location.id == self.location_id)
            )
        ).scalar()
        conditions = [GhlInboxEvent.location_id == self.location_id]
        if ghl_location_id:
            conditions.append(GhlInboxEvent.ghl_location_id == ghl_location_id)
        return await self._all(select(GhlInboxEvent).where(or_(*conditions)).order_by(GhlInboxEvent.id))

    async def _all(self, query: Any) -> list[Any]:
        return list((await self.session.execute(query)).scalars())


def _about(event: GhlInboxEvent, contact_id: str) -> bool:
    try:
        payload = json.loads(event.body)
    except ValueError:
        return False
    return isinstance(payload, dict) and any(payload.get(key) == contact_id for key in CONTACT_KEYS)


async def contacts_matching(
    session: AsyncSession, location_id: str, email_hash: str | None, phone_hash: str | None
) -> list[str]:
    """External ids of the location's contacts whose keyed email or phone hash is one of these."""
    matches = [
        column == value
        for column, value in ((Contact.email_hash, email_hash), (Contact.phone_hash, phone_hash))
        if value is not None
    ]
    if not matches:
        return []
    query = select(Contact.external_id).where(Contact.location_id == location_id, or_(*matches))
    return sorted(set((await session.execute(query.order_by(Contact.external_id))).scalars()))
