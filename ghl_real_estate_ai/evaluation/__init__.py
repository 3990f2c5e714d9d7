"""Scoring an engine on labeled conversations (format and metrics in the taxonomy)."""
