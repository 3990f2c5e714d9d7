"""The embedded engine: no key, no network, answers in milliseconds."""
