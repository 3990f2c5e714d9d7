"""Requests per minute per API key, per agent token, and per client address, answered 429 + Retry-After.

Who is counted: a request presenting an API key counts against that key; a socket's agent token against
that token; a request with neither against its client address. Failed authentications (401) also count
against the address, so trying many made-up keys is limited even though each key is new. GHL webhook
deliveries are not limited here (GHL sends from few addresses and retries only on 429; they are checked
by signature before anything is stored, and the inbox has its own backlog limit).
"""

from __future__ import annotations

import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ghl_real_estate_ai.api.edge._answers import send_error
from ghl_real_estate_ai.security.rate_limits import Limiter, Quota


class RateLimit:
    def __init__(
        self,
        app: ASGIApp,
        limiter: Limiter,
        per_key: int,
        per_token: int,
        per_address: int,
        exempt_prefixes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.limiter = limiter
        self.per_key, self.per_token, self.per_address = per_key, per_token, per_address
        self.exempt_prefixes = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or str(scope["path"]).startswith(self.exempt_prefixes):
            await self.app(scope, receive, send)
            return
        address = f"addr:{(scope.get('client') or ('unknown', 0))[0]}"
        quotas = [Quota(f"fail:{address}", self.per_address, count=False)]
        credential = _credential(scope)
        if credential is not None:
            kind, secret = credential
            limit = self.per_key if kind == "key" else self.per_token
            quotas.append(Quota(f"{kind}:{hashlib.sha256(secret).hexdigest()[:32]}", limit))
        else:
            quotas.append(Quota(address, self.per_address))
        retry_after = await self.limiter.take(quotas)
        if retry_after is not None:
            await _too_many(scope, receive, send, retry_after)
            return

        async def counting_failures(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 401:
                await self.limiter.take([Quota(f"fail:{address}", self.per_address)])
            await send(message)

        await self.app(scope, receive, counting_failures if scope["type"] == "http" else send)


def _credential(scope: Scope) -> tuple[str, bytes] | None:
    headers = dict(scope["headers"])
    key = headers.get(b"x-api-key")
    if key:
        return "key", key.strip()
    authorization = headers.get(b"authorization", b"")
    scheme, _, value = authorization.partition(b" ")
    if scheme.lower() == b"bearer" and value.strip():
        return "key", value.strip()
    if scope["type"] == "websocket":
        for pair in bytes(scope.get("query_string", b"")).split(b"&"):
            name, _, value = pair.partition(b"=")
            if name == b"token" and value:
                return "token", value
    return None


async def _too_many(scope: Scope, receive: Receive, send: Send, retry_after: int) -> None:
    if scope["type"] == "websocket":
        await receive()
        await send(
            {"type": "websocket.close", "code": 1013, "reason": f"rate limited: retry after {retry_after} s"}
        )
        return
    await send_error(
        send, 429, "rate_limited", f"Too many requests: retry after {retry_after} s.",
        {"Retry-After": str(retry_after)},
    )  # fmt: skip
