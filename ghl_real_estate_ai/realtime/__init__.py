"""Real-time delivery: the broker that carries events between publishers and connections."""
