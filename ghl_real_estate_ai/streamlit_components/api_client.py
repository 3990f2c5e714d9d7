"""The dashboard's only way to the data: the API, with an agent token or the location's key.

Answers are parsed into the API's own domain models, so a field the page reads is a field the API
declares. Errors come back as `ApiError` with the API's message, for the page to show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel
from websockets.sync.client import connect

from ghl_real_estate_ai.domain.actions import ActionView, DueActions
from ghl_real_estate_ai.domain.dashboard import LeadDetail, LeadList, TeamSummary
from ghl_real_estate_ai.domain.feedback import Feedback, FeedbackList, FeedbackReport, FeedbackRequest
from ghl_real_estate_ai.domain.qualification import QualificationAnalytics

TIMEOUT_S = 10.0
Model = TypeVar("Model", bound=BaseModel)


class ApiError(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(f"{status_code}: {message}")
        self.status_code = status_code
        self.message = message


def masked(credential: str) -> str:
    """What the page may show of a key or token: its first characters only."""
    return f"{credential[:8]}…" if len(credential) > 8 else "…"


@dataclass(frozen=True)
class Health:
    """The parts of GET /api/v1/claude/health the team view charts."""

    overall_status: str
    engine: str
    claude_mode: str
    claude_status: str
    claude_circuit: str | None
    claude_latency_ms: dict[str, float | None]
    services: dict[str, str]


class DashboardApi:
    def __init__(self, base_url: str, credential: str, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._credential = credential
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {credential}"},
            timeout=TIMEOUT_S,
            transport=transport,
        )

    @property
    def is_agent_token(self) -> bool:
        return "." in self._credential  # API keys never contain a dot

    @property
    def shown_credential(self) -> str:
        return masked(self._credential)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **options: Any) -> Any:
        try:
            response = self._http.request(method, path, **options)
        except httpx.HTTPError as error:
            raise ApiError(0, f"the API at {self.base_url} did not answer ({type(error).__name__})") from None
        if response.status_code >= 400:
            try:
                message = str(response.json().get("message", response.text))
            except ValueError:
                message = response.text
            raise ApiError(response.status_code, message)
        return response.json()

    def _get(self, model: type[Model], path: str, **params: Any) -> Model:
        return model.model_validate(self._call("GET", path, params=params or None))

    # The agent's view ---------------------------------------------------------------------------

    def agent_token(self, agent_id: str) -> str:
        """A token for one agent (location key only)."""
        return str(self._call("POST", "/api/v1/auth/agent-token", json={"agent_id": agent_id})["token"])

    def leads(self) -> LeadList:
        return self._get(LeadList, "/api/v1/dashboard/leads")

    def lead(self, lead_id: str) -> LeadDetail:
        return self._get(LeadDetail, f"/api/v1/dashboard/leads/{quote(lead_id, safe='')}")

    def give_feedback(self, request: FeedbackRequest) -> Feedback:
        body = request.model_dump(mode="json", exclude_none=True)
        return Feedback.model_validate(self._call("POST", "/api/v1/feedback", json=body))

    def feedback_for(self, lead_id: str) -> FeedbackList:
        return self._get(FeedbackList, "/api/v1/feedback", lead_id=lead_id)

    def send_prospect_message(
        self, agent_id: str, lead_id: str, conversation_id: str, message: str, stage: str = "discovery"
    ) -> str | None:
        """Coach a message the agent typed in (a call, a text outside GHL); returns the analysis id.

        With a token it goes over the WebSocket, as `prospect_message`, and waits for its coaching event;
        with the location key, through the HTTP coaching endpoint.
        """
        if not self.is_agent_token:
            body = {
                "agent_id": agent_id,
                "conversation_context": {"lead_id": lead_id, "conversation_id": conversation_id},
                "prospect_message": message,
                "conversation_stage": stage,
            }
            answer = self._call("POST", "/api/v1/claude/coaching/real-time", json=body)
            return str(answer["analysis_id"])
        url = self.base_url.replace("http", "ws", 1) + f"/ws/coaching?token={quote(self._credential)}"
        topic = f"coaching.{agent_id}.suggestions"
        with connect(url, open_timeout=TIMEOUT_S, close_timeout=1) as socket:
            socket.send(json.dumps({"type": "subscribe", "topics": [topic]}))
            socket.send(
                json.dumps(
                    {
                        "type": "prospect_message",
                        "lead_id": lead_id,
                        "conversation_id": conversation_id,
                        "message": message,
                        "conversation_stage": stage,
                    }
                )
            )
            while True:
                event = json.loads(socket.recv(timeout=TIMEOUT_S))
                if event.get("type") == "error":
                    raise ApiError(400, str(event.get("message", event.get("code"))))
                if event.get("type") == "event" and event.get("topic") == topic:
                    analysis_id = event.get("analysis_id")
                    return str(analysis_id) if analysis_id else None

    # The team's view (location key) -------------------------------------------------------------

    def team(self) -> TeamSummary:
        return self._get(TeamSummary, "/api/v1/dashboard/team")

    def feedback_report(self, since: datetime | None = None) -> FeedbackReport:
        return self._get(
            FeedbackReport, "/api/v1/feedback/report", **({"since": since.isoformat()} if since else {})
        )

    def due_actions(self, within: str = "7d") -> DueActions:
        return self._get(DueActions, "/api/v1/claude/actions/due", within=within)

    def complete_action(self, action_id: str) -> ActionView:
        return ActionView.model_validate(
            self._call("POST", f"/api/v1/claude/actions/{quote(action_id, safe='')}/complete")
        )

    def snooze_action(self, action_id: str, minutes: int) -> ActionView:
        return ActionView.model_validate(
            self._call(
                "POST",
                f"/api/v1/claude/actions/{quote(action_id, safe='')}/snooze",
                json={"minutes": minutes},
            )
        )

    def qualification_analytics(self) -> QualificationAnalytics:
        return self._get(QualificationAnalytics, "/api/v1/claude/qualification/analytics")

    def health(self) -> Health:
        body = self._call("GET", "/api/v1/claude/health")
        claude = body["claude"]
        return Health(
            overall_status=body["overall_status"],
            engine=body["engine"],
            claude_mode=claude["mode"],
            claude_status=claude["status"],
            claude_circuit=claude.get("circuit"),
            claude_latency_ms={q: claude.get(f"latency_{q}_ms") for q in ("p50", "p95", "p99")},
            services={name: part["status"] for name, part in body["services"].items()},
        )
