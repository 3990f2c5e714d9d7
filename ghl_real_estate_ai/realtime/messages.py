"""What travels over /ws/coaching, both ways (interfaces.md, WebSocket section)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

Payload = dict[str, JsonValue]


class EventMessage(BaseModel):
    """One event on one topic; `event_id` grows by one per topic, so a client can resume after it."""

    model_config = ConfigDict(frozen=True)

    type: Literal["event"] = "event"
    topic: str
    event_id: int
    analysis_id: str | None = None
    revision: int = 1
    ts: datetime
    data: Payload


class ErrorMessage(BaseModel):
    type: Literal["error"] = "error"
    code: str
    message: str
    # With code "events_dropped": the ids a slow client missed per topic (still available to `resume`).
    dropped: dict[str, list[int]] | None = None
    # With code "busy": when to send the prospect message again.
    retry_after_ms: int | None = None


class PongMessage(BaseModel):
    type: Literal["pong"] = "pong"


ServerMessage = EventMessage | ErrorMessage | PongMessage


class SubscribeMessage(BaseModel):
    type: Literal["subscribe"]
    topics: list[str] = Field(min_length=1, max_length=20)


class ProspectMessage(BaseModel):
    type: Literal["prospect_message"]
    message: str = Field(min_length=1, max_length=10_000)
    lead_id: str | None = Field(default=None, max_length=128)
    conversation_id: str | None = Field(default=None, max_length=128)
    conversation_stage: str = Field(default="discovery", max_length=64)


class ResumeMessage(BaseModel):
    """Replay what was missed: `last_event_id` per topic, or one id with `topic`."""

    type: Literal["resume"]
    last_event_id: int | dict[str, int]
    topic: str | None = None

    def positions(self) -> dict[str, int]:
        if isinstance(self.last_event_id, dict):
            return dict(self.last_event_id)
        if self.topic is None:
            raise ValueError("resume with one last_event_id needs its 'topic'")
        return {self.topic: self.last_event_id}


class PingMessage(BaseModel):
    type: Literal["ping"]


ClientMessage = Annotated[
    SubscribeMessage | ProspectMessage | ResumeMessage | PingMessage, Field(discriminator="type")
]
