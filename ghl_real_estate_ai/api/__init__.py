"""HTTP layer: app factory, auth dependencies, one router per spec area."""
