"""Both brokers keep one contract: per-channel ids, live delivery, bounded replay. Redis also shares
it between processes and survives a lost connection."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from ghl_real_estate_ai.realtime.broker import Broker, InProcessBroker, Publication, Retention
from ghl_real_estate_ai.realtime.messages import EventMessage
from ghl_real_estate_ai.realtime.redis_broker import RedisBroker

DELIVERY_TIMEOUT_S = 5


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def channel() -> str:
    return f"loc_{secrets.token_hex(4)}|coaching.agent_1.suggestions"


def publication(text: str) -> Publication:
    return Publication(
        topic="coaching.agent_1.suggestions", data={"suggestions": [text]}, analysis_id="ana_1"
    )


class Inbox:
    """A listener that records what it is given, and lets a test wait for it."""

    def __init__(self) -> None:
        self.events: list[EventMessage] = []
        self._changed = asyncio.Event()

    def __call__(self, event: EventMessage) -> None:
        self.events.append(event)
        self._changed.set()

    async def wait_for(self, count: int) -> list[EventMessage]:
        async with asyncio.timeout(DELIVERY_TIMEOUT_S):
            while len(self.events) < count:
                self._changed.clear()
                await self._changed.wait()
        return self.events

    def ids(self) -> list[int]:
        return [event.event_id for event in self.events]


BrokerFactory = Callable[[Clock, Retention], Broker]


@pytest.fixture(params=["in_process", "redis"])
async def make_broker(request: pytest.FixtureRequest) -> AsyncIterator[BrokerFactory]:
    started: list[Broker] = []
    prefix = f"test:{secrets.token_hex(4)}:"

    def make(clock: Clock, retention: Retention) -> Broker:
        if request.param == "in_process":
            broker: Broker = InProcessBroker(clock, retention)
        else:
            url = request.getfixturevalue("redis_url")
            broker = RedisBroker.from_url(url, clock, retention, prefix=prefix)
        started.append(broker)
        return broker

    yield make
    for broker in started:
        await broker.close()


async def started(broker: Broker) -> Broker:
    await broker.start()
    return broker


class TestContract:
    async def test_ids_grow_by_one_per_channel_and_reach_the_subscriber_in_order(
        self, make_broker: BrokerFactory
    ) -> None:
        broker = await started(make_broker(Clock(), Retention(events=100, seconds=3600)))
        ours, other, inbox = channel(), channel(), Inbox()
        await broker.subscribe(ours, inbox)
        published = [await broker.publish(ours, publication(f"s{i}")) for i in range(5)]
        await broker.publish(other, publication("elsewhere"))
        assert [event.event_id for event in published] == [1, 2, 3, 4, 5]
        received = await inbox.wait_for(5)
        assert [event.data["suggestions"] for event in received] == [[f"s{i}"] for i in range(5)]
        assert received == published

    async def test_an_unsubscribed_listener_gets_nothing_more(self, make_broker: BrokerFactory) -> None:
        broker = await started(make_broker(Clock(), Retention(events=100, seconds=3600)))
        name, stays, leaves = channel(), Inbox(), Inbox()
        await broker.subscribe(name, stays)
        unsubscribe = await broker.subscribe(name, leaves)
        await broker.publish(name, publication("both"))
        await leaves.wait_for(1)
        unsubscribe()
        await broker.publish(name, publication("one"))
        await stays.wait_for(2)
        assert leaves.ids() == [1]

    async def test_replay_returns_what_followed_an_id_up_to_the_retained_count(
        self, make_broker: BrokerFactory
    ) -> None:
        broker = await started(make_broker(Clock(), Retention(events=3, seconds=3600)))
        name = channel()
        for i in range(6):
            await broker.publish(name, publication(f"s{i}"))
        assert [event.event_id for event in await broker.replay(name, 0)] == [4, 5, 6]
        assert [event.event_id for event in await broker.replay(name, 5)] == [6]
        assert await broker.replay(name, 6) == []

    async def test_replay_leaves_out_events_older_than_the_retention_age(
        self, make_broker: BrokerFactory
    ) -> None:
        clock = Clock()
        broker = await started(make_broker(clock, Retention(events=100, seconds=60)))
        name = channel()
        await broker.publish(name, publication("old"))
        clock.now += timedelta(seconds=61)
        await broker.publish(name, publication("recent"))
        assert [event.data["suggestions"] for event in await broker.replay(name, 0)] == [["recent"]]

    async def test_ids_keep_growing_after_every_retained_event_has_expired(
        self, make_broker: BrokerFactory
    ) -> None:
        clock = Clock()
        broker = await started(make_broker(clock, Retention(events=100, seconds=60)))
        name = channel()
        await broker.publish(name, publication("first"))
        clock.now += timedelta(hours=2)
        assert await broker.replay(name, 0) == []
        assert (await broker.publish(name, publication("second"))).event_id == 2


class TestForgettingAnErasedContact:
    async def test_forget_drops_only_those_analyses_and_only_under_the_prefix_and_ids_go_on(
        self, make_broker: BrokerFactory
    ) -> None:
        broker = await started(make_broker(Clock(), Retention(events=100, seconds=3600)))
        location, elsewhere = f"loc_{secrets.token_hex(4)}", f"loc_{secrets.token_hex(4)}"
        ours, theirs = f"{location}|coaching.a.suggestions", f"{elsewhere}|coaching.a.suggestions"
        for name in (ours, theirs):
            await broker.publish(name, Publication(topic="t", data={"n": 1}, analysis_id="erased"))
            await broker.publish(name, Publication(topic="t", data={"n": 2}, analysis_id="kept"))
        assert await broker.forget(f"{location}|", frozenset({"erased"})) == 1
        assert [e.analysis_id for e in await broker.replay(ours, 0)] == ["kept"]
        assert [e.analysis_id for e in await broker.replay(theirs, 0)] == ["erased", "kept"]
        assert (await broker.publish(ours, publication("next"))).event_id == 3


class TestRedisBetweenProcesses:
    async def test_a_publication_by_one_broker_reaches_a_listener_of_another(self, redis_url: str) -> None:
        prefix, retention = f"test:{secrets.token_hex(4)}:", Retention(events=100, seconds=3600)
        first = RedisBroker.from_url(redis_url, Clock(), retention, prefix=prefix)
        second = RedisBroker.from_url(redis_url, Clock(), retention, prefix=prefix)
        await first.start()
        await second.start()
        try:
            name, inbox = channel(), Inbox()
            await first.subscribe(name, inbox)
            await second.publish(name, publication("from the other worker"))
            await first.publish(name, publication("from this one"))
            assert [event.event_id for event in await inbox.wait_for(2)] == [1, 2]
        finally:
            await first.close()
            await second.close()

    async def test_two_brokers_publishing_at_once_never_share_an_id(self, redis_url: str) -> None:
        prefix, retention = f"test:{secrets.token_hex(4)}:", Retention(events=1000, seconds=3600)
        brokers = [RedisBroker.from_url(redis_url, Clock(), retention, prefix=prefix) for _ in range(2)]
        name, inbox = channel(), Inbox()
        for broker in brokers:
            await broker.start()
        try:
            await brokers[0].subscribe(name, inbox)
            await asyncio.gather(*(brokers[i % 2].publish(name, publication(f"s{i}")) for i in range(200)))
            assert inbox_ids_in_order(await inbox.wait_for(200)) == list(range(1, 201))
        finally:
            for broker in brokers:
                await broker.close()

    async def test_events_published_while_the_subscription_was_cut_arrive_after_it_recovers(
        self, redis_url: str
    ) -> None:
        prefix, name = f"test:{secrets.token_hex(4)}:", f"cut-{secrets.token_hex(4)}"
        retention = Retention(events=100, seconds=3600)
        listening = RedisBroker.from_url(redis_url, Clock(), retention, prefix=prefix, name=name)
        publishing = RedisBroker.from_url(redis_url, Clock(), retention, prefix=prefix)
        admin = Redis.from_url(redis_url)
        await listening.start()
        await publishing.start()
        try:
            target, inbox = channel(), Inbox()
            await listening.subscribe(target, inbox)
            await publishing.publish(target, publication("before"))
            await inbox.wait_for(1)
            await kill_clients_named(admin, name, kind="pubsub")
            for i in range(3):
                await publishing.publish(target, publication(f"during {i}"))
            received = await inbox.wait_for(4)
            assert [event.event_id for event in received] == [1, 2, 3, 4]
        finally:
            await listening.close()
            await publishing.close()
            await admin.aclose()


def inbox_ids_in_order(events: list[EventMessage]) -> list[int]:
    return [event.event_id for event in events]


async def kill_clients_named(admin: Redis, name: str, *, kind: str) -> None:
    clients = await admin.client_list(_type=kind)
    ids = [client["id"] for client in clients if client.get("name") == name]
    assert ids, f"no {kind} connection named {name}"
    for client_id in ids:
        await admin.client_kill_filter(_id=client_id)
