"""When a lead may be contacted: in their own time zone, never by text or call in quiet hours.

Email may land at any hour (it waits in the inbox); agent tasks are not contact at all. Nothing reaches
a lead who opted out or asked not to be disturbed: that is decided in the planner, before timing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ghl_real_estate_ai.domain.actions import Channel
from ghl_real_estate_ai.intelligence.planning.policy import ContactWindow

TIMED_CHANNELS = (Channel.SMS, Channel.CALL)


def _at(day: date, moment: time, zone: ZoneInfo) -> datetime:
    # Wall-clock time in the lead's zone, then UTC: zoneinfo resolves DST for that date.
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def in_contact_window(moment: datetime, zone: ZoneInfo, window: ContactWindow) -> bool:
    local = moment.astimezone(zone).time()
    return window.opens <= local < window.closes


def earliest_allowed(channel: Channel, moment: datetime, zone: ZoneInfo, window: ContactWindow) -> datetime:
    """The first moment at or after `moment` when `channel` may be used for this lead."""
    if channel not in TIMED_CHANNELS or in_contact_window(moment, zone, window):
        return moment
    local = moment.astimezone(zone)
    day = local.date() if local.time() < window.opens else local.date() + timedelta(days=1)
    return _at(day, window.opens, zone)


def window_close_after(start: datetime, zone: ZoneInfo, window: ContactWindow) -> datetime:
    """When the contact window that contains `start` closes."""
    return _at(start.astimezone(zone).date(), window.closes, zone)


def deadline(
    channel: Channel, now: datetime, within: timedelta, zone: ZoneInfo, window: ContactWindow
) -> tuple[datetime, datetime]:
    """(not_before, due_at) for "do this within `within`", moved out of quiet hours for text and call.

    When quiet hours start before the deadline, the deadline becomes the end of the allowed window; when
    the lead is in quiet hours now, the clock starts when their window opens.
    """
    start = earliest_allowed(channel, now, zone, window)
    due = start + within
    if channel in TIMED_CHANNELS:
        due = min(due, window_close_after(start, zone, window))
    return start, due


def local_slot(
    day_offset: int, now: datetime, at: time, channel: Channel, zone: ZoneInfo, window: ContactWindow
) -> datetime:
    """`day_offset` days after today (the lead's today), at local time `at`, moved out of quiet hours."""
    day = now.astimezone(zone).date() + timedelta(days=day_offset)
    return earliest_allowed(channel, _at(day, at, zone), zone, window)
