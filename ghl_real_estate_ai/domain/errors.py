"""What can go wrong in a request, said once by the layer that knows, answered by the API in one shape.

Services raise these; `api/errors.py` maps each kind to its HTTP status, so no router catches and
re-raises. Each error says what the caller can do about it in `message`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class ErrorKind(StrEnum):
    """Why a request was not served; the value is the `error` field of the answer."""

    MALFORMED = "bad_request"  # the body cannot be read at all
    UNAUTHENTICATED = "unauthenticated"
    REFUSED = "forbidden"  # authenticated, but not allowed
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"  # the state changed under the caller (stale version, closed action)
    TOO_LARGE = "payload_too_large"
    INVALID = "invalid_request"  # readable, but not a valid request
    TRY_LATER = "try_later"  # nothing is wrong with the request: send it again later
    BUSY = "busy"  # the server is at capacity: this request was shed, send it again shortly


class DomainError(Exception):
    kind: ClassVar[ErrorKind] = ErrorKind.INVALID

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # A finer name than the kind's, where callers branch on it ("invalid_signature").
        self.code = code or self.kind.value


class Malformed(DomainError):
    kind = ErrorKind.MALFORMED


class Unauthenticated(DomainError):
    kind = ErrorKind.UNAUTHENTICATED


class Refused(DomainError):
    kind = ErrorKind.REFUSED


class NotFound(DomainError):
    kind = ErrorKind.NOT_FOUND


class Conflict(DomainError):
    kind = ErrorKind.CONFLICT


class TooLarge(DomainError):
    kind = ErrorKind.TOO_LARGE


class Invalid(DomainError):
    kind = ErrorKind.INVALID


class TryLater(DomainError):
    kind = ErrorKind.TRY_LATER

    def __init__(self, message: str, *, retry_after_s: float = 10, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after_s = retry_after_s


class Busy(TryLater):
    kind = ErrorKind.BUSY
