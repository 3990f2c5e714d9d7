"""Queries live here. Services call these and only `flush()`; the caller owns the transaction."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.conversation_state import ConversationState
from ghl_real_estate_ai.storage.models import (
    Agent,
    Analysis,
    ApiKey,
    Contact,
    Conversation,
    Location,
    Message,
    new_id,
    utcnow,
)
from ghl_real_estate_ai.storage.upsert import dialect_insert

API_KEY_PREFIX = "ehk_"
Owned = TypeVar("Owned", Agent, Contact, Conversation)


def hash_api_key(api_key: str) -> str:
    # Keys are long random tokens, so a fast hash is safe here (no dictionary to guess from).
    return hashlib.sha256(api_key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    location: Location
    api_key: str


class LocationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(self, name: str, ghl_location_id: str | None = None) -> IssuedKey:
        location = Location(name=name, ghl_location_id=ghl_location_id)
        self.session.add(location)
        await self.session.flush()
        return IssuedKey(location=location, api_key=await self.issue_key(location.id))

    async def issue_key(self, location_id: str) -> str:
        api_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        self.session.add(ApiKey(location_id=location_id, key_hash=hash_api_key(api_key), prefix=api_key[:12]))
        await self.session.flush()
        return api_key

    async def by_api_key(self, api_key: str) -> Location | None:
        query = (
            select(Location)
            .join(ApiKey, ApiKey.location_id == Location.id)
            .where(ApiKey.key_hash == hash_api_key(api_key), ApiKey.revoked_at.is_(None))
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def count(self) -> int:
        return len((await self.session.execute(select(Location.id))).all())


class ConversationRepository:
    """Conversations, their participants and messages, always inside one location."""

    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    async def agent(self, external_id: str) -> Agent:
        agent, _ = await self._get_or_create(Agent, external_id)
        return agent

    async def contact(self, external_id: str) -> Contact:
        contact, _ = await self._get_or_create(Contact, external_id)
        return contact

    async def conversation(
        self, external_id: str, *, contact: Contact | None = None, agent: Agent | None = None
    ) -> tuple[Conversation, bool]:
        """The conversation, and whether this call created it."""
        conversation, created = await self._get_or_create(Conversation, external_id)
        if contact is not None:
            conversation.contact_id = contact.id
        if agent is not None:
            conversation.agent_id = agent.id
        conversation.updated_at = utcnow()
        return conversation, created

    async def find_conversation(self, external_id: str) -> Conversation | None:
        """The conversation if it exists (read only: creates nothing)."""
        query = select(Conversation).where(
            Conversation.location_id == self.location_id, Conversation.external_id == external_id
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def reading_state(self, external_id: str) -> ConversationState | None:
        """The state the engine left after the conversation's latest prospect message, if any."""
        conversation = await self.find_conversation(external_id)
        if conversation is None or conversation.reading_state is None:
            return None
        return ConversationState.model_validate(conversation.reading_state)

    @staticmethod
    def keep_reading_state(conversation: Conversation, state: ConversationState) -> None:
        conversation.reading_state = state.model_dump(mode="json", exclude_defaults=True)

    def add_message(self, conversation_id: str, speaker: str, body: str) -> Message:
        message = Message(
            location_id=self.location_id, conversation_id=conversation_id, speaker=speaker, body=body
        )
        self.session.add(message)
        return message

    async def _get_or_create(self, model: type[Owned], external_id: str) -> tuple[Owned, bool]:
        """Race-safe: two requests creating the same row both end up with the one that was inserted."""
        query = select(model).where(model.location_id == self.location_id, model.external_id == external_id)
        found = (await self.session.execute(query)).scalar_one_or_none()
        if found is not None:
            return found, False
        insert = dialect_insert(self.session)
        statement = insert(model).values(
            id=new_id(model.id_prefix), location_id=self.location_id, external_id=external_id
        )
        unless_present = statement.on_conflict_do_nothing(index_elements=["location_id", "external_id"])
        inserted = await self.session.execute(unless_present.returning(model.id))
        created = inserted.scalar_one_or_none() is not None
        return (await self.session.execute(query)).scalar_one(), created

    async def recent_messages_by_key(self, external_id: str, limit: int) -> list[Message]:
        """The last `limit` messages of the conversation known by `external_id`, oldest first (none when
        there is no such conversation), in one query: it is on every live message's path."""
        query = (
            select(Message)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(
                Conversation.location_id == self.location_id,
                Conversation.external_id == external_id,
                Message.location_id == self.location_id,
            )
            .order_by(Message.id.desc())
            .limit(limit)
        )
        return list(reversed(list((await self.session.execute(query)).scalars())))

    async def messages(self, conversation_id: str) -> list[Message]:
        query = (
            select(Message)
            .where(Message.location_id == self.location_id, Message.conversation_id == conversation_id)
            .order_by(Message.id)
        )
        return list((await self.session.execute(query)).scalars())


class AnalysisRepository:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    def record(
        self,
        *,
        analysis_id: str,
        revision: int,
        kind: str,
        engine: str,
        answer: BaseModel,
        reading: BaseModel,
        confidence: float,
        processing_time_ms: float,
        conversation_id: str | None,
        message_id: int | None,
    ) -> Analysis:
        """One revision of an answer, with the engine's reading it was composed from."""
        row = Analysis(
            analysis_id=analysis_id,
            revision=revision,
            location_id=self.location_id,
            conversation_id=conversation_id,
            message_id=message_id,
            kind=kind,
            engine=engine,
            result={"response": answer.model_dump(mode="json"), "analysis": reading.model_dump(mode="json")},
            confidence=confidence,
            processing_time_ms=processing_time_ms,
        )
        self.session.add(row)
        return row

    async def for_conversation(self, conversation_id: str) -> list[Analysis]:
        query = (
            select(Analysis)
            .where(Analysis.location_id == self.location_id, Analysis.conversation_id == conversation_id)
            .order_by(Analysis.id)
        )
        return list((await self.session.execute(query)).scalars())

    async def revisions(self, analysis_id: str) -> list[Analysis]:
        query = (
            select(Analysis)
            .where(Analysis.location_id == self.location_id, Analysis.analysis_id == analysis_id)
            .order_by(Analysis.revision)
        )
        return list((await self.session.execute(query)).scalars())
