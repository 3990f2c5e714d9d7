"""Work from concurrent callers handled in groups by one task (webhook intake, answers' storage, the
engine's micro-batches).

A lone item is handled at once (no timer); items that arrive while a group is being handled wait for
the next one, which takes them all (up to `max_items`). If the task is cancelled (shutdown), whatever
still waits is abandoned through `abandon`, so nobody waits forever.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class GroupDrain(Generic[Item]):
    def __init__(
        self,
        handle: Callable[[list[Item]], Awaitable[None]],
        abandon: Callable[[Item], None],
        max_items: int,
        before_first: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.handle = handle
        self.abandon = abandon
        self.max_items = max_items
        # Runs once before the first group of each drain (e.g. a window for companions to arrive).
        self.before_first = before_first
        self._waiting: list[Item] = []
        self._task: asyncio.Task[None] | None = None

    @property
    def queued(self) -> int:
        """Items waiting for the next group (the one being handled is not counted)."""
        return len(self._waiting)

    def add(self, item: Item) -> bool:
        """Queue `item`; True when a drain was already under way (the item joins a later group)."""
        self._waiting.append(item)
        if self._task is not None:
            return True
        self._task = asyncio.get_running_loop().create_task(self._drain())
        return False

    async def _drain(self) -> None:
        try:
            if self.before_first is not None:
                await self.before_first()
            while self._waiting:
                group, self._waiting = self._waiting[: self.max_items], self._waiting[self.max_items :]
                await self.handle(group)
        finally:
            self._task = None
            for item in self._waiting:
                self.abandon(item)
            self._waiting = []
