"""What happened to a lead: the outcomes a location's models learn from."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, Field

from ghl_real_estate_ai.domain.base import DomainModel


class OutcomeKind(StrEnum):
    APPOINTMENT = "appointment"
    OFFER = "offer"
    CLOSED_WON = "closed_won"
    LOST = "lost"


# What counts as converted when a model is trained on outcomes: the deal closed.
CONVERTED = frozenset({OutcomeKind.CLOSED_WON})


class OutcomeSource(StrEnum):
    API = "api"
    GHL = "ghl"


class OutcomeRequest(DomainModel):
    """Body of POST /api/v1/leads/{contact_id}/outcome."""

    outcome: OutcomeKind
    occurred_at: AwareDatetime = Field(description="When it happened, with its UTC offset")
    note: str | None = Field(default=None, max_length=1000)


class RecordedOutcome(DomainModel):
    outcome_id: int
    contact_id: str
    outcome: OutcomeKind
    occurred_at: AwareDatetime
    source: OutcomeSource
