"""Structured JSON logs (structlog) that never carry PII, even when something fails.

Every line carries the request's context (request_id, location_id, agent_id, analysis_id) from
contextvars. Exceptions are rendered here, not by the logging module: a database error's text can quote
a row (a prospect's message, an email), and a validation error quotes its input, so data-bearing errors
are reduced to their type and shape, every other message is scrubbed of emails, phones, SSNs, cards and
account numbers, and tracebacks keep file, line and function only.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import MutableMapping
from types import TracebackType
from typing import Any, TextIO

import structlog
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, StatementError

from ghl_real_estate_ai.security.pii import scrub_text

# The spec's debug-mode logger names: `logging.getLogger(name).setLevel(logging.DEBUG)` turns them up.
SPEC_LOGGERS = ("claude_agent_service", "claude_semantic_analyzer", "qualification_orchestrator")
# Libraries that echo the data they carry (SQL parameters, request bodies) when turned up: they stay at
# WARNING whatever the service's level, so a DEBUG session still prints no prospect's message.
DATA_ECHOING_LOGGERS = (
    "aiosqlite",
    "asyncpg",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "httpcore",
    "httpx",
    "anthropic",
    "websockets",
)
MAX_MESSAGE = 500
_HANDLER_NAME = "enterprisehub-json"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
EventDict = MutableMapping[str, Any]


def describe_error(error: BaseException) -> str:
    """What a log may say about an error: never the data it was handling."""
    name = type(error).__name__
    if isinstance(error, ValidationError):
        fields = ", ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['type']}" for e in error.errors()[:5]
        )
        return f"{name}: {error.error_count()} invalid field(s) ({fields})"
    if isinstance(error, DBAPIError):
        # The driver's own text can quote the row ("Key (email)=(...)"); its type and code cannot.
        code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
        return f"{name} from {type(error.orig).__name__}{f' (SQLSTATE {code})' if code else ''}"
    if isinstance(error, StatementError):
        return f"{name} in a statement (parameters not logged)"
    return f"{name}: {scrub_text(str(error)).text[:MAX_MESSAGE]}"


def render_exception(exc_info: ExcInfo) -> str:
    """The chain of causes, each with its frames as file:line in function (no locals, no values)."""
    parts = []
    error: BaseException | None = exc_info[1]
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        frames = traceback.extract_tb(error.__traceback__)
        where = " <- ".join(
            f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}" for f in frames[::-1][:8]
        )
        parts.append(f"{describe_error(error)}" + (f" at {where}" if where else ""))
        error = error.__cause__ or error.__context__
    return " | caused by: ".join(parts)


def _safe_exception(_: Any, __: str, event: EventDict) -> EventDict:
    exc_info = event.pop("exc_info", None)
    if exc_info is True:
        exc_info = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and exc_info[1] is not None:
        event["exception"] = render_exception(exc_info)
    return event


def _scrub_values(_: Any, __: str, event: EventDict) -> EventDict:
    for key, value in list(event.items()):
        if isinstance(value, str) and key != "exception":
            event[key] = scrub_text(value).text
    return event


SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.stdlib.PositionalArgumentsFormatter(),
    _safe_exception,
    _scrub_values,
]


def json_formatter() -> logging.Formatter:
    """A stdlib formatter: every record (ours, uvicorn's, SQLAlchemy's) as one safe JSON line."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=SHARED_PROCESSORS,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.JSONRenderer(),
        ],
    )


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """JSON lines on `stream` (stderr) for the whole process; calling it again replaces the handler."""
    structlog.configure(
        processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(json_formatter())
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in DATA_ECHOING_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in SPEC_LOGGERS:
        logging.getLogger(name)  # exist from start-up, so the spec's setLevel finds them
    return handler
