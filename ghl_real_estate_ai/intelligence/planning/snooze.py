"""When a snoozed action wakes: later than it was, never earlier.

"Snooze 120 minutes" on an action that waits until day 2 means day 2 plus 120 minutes, not two hours from
now; a snooze `until` a moment before the action's own start leaves the start where it was.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def snoozed_start(
    now: datetime, not_before: datetime, *, until: datetime | None, minutes: int | None
) -> datetime:
    """The action's new earliest start (all datetimes aware)."""
    if until is not None:
        return max(until, not_before)
    return max(now, not_before) + timedelta(minutes=minutes or 0)


__all__ = ["snoozed_start"]
