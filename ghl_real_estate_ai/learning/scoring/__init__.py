"""Lead scores from conversation signals, combined with a location's trained outcome model."""

from ghl_real_estate_ai.learning.scoring.combine import combine_score
from ghl_real_estate_ai.learning.scoring.policy import ScoringPolicy
from ghl_real_estate_ai.learning.scoring.signals import LeadSignalsReading, signal_factors

__all__ = ["LeadSignalsReading", "ScoringPolicy", "combine_score", "signal_factors"]
