"""Per-answer performance: recording samples, and the report computed from them."""
