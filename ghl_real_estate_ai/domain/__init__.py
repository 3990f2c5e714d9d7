"""Typed domain models: the vocabulary every layer speaks. No I/O lives here."""
