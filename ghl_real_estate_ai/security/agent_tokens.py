"""Agent tokens for WebSocket clients: HMAC-SHA256 signed, expiring, bound to one agent and one location.

Format: base64url(JSON claims) "." base64url(HMAC-SHA256(secret, first part)). Compact enough for a
query string, and nothing but the standard library, so there is no JWT algorithm negotiation to attack.

The claims name the API key that minted the token (`kid`): the signature proves the token is ours, and
the caller (`security/token_standing.py`) checks that this key is still active in its location, so
revoking or rotating a key, or deleting the location, ends its tokens.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ghl_real_estate_ai.clock import Clock

# 2: tokens carry the issuing API key (`kid`); version-1 tokens could not be revoked.
TOKEN_VERSION = 2


class InvalidAgentToken(Exception):
    """Forged, malformed or signed with another key."""


class ExpiredAgentToken(InvalidAgentToken):
    """Genuine, but past its expiry."""


@dataclass(frozen=True)
class AgentClaims:
    agent_id: str
    location_id: str
    expires_at: datetime
    key_id: str = ""


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class AgentTokens:
    def __init__(self, secret: str, clock: Clock, ttl: timedelta) -> None:
        self._key = secret.encode("utf-8")
        self._clock = clock
        self._ttl = ttl

    def _signature(self, payload: str) -> str:
        return _encode(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(self, agent_id: str, location_id: str, key_id: str = "") -> IssuedToken:
        # Whole seconds: the expiry the client is told is exactly the one that is enforced.
        expires_at = (self._clock() + self._ttl).replace(microsecond=0)
        claims = {
            "v": TOKEN_VERSION,
            "agt": agent_id,
            "loc": location_id,
            "kid": key_id,
            "exp": int(expires_at.timestamp()),
        }
        payload = _encode(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
        return IssuedToken(f"{payload}.{self._signature(payload)}", expires_at)

    def verify(self, token: str) -> AgentClaims:
        payload, dot, signature = token.partition(".")
        if not dot or not payload.isascii() or not signature.isascii():
            raise InvalidAgentToken("malformed token")
        if not hmac.compare_digest(signature, self._signature(payload)):
            raise InvalidAgentToken("bad signature")
        try:
            claims = json.loads(_decode(payload))
            agent_id, location_id, expiry = claims["agt"], claims["loc"], claims["exp"]
            key_id = claims["kid"]
        except (ValueError, KeyError, TypeError, binascii.Error) as error:
            raise InvalidAgentToken("unreadable claims") from error
        if (
            claims.get("v") != TOKEN_VERSION
            or not isinstance(agent_id, str)
            or not isinstance(location_id, str)
            or not isinstance(key_id, str)
        ):
            raise InvalidAgentToken("unexpected claims")
        if not isinstance(expiry, int):
            raise InvalidAgentToken("unexpected expiry")
        expires_at = datetime.fromtimestamp(expiry, UTC)
        if self._clock() >= expires_at:
            raise ExpiredAgentToken("token expired")
        return AgentClaims(agent_id, location_id, expires_at, key_id)
