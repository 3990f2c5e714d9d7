"""Reads of conversation content through the API, as rows of the audit chain (issue 16).

Which endpoints: a lead's thread (`GET /api/v1/dashboard/leads/{id}`), the leads list (names), a
qualification flow's answers (`GET /api/v1/claude/qualification/{id}`), coaching feedback with what
agents wrote (`GET /api/v1/feedback`); the export writes its own `contact.export` row. A row names the
endpoint, the reader and, as hashes, whom the content is about; never the content, the contact id or a
name.

The dashboard polls every half second: the same reader reading the same thing again within
`REPEAT_WINDOW_S` is the same look, and is not written again (else the chain, whose appends are
serialised, would take a write per agent per poll). A first read, or one after the window, is always
written.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Collection

from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage import audit_chain

CONVERSATION_READ = "conversation.read"
REPEAT_WINDOW_S = 60.0
_REMEMBERED = 10_000


class _RecentReads:
    """Per process: which reads were written in the last window (bounded, oldest forgotten first)."""

    def __init__(self) -> None:
        self._seen: OrderedDict[tuple[str, ...], float] = OrderedDict()

    def first_in_window(self, key: tuple[str, ...], now: float) -> bool:
        last = self._seen.get(key)
        if last is not None and now - last < REPEAT_WINDOW_S:
            return False
        self._seen[key] = now
        self._seen.move_to_end(key)
        while len(self._seen) > _REMEMBERED:
            self._seen.popitem(last=False)
        return True


_recent = _RecentReads()


def reader(agent_id: str | None) -> str:
    """An agent's token reads as that agent; the location's key as `api`."""
    return f"agent:{agent_id}" if agent_id is not None else "api"


async def audit_read(scope: TenantScope, actor: str, endpoint: str, contact_ids: Collection[str]) -> None:
    subjects = sorted({audit_chain.subject_of(scope.location_id, contact) for contact in contact_ids})
    if not subjects:
        return  # nothing about anyone was read
    if not _recent.first_in_window((scope.location_id, actor, endpoint, *subjects), time.monotonic()):
        return
    details: dict[str, object] = {"endpoint": endpoint, "contacts": len(subjects)}
    if len(subjects) > 1:
        details["subjects"] = subjects
    await audit_chain.append(
        scope.session,
        CONVERSATION_READ,
        actor,
        scope.location_id,
        subjects[0] if len(subjects) == 1 else None,
        details,
    )
