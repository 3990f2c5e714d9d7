"""Load shedding: each process makes at most `limit` answers at once; the next caller is told to retry.

Beyond capacity a queue only grows: every waiting answer gets later and heartbeats starve. Shedding at
the door keeps admitted work fast and tells the rest, at once, when to come back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ghl_real_estate_ai.domain.errors import Busy


class Admission:
    def __init__(self, limit: int, retry_after_s: float) -> None:
        if limit < 1:
            raise ValueError("an admission limit admits at least one answer")
        self.limit = limit
        self.retry_after_s = retry_after_s
        self.in_flight = 0
        self.admitted = 0
        self.shed = 0

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the process's answer slots, or raise Busy (503 / `busy`) when all are taken."""
        if self.in_flight >= self.limit:
            self.shed += 1
            raise Busy(
                f"At capacity ({self.limit} answers in progress): retry in {self.retry_after_s:g} s.",
                retry_after_s=self.retry_after_s,
            )
        self.in_flight += 1
        self.admitted += 1
        try:
            yield
        finally:
            self.in_flight -= 1
