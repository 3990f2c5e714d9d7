"""The audit sink the Claude engine writes to: one row per call, in its own unit of work."""

from __future__ import annotations

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.intelligence.claude import ClaudeCallRecord
from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.audit_tables import ClaudeAuditRecord
from ghl_real_estate_ai.storage.database import Database


class DatabaseAudit:
    def __init__(self, database: Database, clock: Clock = system_clock) -> None:
        self.database = database
        self.clock = clock

    async def record(self, call: ClaudeCallRecord) -> None:
        # Its own transaction: the audit row stays even when the request that caused the call fails.
        async with self.database.session() as session:
            session.add(
                ClaudeAuditRecord(
                    location_id=call.context.location_id,
                    agent_id=call.context.agent_id,
                    interaction_type=call.context.interaction_type,
                    model=call.model[:64],
                    output_mode=call.output_mode,
                    attempt=call.attempt,
                    created_at=self.clock(),
                    processing_time_ms=call.duration_ms,
                    request_hash=call.request_sha256,
                    response_hash=call.response_sha256,
                    outcome=call.outcome,
                    status_code=call.status_code,
                    error=call.error,
                    pii_scrubbed=call.pii_scrubbed,
                    input_tokens=call.input_tokens,
                    output_tokens=call.output_tokens,
                    cache_creation_input_tokens=call.cache_creation_input_tokens,
                    cache_read_input_tokens=call.cache_read_input_tokens,
                )
            )
            # The tamper-evident trail covers Claude calls too: what was sent is named by its hash only.
            await audit_chain.append(
                session,
                "claude.call",
                call.context.agent_id or "system",
                call.context.location_id,
                details={
                    "interaction_type": call.context.interaction_type,
                    "request_sha256": call.request_sha256,
                    "outcome": call.outcome,
                    "attempt": call.attempt,
                },
            )
