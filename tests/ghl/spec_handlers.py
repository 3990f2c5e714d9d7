"""The spec's GHL Webhook Integration block, as the spec writes it, in a handler module a team would load.

The four names it calls are this module's globals; the test binds `ghl_client` to the fake GHL first.
"""

from __future__ import annotations

from ghl_real_estate_ai.ghl.events import handle_webhook
from ghl_real_estate_ai.ghl.location_client import LocationClient
from ghl_real_estate_ai.services.claude_action_planner import ClaudeActionPlanner
from ghl_real_estate_ai.services.claude_semantic_analyzer import ClaudeSemanticAnalyzer
from ghl_real_estate_ai.services.enhanced_lead_scorer import enhanced_lead_scorer

claude_semantic_analyzer = ClaudeSemanticAnalyzer()
claude_action_planner = ClaudeActionPlanner()
ghl_client: LocationClient | None = None

__all__ = ["enhanced_lead_scorer"]


# --- the spec's block, verbatim ---
@handle_webhook("contact.created")
async def process_new_lead_with_claude(contact_data: dict) -> None:  # type: ignore[type-arg]
    """Enhanced webhook processing with Claude intelligence."""

    # Semantic analysis of initial message
    semantic_analysis = await claude_semantic_analyzer.analyze_lead_intent(
        conversation=[{"speaker": "prospect", "message": contact_data.get("message", "")}]
    )

    # Enhanced lead scoring with Claude insights
    enhanced_score = await enhanced_lead_scorer.score_with_claude(
        contact_data=contact_data, semantic_insights=semantic_analysis
    )

    # Intelligent action planning
    action_plan = await claude_action_planner.create_action_plan(
        contact_id=contact_data["id"], context=semantic_analysis, qualification_data=None
    )

    # Update GHL with intelligent insights
    await ghl_client.update_contact(  # type: ignore[union-attr]
        contact_id=contact_data["id"],
        custom_fields={
            "claude_intent": semantic_analysis["primary_intent"],
            "ai_score": enhanced_score.value,
            "urgency_level": semantic_analysis["urgency_level"],
            "next_action": action_plan["immediate_actions"][0]["description"],
        },
    )
