"""Read-only queries behind the agent dashboard: leads, their threads and their coaching.

Every query is inside one location; when `agent_id` is given (an agent's token asks), only the
conversations that agent had are seen, and those of GHL contacts assigned to that agent (a GHL
conversation names no agent; GHL's assigned user, when it is the token's agent id, owns it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.storage.action_tables import ActionPlanRecord
from ghl_real_estate_ai.storage.ghl_tables import GhlContactState
from ghl_real_estate_ai.storage.models import Agent, Analysis, Contact, Conversation, Message

# The GHL worker reads messages with a semantic analysis; its reading is coached like any other.
COACHED_KINDS = ("coaching", "semantic")


@dataclass(frozen=True)
class OwnedAnalysis:
    """An analysis row with the external ids of who it was made for."""

    row: Analysis
    agent_id: str | None
    lead_id: str | None
    conversation_id: str | None


@dataclass(frozen=True)
class LeadRow:
    contact: Contact
    last_activity: datetime
    conversations: int
    priority_tier: str | None


class CoachingReads:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    def _conversations(self, agent_id: str | None) -> list[ColumnElement[bool]]:
        conditions = [Conversation.location_id == self.location_id]
        if agent_id is not None:
            assigned = (
                select(GhlContactState.id)
                .join(
                    Contact,
                    and_(
                        Contact.location_id == GhlContactState.location_id,
                        Contact.external_id == GhlContactState.ghl_contact_id,
                    ),
                )
                .where(
                    Contact.id == Conversation.contact_id,
                    GhlContactState.location_id == self.location_id,
                    GhlContactState.assigned_to == agent_id,
                )
                .correlate(Conversation)
                .exists()
            )
            conditions.append(
                or_(Agent.external_id == agent_id, and_(Conversation.agent_id.is_(None), assigned))
            )
        return conditions

    async def analysis(self, analysis_id: str, revision: int) -> OwnedAnalysis | None:
        """The revision with who owns it: the conversation's agent, else the GHL contact's assignee."""
        owner = func.coalesce(Agent.external_id, GhlContactState.assigned_to)
        query = (
            select(Analysis, owner, Contact.external_id, Conversation.external_id)
            .outerjoin(Conversation, Conversation.id == Analysis.conversation_id)
            .outerjoin(Agent, Agent.id == Conversation.agent_id)
            .outerjoin(Contact, Contact.id == Conversation.contact_id)
            .outerjoin(
                GhlContactState,
                and_(
                    GhlContactState.location_id == Analysis.location_id,
                    GhlContactState.ghl_contact_id == Contact.external_id,
                ),
            )
            .where(
                Analysis.location_id == self.location_id,
                Analysis.analysis_id == analysis_id,
                Analysis.revision == revision,
            )
        )
        row = (await self.session.execute(query)).one_or_none()
        return None if row is None else OwnedAnalysis(row[0], row[1], row[2], row[3])

    async def leads(self, agent_id: str | None, limit: int) -> list[LeadRow]:
        """Leads with a conversation (the agent's own, for a token), most recently active first."""
        activity = (
            select(
                Conversation.contact_id,
                func.max(Conversation.updated_at).label("last_activity"),
                func.count(Conversation.id).label("conversations"),
            )
            .outerjoin(Agent, Agent.id == Conversation.agent_id)
            .where(*self._conversations(agent_id), Conversation.contact_id.is_not(None))
            .group_by(Conversation.contact_id)
            .subquery()
        )
        query = (
            select(Contact, activity.c.last_activity, activity.c.conversations)
            .join(activity, activity.c.contact_id == Contact.id)
            .where(Contact.location_id == self.location_id)
            .order_by(activity.c.last_activity.desc(), Contact.id)
            .limit(limit)
        )
        rows = (await self.session.execute(query)).all()
        tiers = await self._latest_tiers([row[0].id for row in rows])
        return [LeadRow(row[0], row[1], row[2], tiers.get(row[0].id)) for row in rows]

    async def _latest_tiers(self, contact_ids: list[str]) -> dict[str, str]:
        if not contact_ids:
            return {}
        query = (
            select(ActionPlanRecord.contact_id, ActionPlanRecord.priority_tier)
            .where(
                ActionPlanRecord.location_id == self.location_id,
                ActionPlanRecord.contact_id.in_(contact_ids),
            )
            .order_by(ActionPlanRecord.created_at)
        )
        # Ordered oldest first, so each lead ends with its latest plan's tier.
        return {row[0]: row[1] for row in (await self.session.execute(query)).all()}

    async def contact(self, lead_id: str, agent_id: str | None) -> Contact | None:
        """The lead, if it exists here and (for a token) the agent had a conversation with it."""
        query = (
            select(Contact)
            .join(Conversation, Conversation.contact_id == Contact.id)
            .outerjoin(Agent, Agent.id == Conversation.agent_id)
            .where(Contact.location_id == self.location_id, Contact.external_id == lead_id)
            .where(*self._conversations(agent_id))
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def conversations(
        self, contact: Contact, agent_id: str | None
    ) -> list[tuple[Conversation, str | None]]:
        query = (
            select(Conversation, Agent.external_id)
            .outerjoin(Agent, Agent.id == Conversation.agent_id)
            .where(*self._conversations(agent_id), Conversation.contact_id == contact.id)
            .order_by(Conversation.created_at, Conversation.id)
        )
        return [(row[0], row[1]) for row in (await self.session.execute(query)).all()]

    async def messages(self, conversation_ids: list[str], limit: int) -> list[Message]:
        """The latest `limit` messages of these conversations, oldest first."""
        if not conversation_ids:
            return []
        query = (
            select(Message)
            .where(Message.location_id == self.location_id, Message.conversation_id.in_(conversation_ids))
            .order_by(Message.id.desc())
            .limit(limit)
        )
        return list(reversed(list((await self.session.execute(query)).scalars())))

    async def latest_coaching(self, conversation_ids: list[str]) -> list[Analysis]:
        """Every revision of the most recent coaching (or, for GHL messages, semantic) analysis."""
        if not conversation_ids:
            return []
        latest = (
            select(Analysis.analysis_id)
            .where(
                Analysis.location_id == self.location_id,
                Analysis.conversation_id.in_(conversation_ids),
                Analysis.kind.in_(COACHED_KINDS),
            )
            .order_by(Analysis.id.desc())
            .limit(1)
        ).scalar_subquery()
        query = (
            select(Analysis)
            .where(Analysis.location_id == self.location_id, Analysis.analysis_id == latest)
            .order_by(Analysis.revision)
        )
        return list((await self.session.execute(query)).scalars())

    async def recent_timings(self, agent_id: str | None, limit: int) -> list[tuple[str, float]]:
        """(engine, processing_time_ms) of the latest analyses (the agent's conversations, for a token)."""
        query = (
            select(Analysis.engine, Analysis.processing_time_ms)
            .join(Conversation, Conversation.id == Analysis.conversation_id)
            .outerjoin(Agent, Agent.id == Conversation.agent_id)
            .where(Analysis.location_id == self.location_id, *self._conversations(agent_id))
            .order_by(Analysis.id.desc())
            .limit(limit)
        )
        return [(row[0], row[1]) for row in (await self.session.execute(query)).all()]
