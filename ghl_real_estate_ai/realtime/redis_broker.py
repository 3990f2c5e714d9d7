"""The broker shared by every worker: Redis keeps the ids and the retained events, pub/sub fans out.

One Lua script takes the channel's next id, keeps the event for replay and publishes it, atomically:
two workers publishing on one channel at once can't deliver ids out of order. Each process holds one
pub/sub connection and subscribes to the channels its own sockets listen on.

Keys, per channel (the braces keep a channel's keys on one Redis Cluster slot):
    {prefix}{<channel>}:seq     INCR counter; never expires, so ids never restart
    {prefix}{<channel>}:recent  sorted set, score = event id, member = "<id>|<event json>"
    {prefix}{<channel>}         the pub/sub channel, carrying the same members
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Coroutine, Iterable

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.client import PubSub
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ghl_real_estate_ai.clock import Clock
from ghl_real_estate_ai.realtime.broker import Listener, Publication, Retention, Unsubscribe
from ghl_real_estate_ai.realtime.messages import EventMessage

logger = logging.getLogger(__name__)

_PUBLISH = """
local id = redis.call('INCR', KEYS[1])
local member = id .. '|' .. ARGV[1]
redis.call('ZADD', KEYS[2], id, member)
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[2]) + 1))
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', KEYS[3], member)
return id
"""
SUBSCRIBE_TIMEOUT_S = 5.0
MAX_CONNECTIONS = 32
POOL_TIMEOUT_S = 5.0
RECONNECT_DELAY_S = 0.5


def _glob_escape(text: str) -> str:
    """`text` matched literally in a SCAN pattern (a location id is ours, but a channel may hold anything)."""
    return "".join(f"\\{ch}" if ch in "*?[]\\" else ch for ch in text)


def decode(member: bytes | str) -> EventMessage:
    text = member.decode() if isinstance(member, bytes) else member
    event_id, _, body = text.partition("|")
    return EventMessage.model_validate({**json.loads(body), "event_id": int(event_id)})


class RedisBroker:
    name = "redis"

    def __init__(self, redis: Redis, clock: Clock, retention: Retention, *, prefix: str = "eh:hub:") -> None:
        self._redis = redis
        self._clock = clock
        self._retention = retention
        self._prefix = prefix
        self._script = redis.register_script(_PUBLISH)
        self._pubsub: PubSub = redis.pubsub()
        self._listeners: dict[str, list[Listener]] = {}
        # Channels Redis has confirmed, and the subscriptions on their way.
        self._subscribed: set[str] = set()
        self._confirming: dict[str, asyncio.Future[None]] = {}
        self._last_delivered: dict[str, int] = {}
        # Channels re-subscribed after a lost connection: live events wait while the gap is read.
        self._catching_up: dict[str, list[EventMessage]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._changes = asyncio.Lock()
        self._reader: asyncio.Task[None] | None = None

    @classmethod
    def from_url(
        cls, url: str, clock: Clock, retention: Retention, *, prefix: str = "eh:hub:", name: str | None = None
    ) -> RedisBroker:
        # A burst of publishers waits for a pooled connection instead of failing past the limit.
        pool = BlockingConnectionPool.from_url(
            url, max_connections=MAX_CONNECTIONS, timeout=POOL_TIMEOUT_S, client_name=name
        )
        return cls(Redis(connection_pool=pool), clock, retention, prefix=prefix)

    def _key(self, channel: str) -> str:
        return f"{self._prefix}{{{channel}}}"

    async def start(self) -> None:
        await self._redis.ping()  # fail at start-up, not on the first agent's message
        await self._pubsub.connect()  # type: ignore[no-untyped-call]
        self._reader = asyncio.create_task(self._read(), name="redis-broker-reader")

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        tasks = [*self._tasks, *([self._reader] if self._reader else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        await self._redis.aclose()

    async def publish(self, channel: str, publication: Publication) -> EventMessage:
        draft = publication.event(0, self._clock())
        key = self._key(channel)
        body = draft.model_dump_json(exclude={"event_id"})
        ttl = max(1, round(self._retention.seconds))
        event_id = await self._script(
            keys=[f"{key}:seq", f"{key}:recent", key], args=[body, self._retention.events, ttl]
        )
        return draft.model_copy(update={"event_id": int(event_id)})

    async def replay(self, channel: str, after_event_id: int) -> list[EventMessage]:
        now = self._clock()
        retained = await self._retained(self._key(channel), after_event_id)
        return [event for event in retained if self._retention.keeps(event, now)]

    async def _retained(self, key: str, after_event_id: int) -> list[EventMessage]:
        members = await self._redis.zrangebyscore(f"{key}:recent", f"({after_event_id}", "+inf")
        return [decode(member) for member in members if isinstance(member, bytes | str)]

    async def forget(self, channel_prefix: str, analysis_ids: frozenset[str]) -> int:
        pattern = f"{_glob_escape(self._key(channel_prefix)[:-1])}*}}:recent"
        forgotten = 0
        async for found in self._redis.scan_iter(match=pattern, count=500):
            members = await self._redis.zrange(found, 0, -1)
            doomed = [
                m
                for m in members
                if isinstance(m, bytes | str) and (decode(m).analysis_id or "") in analysis_ids
            ]
            if doomed:
                forgotten += int(await self._redis.zrem(found, *doomed))
        return forgotten

    async def subscribe(self, channel: str, listener: Listener) -> Unsubscribe:
        key = self._key(channel)
        async with self._changes:
            self._listeners.setdefault(key, []).append(listener)
            if key not in self._subscribed:
                try:
                    await self._confirm(key)
                except BaseException:
                    self._listeners[key].remove(listener)
                    raise

        def unsubscribe() -> None:
            listeners = self._listeners.get(key, [])
            if listener in listeners:
                listeners.remove(listener)
            if not listeners:
                # Later and under the lock: an agent who reconnects at once keeps the subscription.
                self._spawn(self._drop_if_unused(key))

        return unsubscribe

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _confirm(self, key: str) -> None:
        """SUBSCRIBE and wait for Redis to confirm: a replay read after that misses nothing."""
        confirmed = self._confirming[key] = asyncio.get_running_loop().create_future()
        try:
            await self._pubsub.subscribe(key)
            await asyncio.wait_for(confirmed, SUBSCRIBE_TIMEOUT_S)
        finally:
            self._confirming.pop(key, None)
        self._subscribed.add(key)

    async def _drop_if_unused(self, key: str) -> None:
        async with self._changes:
            if self._listeners.get(key) or key not in self._subscribed:
                return
            self._listeners.pop(key, None)
            self._subscribed.discard(key)
            self._last_delivered.pop(key, None)
            with contextlib.suppress(RedisConnectionError, RedisTimeoutError):
                await self._pubsub.unsubscribe(key)

    async def _read(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except (RedisConnectionError, RedisTimeoutError, OSError):
                # The next read reconnects, and redis-py subscribes again to every channel; each
                # confirmation then starts a catch-up (see _handle).
                logger.warning("Redis pub/sub connection lost; reconnecting", exc_info=True)
                await asyncio.sleep(RECONNECT_DELAY_S)
                continue
            if message is None:
                continue
            try:
                self._handle(message)
            except Exception:  # one bad message must not stop delivery to everyone else
                logger.exception("undeliverable pub/sub message on %r", message.get("channel"))

    def _handle(self, message: dict[str, object]) -> None:
        kind, channel = message["type"], message["channel"]
        key = channel.decode() if isinstance(channel, bytes) else str(channel)
        if kind == "subscribe":
            waiting = self._confirming.get(key)
            if waiting is not None and not waiting.done():
                waiting.set_result(None)
            elif key in self._subscribed and key not in self._catching_up:
                self._catching_up[key] = []
                self._spawn(self._catch_up(key))
        elif kind == "message":
            data = message["data"]
            assert isinstance(data, bytes | str)
            event = decode(data)
            held = self._catching_up.get(key)
            if held is not None:
                held.append(event)
            else:
                self._deliver(key, [event])

    def _deliver(self, key: str, events: Iterable[EventMessage]) -> None:
        for event in events:
            if event.event_id <= self._last_delivered.get(key, 0):
                continue  # already delivered: a catch-up overlaps live events
            self._last_delivered[key] = event.event_id
            for listener in list(self._listeners.get(key, [])):
                listener(event)

    async def _catch_up(self, key: str) -> None:
        """Subscribed again after a lost connection: what was published meanwhile comes from the
        retained events, then the live ones held during the read, in id order."""
        missed: list[EventMessage] = []
        try:
            missed = await self._retained(key, self._last_delivered.get(key, 0))
        except (RedisConnectionError, RedisTimeoutError, OSError):
            logger.warning("catching up %s failed; its events stay available to resume", key, exc_info=True)
        finally:
            self._deliver(key, [*missed, *self._catching_up.pop(key, [])])
