"""Action planning, pure and typed: priority, risks, channels, contact windows and follow-up sequences."""

from ghl_real_estate_ai.intelligence.planning.planner import plan_actions, reading_from_analysis
from ghl_real_estate_ai.intelligence.planning.policy import PlannerPolicy

__all__ = ["PlannerPolicy", "plan_actions", "reading_from_analysis"]
