"""The process's logs as the service writes them (JSON), with the spec's debug loggers turned up."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from ghl_real_estate_ai.observability.logging import SPEC_LOGGERS, configure_logging


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    handler = configure_logging("DEBUG", stream=buffer)
    for name in SPEC_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield buffer
    logging.getLogger().removeHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)
    for name in SPEC_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET)
