"""Qualification flows: which areas a lead has answered, the stage that puts them in, what to ask next."""

from ghl_real_estate_ai.intelligence.qualification.config import default_config, unknown_questions
from ghl_real_estate_ai.intelligence.qualification.flow import FlowProgress, ReplyOutcome

__all__ = ["FlowProgress", "ReplyOutcome", "default_config", "unknown_questions"]
