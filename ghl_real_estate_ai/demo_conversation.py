"""The demo's conversation: what `make run` seeds and what "play demo" sends, one message at a time."""

from __future__ import annotations

DEMO_AGENT_ID = "agent_123"
DEMO_LEAD_ID = "lead_demo"

# (speaker, message) already in the seeded conversation, then the prospect's message it was coached on.
SEEDED_HISTORY: tuple[tuple[str, str], ...] = (
    ("prospect", "Hi! We're relocating to Austin for work and need a 3 bedroom house."),
    ("agent", "Welcome! Happy to help. Do you have a price range in mind?"),
)
SEEDED_MESSAGE = "Somewhere around $450k, but I'm not sure we can afford it with rates this high."

# What "play demo" sends as the prospect, a few seconds apart.
PLAYED_MESSAGES: tuple[str, ...] = (
    "Hi, we're moving to Denver in about two months and need a place with a yard for the dog.",
    "Our budget is around $550k, and we're already pre-approved.",
    "Honestly that seems expensive for what you get in this market.",
    "My wife also needs to see it before we decide anything.",
    "Can we tour the one on Elm Street this Saturday?",
)
PLAY_INTERVAL_S = 3.0
