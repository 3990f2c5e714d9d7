"""Plain-ASGI guards at the edge of the service, applied before any route runs.

- `rate_limit.py`: requests per minute per API key, per agent token and per client address (429).
- `request_guard.py`: request header size (431), control characters in the path and query (422), JSON
  nesting depth and control characters in JSON bodies (422).
- `security_headers.py`: security headers and `Cache-Control: no-store` on every answer.
"""
