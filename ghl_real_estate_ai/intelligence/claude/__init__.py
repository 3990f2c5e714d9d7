"""Claude as a refiner of the local engine's reading, guarded so its failures never reach the agent."""

from ghl_real_estate_ai.intelligence.claude.engine import (
    AuditSink,
    CallContext,
    ClaudeCallRecord,
    ClaudeEngine,
    ClaudeUnavailable,
)
from ghl_real_estate_ai.settings import ClaudeConfig

__all__ = [
    "AuditSink",
    "CallContext",
    "ClaudeCallRecord",
    "ClaudeConfig",
    "ClaudeEngine",
    "ClaudeUnavailable",
]
