"""GoHighLevel: webhook verification and events, the API v2 client, the inbox/outbox pipeline."""
