"""Metrics and health: every figure reported here is measured at run time."""
