"""Record what happened to a lead, from the API or from GHL opportunity status changes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.outcomes import OutcomeKind, OutcomeRequest, OutcomeSource, RecordedOutcome
from ghl_real_estate_ai.storage.outcome_tables import LeadOutcomeRecord
from ghl_real_estate_ai.storage.repositories import ConversationRepository

# GHL opportunity statuses (open, won, lost, abandoned) as outcomes; "open" says nothing new.
GHL_STATUS_OUTCOMES = {"won": OutcomeKind.CLOSED_WON, "lost": OutcomeKind.LOST, "abandoned": OutcomeKind.LOST}


class OutcomeService:
    def __init__(self, session: AsyncSession, location_id: str) -> None:
        self.session = session
        self.location_id = location_id

    async def record(
        self, contact_id: str, outcome: OutcomeRequest, source: OutcomeSource = OutcomeSource.API
    ) -> RecordedOutcome:
        contact = await ConversationRepository(self.session, self.location_id).contact(contact_id)
        record = LeadOutcomeRecord(
            location_id=self.location_id,
            contact_id=contact.id,
            kind=outcome.outcome.value,
            source=source.value,
            note=outcome.note,
            # Stored in UTC: SQLite keeps no offset, and history is ordered by this column.
            occurred_at=outcome.occurred_at.astimezone(UTC),
        )
        self.session.add(record)
        await self.session.flush()
        return RecordedOutcome(
            outcome_id=record.id,
            contact_id=contact_id,
            outcome=outcome.outcome,
            occurred_at=outcome.occurred_at,
            source=source,
        )

    async def record_ghl_status(
        self, contact_id: str, status: str | None, occurred_at: datetime, opportunity: str
    ) -> RecordedOutcome | None:
        """An opportunity's new status as an outcome; None for a status that is no outcome ("open")."""
        kind = GHL_STATUS_OUTCOMES.get((status or "").strip().lower())
        if kind is None:
            return None
        note = f"GHL opportunity {opportunity} {status}"
        request = OutcomeRequest(outcome=kind, occurred_at=_aware(occurred_at), note=note[:1000])
        return await self.record(contact_id, request, OutcomeSource.GHL)

    async def history(self, contact_id: str) -> list[RecordedOutcome]:
        contact = await ConversationRepository(self.session, self.location_id).contact(contact_id)
        rows = await self.session.scalars(
            select(LeadOutcomeRecord)
            .where(
                LeadOutcomeRecord.location_id == self.location_id, LeadOutcomeRecord.contact_id == contact.id
            )
            .order_by(LeadOutcomeRecord.occurred_at)
        )
        return [
            RecordedOutcome(
                outcome_id=r.id,
                contact_id=contact_id,
                outcome=OutcomeKind(r.kind),
                occurred_at=_aware(r.occurred_at),
                source=OutcomeSource(r.source),
            )
            for r in rows
        ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
