"""One error hierarchy with its status attached, and handlers that answer with a clear message."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel


class ErrorBody(BaseModel):
    error: str
    message: str
    details: list[dict[str, object]] | None = None


class AppError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthenticated(AppError):
    status_code = 401
    code = "unauthenticated"


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class Unprocessable(AppError):
    status_code = 422
    code = "invalid_request"


class PayloadTooLarge(AppError):
    status_code = 413
    code = "payload_too_large"


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


def _field_path(location: tuple[object, ...]) -> str:
    return ".".join(str(part) for part in location if part != "body") or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_: Request, error: AppError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else None
        body = ErrorBody(error=error.code, message=error.message)
        return JSONResponse(
            body.model_dump(exclude_none=True), status_code=error.status_code, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_body(_: Request, error: RequestValidationError) -> JSONResponse:
        details = [
            {"field": _field_path(tuple(item.get("loc", ()))), "problem": item.get("msg", "invalid")}
            for item in error.errors()
        ]
        summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details[:5])
        body = ErrorBody(error="invalid_request", message=f"Invalid request: {summary}", details=details)
        return JSONResponse(body.model_dump(), status_code=422)
