"""Analysis engines behind one protocol: local (embedded, milliseconds) and, later, Claude."""
