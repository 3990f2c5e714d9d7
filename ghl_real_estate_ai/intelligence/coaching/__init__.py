"""Turning an analysis into guidance for the agent: playbooks and next-question selection."""
