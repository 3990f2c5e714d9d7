"""Every error the API answers, in one shape: `{"error": ..., "message": ...}`.

Domain errors carry their kind (domain/errors.py); this is the one place a kind becomes a status.
Starlette's own 404/405, invalid bodies and unexpected failures are answered in the same shape.
"""

from __future__ import annotations

import logging
import math
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from ghl_real_estate_ai.domain.errors import DomainError, ErrorKind, TryLater

logger = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    error: str
    message: str
    details: list[dict[str, object]] | None = None


STATUS_OF: dict[ErrorKind, int] = {
    ErrorKind.MALFORMED: 400,
    ErrorKind.UNAUTHENTICATED: 401,
    ErrorKind.REFUSED: 403,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.CONFLICT: 409,
    ErrorKind.TOO_LARGE: 413,
    ErrorKind.INVALID: 422,
    ErrorKind.TRY_LATER: 429,
    ErrorKind.BUSY: 503,
}
# Statuses Starlette raises itself (unknown route, wrong method), named like our kinds.
_CODE_OF_STATUS = {STATUS_OF[kind]: kind.value for kind in ErrorKind} | {
    405: "method_not_allowed",
    500: "internal_error",
}

ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "Missing or unknown API key"},
    403: {"model": ErrorBody, "description": "The location_id belongs to another tenant"},
    413: {"model": ErrorBody, "description": "The body is larger than ENTERPRISEHUB_MAX_BODY_BYTES"},
    422: {
        "model": ErrorBody,
        "description": "The body is not valid (also: control characters, JSON nested too deep)",
    },
    429: {
        "model": ErrorBody,
        "description": "Rate limited (per API key, agent token or client address): see Retry-After",
        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}},
    },
}


BUSY: dict[int | str, dict[str, object]] = {
    503: {"model": ErrorBody, "description": "At capacity: retry after the Retry-After seconds"},
}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        ErrorBody(error=code, message=message).model_dump(exclude_none=True),
        status_code=status,
        headers=headers,
    )


def domain_error_response(error: DomainError) -> JSONResponse:
    status = STATUS_OF[error.kind]
    headers = None
    if error.kind is ErrorKind.UNAUTHENTICATED:
        headers = {"WWW-Authenticate": "Bearer"}
    elif isinstance(error, TryLater):
        # Retry-After is whole seconds; never 0, which would invite an immediate retry storm.
        headers = {"Retry-After": str(max(1, math.ceil(error.retry_after_s)))}
    return error_response(status, error.code, error.message, headers)


def _field_path(location: tuple[object, ...]) -> str:
    return ".".join(str(part) for part in location if part != "body") or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(_: Request, error: DomainError) -> JSONResponse:
        return domain_error_response(error)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        code = _CODE_OF_STATUS.get(error.status_code, HTTPStatus(error.status_code).phrase.lower())
        headers = dict(error.headers) if error.headers else None
        return error_response(error.status_code, code, str(error.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_body(_: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {"field": _field_path(tuple(item.get("loc", ()))), "problem": item.get("msg", "invalid")}
            for item in error.errors()
        ]
        summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details[:5])
        body = ErrorBody(error="invalid_request", message=f"Invalid request: {summary}", details=details)
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> JSONResponse:
        # Starlette logs the traceback itself once this answer is sent; the body never carries it.
        return error_response(500, "internal_error", "Something went wrong on our side; it was logged.")
