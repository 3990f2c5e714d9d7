"""Action planning: priority, risks, follow-up schedule and the actions an agent works through."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.moments import Moment
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.semantic import IntentAnalysis
from ghl_real_estate_ai.domain.taxonomy import (
    DecisionStage,
    Intent,
    ObjectionType,
    Sentiment,
    Severity,
    UrgencyLevel,
)

Probability = float


class Channel(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    CALL = "call"
    # Work for the agent that does not contact the lead (review, update the CRM).
    TASK = "task"

    @property
    def reaches_the_lead(self) -> bool:
        return self is not Channel.TASK


OUTREACH_CHANNELS: tuple[Channel, ...] = (Channel.CALL, Channel.SMS, Channel.EMAIL)


class ActionStatus(StrEnum):
    OPEN = "open"
    SNOOZED = "snoozed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def pending(self) -> bool:
        return self in (ActionStatus.OPEN, ActionStatus.SNOOZED)


class PriorityTier(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class QualificationStage(StrEnum):
    NEW = "new"
    WARM = "warm"
    QUALIFIED = "qualified"


class RiskKind(StrEnum):
    OPPORTUNITY_LOSS = "opportunity_loss"
    DISENGAGEMENT = "disengagement"
    COMPETING_AGENT = "competing_agent"
    FINANCING = "financing"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def validate_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    # OSError: a name that is a directory of the zone database ("America") or not a file name at all.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone '{name}': use an IANA name such as 'America/New_York'") from None
    return name


class ChannelReplies(DomainModel):
    """How many times the lead has answered on each channel."""

    sms: int = Field(default=0, ge=0)
    email: int = Field(default=0, ge=0)
    call: int = Field(default=0, ge=0)

    def count(self, channel: Channel) -> int:
        return {Channel.SMS: self.sms, Channel.EMAIL: self.email, Channel.CALL: self.call}.get(channel, 0)

    @property
    def total(self) -> int:
        return self.sms + self.email + self.call


class LeadSignals(DomainModel):
    """What is known about reaching this lead, as the planner uses it (defaults filled in)."""

    timezone: str = "UTC"
    opted_out: bool = False
    do_not_disturb: bool = False
    answered_channels: ChannelReplies = Field(default_factory=ChannelReplies)
    last_inbound_at: Moment | None = None
    qualification_completeness: float | None = Field(default=None, ge=0.0, le=100.0)
    qualification_stage: QualificationStage | None = None

    _check_timezone = field_validator("timezone")(validate_timezone)

    @property
    def reachable(self) -> bool:
        return not (self.opted_out or self.do_not_disturb)


class LeadReading(DomainModel):
    """The parts of an analysis the planner needs, whichever engine or caller produced them."""

    primary_intent: Intent
    intent_confidence: Probability = Field(ge=0.0, le=1.0)
    urgency_level: UrgencyLevel
    urgency_score: int = Field(ge=0, le=100)
    decision_stage: DecisionStage = DecisionStage.EARLY_RESEARCH
    sentiment: Sentiment = Sentiment.NEUTRAL
    objection_type: ObjectionType | None = None
    objection_severity: Severity | None = None
    preferences: Preferences = Field(default_factory=Preferences)
    confidence: Probability = Field(ge=0.0, le=1.0)


class PriorityFactor(DomainModel):
    """One factor of the priority score: its reading (0..1), weight, and points contributed."""

    name: str
    value: float = Field(ge=0.0, le=1.0)
    weight: float = Field(ge=0.0)
    contribution: float = Field(ge=0.0)
    explanation: str


class Risk(DomainModel):
    kind: RiskKind
    level: RiskLevel
    reason: str


class PlannedAction(DomainModel):
    """One thing to do for the lead. `not_before` is the earliest allowed moment, `due_at` the deadline."""

    action_id: str | None = None
    description: str
    channel: Channel
    reason: str
    not_before: datetime
    due_at: datetime
    confidence: Probability = Field(ge=0.0, le=1.0)
    priority_score: float = Field(ge=0.0, le=100.0)
    status: ActionStatus = ActionStatus.OPEN


class FollowUpStep(DomainModel):
    day: int = Field(ge=0)
    action: PlannedAction


class ActionPlan(DomainModel):
    """Answer of POST /actions/create-plan and of ClaudeActionPlanner.create_action_plan."""

    plan_id: str | None = None
    contact_id: str
    priority_score: float = Field(ge=0.0, le=100.0)
    priority_tier: PriorityTier
    priority_factors: list[PriorityFactor]
    risks: list[Risk]
    qualification_stage: QualificationStage
    immediate_actions: list[PlannedAction]
    follow_up_schedule: list[FollowUpStep]
    outreach_allowed: bool
    timezone: str
    created_at: datetime


class CreatePlanRequest(DomainModel):
    """Body of POST /actions/create-plan: the conversation (or a reading of it) and the lead's signals.

    Signals left out keep what is stored on the contact; given ones are stored for next time.
    """

    contact_id: str = Field(min_length=1, max_length=128)
    location_id: str | None = Field(default=None, max_length=64)
    conversation_messages: list[ConversationTurn] | None = Field(default=None, max_length=200)
    lead_analysis: IntentAnalysis | None = None
    preferences: Preferences | None = None
    timezone: str | None = Field(default=None, max_length=64)
    opted_out: bool | None = None
    do_not_disturb: bool | None = None
    answered_channels: ChannelReplies | None = None
    last_inbound_at: Moment | None = None
    qualification_completeness: float | None = Field(default=None, ge=0.0, le=100.0)
    qualification_stage: QualificationStage | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        return None if value is None else validate_timezone(value)

    @model_validator(mode="after")
    def _needs_something_to_read(self) -> CreatePlanRequest:
        has_message = any(
            turn.speaker == "prospect" and turn.message.strip() for turn in self.conversation_messages or []
        )
        if not has_message and self.lead_analysis is None:
            raise ValueError(
                "give conversation_messages with at least one prospect message, or a lead_analysis"
            )
        return self


class SnoozeRequest(DomainModel):
    """Snooze until a moment, or for a number of minutes (exactly one of the two)."""

    until: Moment | None = None
    minutes: int | None = Field(default=None, ge=1, le=60 * 24 * 90)

    @model_validator(mode="after")
    def _exactly_one(self) -> SnoozeRequest:
        if (self.until is None) == (self.minutes is None):
            raise ValueError("give exactly one of 'until' (ISO-8601 with offset) or 'minutes'")
        return self


class ActionView(PlannedAction):
    """A stored action as the due list and the complete/snooze endpoints return it."""

    contact_id: str
    plan_id: str | None = None
    completed_at: datetime | None = None


class DueActions(DomainModel):
    window_end: datetime
    count: int
    actions: list[ActionView]
