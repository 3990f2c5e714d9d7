"""The demo lead `make run` seeds: one conversation, coached like any other, so the dashboard has
something to show in its first second."""

from __future__ import annotations

from ghl_real_estate_ai.demo_conversation import (
    DEMO_AGENT_ID,
    DEMO_LEAD_ID,
    SEEDED_HISTORY,
    SEEDED_MESSAGE,
)
from ghl_real_estate_ai.domain.conversation import ConversationTurn
from ghl_real_estate_ai.domain.requests import CoachingRequest, ConversationContext
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.database import Database


async def seed_demo_lead(database: Database, location_id: str, engine: AnalysisEngine) -> str:
    """Store the demo conversation and its coaching in the location; returns the analysis id."""
    request = CoachingRequest(
        agent_id=DEMO_AGENT_ID,
        conversation_context=ConversationContext(
            lead_id=DEMO_LEAD_ID,
            conversation_id=f"conv-{DEMO_LEAD_ID}",
            history=[ConversationTurn(speaker=Speaker(s), message=m) for s, m in SEEDED_HISTORY],
        ),
        prospect_message=SEEDED_MESSAGE,
    )
    async with database.session() as session:
        response = await AnalysisService(engine).real_time_coaching(
            TenantScope(session, location_id), request
        )
    assert response.analysis_id is not None
    return response.analysis_id
