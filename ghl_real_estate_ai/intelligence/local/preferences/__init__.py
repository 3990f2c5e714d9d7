"""Preference-slot extraction for the embedded engine (English and Spanish, offline, milliseconds).

One small module per slot family; `PreferenceExtractor` combines them over a conversation.
"""

from ghl_real_estate_ai.intelligence.local.preferences.extractor import PreferenceExtractor
from ghl_real_estate_ai.intelligence.local.preferences.timeline import TimelineReading

__all__ = ["PreferenceExtractor", "TimelineReading"]
