"""A GHL contact's CRM fields, kept from its contact events, and the lead score its write-back carries.

The score is `EnhancedLeadScorer.for_location`'s: the conversation's signals, joined by the location's
active trained model when the kept fields include any the model learned from. It is computed locally in
the worker's transaction; nothing waits on Claude.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.actions import ActionPlan
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.ghl.crm_fields import field_changes, merged
from ghl_real_estate_ai.ghl.events import ContactEvent
from ghl_real_estate_ai.ghl.write_back import LeadScore, lead_score, scorer_contact
from ghl_real_estate_ai.services.enhanced_lead_scorer import EnhancedLeadScorer
from ghl_real_estate_ai.services.lead_model_service import ActiveModels
from ghl_real_estate_ai.storage.ghl_repository import GhlSettingsRepository
from ghl_real_estate_ai.storage.ghl_tables import GhlContactState


async def keep_crm_fields(
    session: AsyncSession, location_id: str, state: GhlContactState, event: ContactEvent
) -> None:
    """Fold what the event says into the contact's kept fields, leaving out those we write ourselves."""
    settings = await GhlSettingsRepository(session).for_location_if_exists(location_id)
    own = set((settings.field_ids or {}).values()) if settings is not None else set()
    state.crm_fields = merged(state.crm_fields or {}, field_changes(event, own))


async def write_back_score(
    session: AsyncSession,
    location_id: str,
    state: GhlContactState,
    plan: ActionPlan,
    semantic: SemanticAnalysis,
    models: ActiveModels | None = None,
) -> LeadScore:
    """GHL's `ai_score`: the enhanced score of this reading with the contact's kept CRM fields."""
    scorer = await EnhancedLeadScorer.for_location(session, location_id, models)
    scored = scorer.score(scorer_contact(plan, state.crm_fields or {}), semantic)
    return lead_score(plan, scored)
