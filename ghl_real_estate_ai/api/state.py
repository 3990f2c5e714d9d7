"""What the app builds once at start-up and shares with every request."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.intelligence.batching import MicroBatcher
from ghl_real_estate_ai.intelligence.claude import ClaudeEngine
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.observability.alerts.monitor import AlertMonitor
from ghl_real_estate_ai.observability.metrics import Metrics
from ghl_real_estate_ai.observability.performance.recorder import PerformanceRecorder
from ghl_real_estate_ai.security.agent_tokens import AgentTokens
from ghl_real_estate_ai.security.lookup_hash import LookupHasher
from ghl_real_estate_ai.services.admission import Admission
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.erasure_reach import ErasureReach
from ghl_real_estate_ai.services.ghl_webhooks import WebhookInbox
from ghl_real_estate_ai.services.property_matching_service import PropertyMatchingService
from ghl_real_estate_ai.services.realtime_websocket_hub import RealtimeWebSocketHub
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database


@dataclass
class AppState:
    settings: Settings
    database: Database
    engine: AnalysisEngine
    analysis: AnalysisService
    hub: RealtimeWebSocketHub
    agent_tokens: AgentTokens
    performance: PerformanceRecorder
    alerts: AlertMonitor
    admission: Admission
    metrics: Metrics = field(default_factory=Metrics)
    started_at: float = field(default_factory=time.time)
    clock: Clock = system_clock
    claude: ClaudeEngine | None = None
    ghl_inbox: WebhookInbox | None = None
    # The engine's micro-batcher (None when the engine reads one message at a time): its queue is shown.
    batcher: MicroBatcher | None = None
    property_matching: PropertyMatchingService = field(default_factory=PropertyMatchingService)
    erasure: ErasureReach = field(default_factory=ErasureReach)
    lookup: LookupHasher | None = None
