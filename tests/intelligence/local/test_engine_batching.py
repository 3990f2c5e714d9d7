"""A message's analysis is the same whatever it was read with: alone, in any batch, in any order."""

from __future__ import annotations

import asyncio
import random
from datetime import date
from itertools import islice

import pytest

from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.evaluation.dataset import read_examples
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.intelligence.local.preferences import PreferenceExtractor
from tests.conftest import SHARED

CONVERSATIONS = SHARED / "data" / "conversations"
REFERENCE = date(2026, 1, 10)


def labeled_requests() -> list[AnalysisRequest]:
    requests = []
    for name, limit in (("dev.jsonl", 120), ("sgd_homes_dev.jsonl", 120)):
        path = CONVERSATIONS / name
        if path.exists():
            requests += [example.to_request() for example in islice(read_examples(path), limit)]
    return requests


def written_requests() -> list[AnalysisRequest]:
    """A conversation growing turn by turn (each message after the earlier ones), and some odd messages."""
    turns = [
        (Speaker.PROSPECT, "Hi, we want to buy a 3 bed house in Katy"),
        (Speaker.AGENT, "Great! What budget are you working with?"),
        (Speaker.PROSPECT, "undr 400k, pre approved"),
        (Speaker.AGENT, "Can we tour Saturday?"),
        (Speaker.PROSPECT, "ok sounds good, call me tmrw at 5"),
    ]
    growing = [
        AnalysisRequest(
            message=message,
            context=[ConversationTurn(speaker=s, message=m) for s, m in turns[:index]],
            reference_date=REFERENCE,
        )
        for index, (speaker, message) in enumerate(turns)
        if speaker is Speaker.PROSPECT
    ]
    odd = ["ok", "👍", "STOP", "¿Cuánto cuesta la casa?", "x" * 600]
    return [*growing, *(AnalysisRequest(message=text, reference_date=REFERENCE) for text in odd)]


def fresh(engine: LocalEngine) -> LocalEngine:
    """The same fitted heads with empty caches, so nothing read earlier can be reused."""
    return LocalEngine(engine.classifiers, PreferenceExtractor())


@pytest.fixture(scope="module")
def requests() -> list[AnalysisRequest]:
    return [*written_requests(), *labeled_requests()]


@pytest.fixture(scope="module")
def alone(local_engine: LocalEngine, requests: list[AnalysisRequest]) -> list[str]:
    engine = fresh(local_engine)
    return [engine.analyze_now(request).model_dump_json() for request in requests]


class TestBatchCompositionDoesNotChangeAnswers:
    def test_random_batches_give_each_message_its_answer_alone_byte_for_byte(
        self, local_engine: LocalEngine, requests: list[AnalysisRequest], alone: list[str]
    ) -> None:
        engine = fresh(local_engine)
        generator = random.Random(2026)
        for _ in range(40):
            size = generator.choice([1, 2, 4, 16, 64])
            # Repeats included: the same message twice in one batch, or again in a later one.
            picks = [generator.randrange(len(requests)) for _ in range(size)]
            answers = engine.analyze_batch([requests[index] for index in picks])
            assert [answer.model_dump_json() for answer in answers] == [alone[index] for index in picks]

    def test_the_whole_set_in_one_batch_reads_the_same(
        self, local_engine: LocalEngine, requests: list[AnalysisRequest], alone: list[str]
    ) -> None:
        answers = fresh(local_engine).analyze_batch(requests)
        assert [answer.model_dump_json() for answer in answers] == alone

    def test_an_empty_batch_reads_nothing(self, local_engine: LocalEngine) -> None:
        assert local_engine.analyze_batch([]) == []


class TestAnalyzeMany:
    def test_reads_a_batch_on_the_engine_thread_in_order(
        self, local_engine: LocalEngine, requests: list[AnalysisRequest], alone: list[str]
    ) -> None:
        answers = asyncio.run(local_engine.analyze_many(requests[:16]))
        assert [answer.model_dump_json() for answer in answers] == alone[:16]
