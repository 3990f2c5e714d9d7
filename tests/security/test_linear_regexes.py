"""Every regular expression in the package runs in linear time on what a prospect can type.

A backtracking pattern (nested or adjacent quantifiers over the same characters, or one that every
start position of a long run re-scans to its end) turns one 10,000-character message into seconds of
CPU held under the GIL: the whole server stalls (issue 16, finding 2). Each module-level pattern is
searched, the way the worst call site would, over long runs of the characters patterns quantify over,
alone and after the seeds that open a match: four times the input may take about four times as long
(linear), not sixteen (quadratic).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Iterator

import pytest

import ghl_real_estate_ai
from ghl_real_estate_ai.intelligence.qualification import cues
from ghl_real_estate_ai.security.pii import scrub_text

# Each pattern's slowest input is found at SHORT characters, then timed at SHORT and LONG (4x): a linear
# scan takes about 4x as long, a quadratic one 16x (the six patterns fixed here took 0.2-3 s at LONG).
# The best of a few runs is taken, so another process taking the CPU for a moment does not count; times
# too small to measure are not compared.
SHORT, LONG = 2_500, 10_000
MAX_GROWTH = 10.0
MEASURABLE_S = 0.02
RUNS = 5
FILLERS = ("1", " ", "\t", "a", "A", "e", "-", ".", ",", "1,", "1.", "1 ", "a ", "a.", "a@", "$1 ", "1k ",
           "10% ", "(1", "+1", "1-", "1/", "1:", "in ", "the ", "s ", "bed ", "down ", "\n", "!")  # fmt: skip
SEEDS = ("", "1", "$", "a", "down payment", "my wife", "because", "near", "in", "x@", "(555)")


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    seen: set[int] = set()

    def walk(value: object, name: str, depth: int) -> Iterator[tuple[str, re.Pattern[str]]]:
        if isinstance(value, re.Pattern) and id(value) not in seen and isinstance(value.pattern, str):
            seen.add(id(value))
            yield name, value
        elif depth < 3 and isinstance(value, tuple | list):
            for index, item in enumerate(value):
                yield from walk(item, f"{name}[{index}]", depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{name}[{key!r}]", depth + 1)

    for info in pkgutil.walk_packages(ghl_real_estate_ai.__path__, "ghl_real_estate_ai."):
        # Migrations are not code that reads text; the dashboard's pages run when imported (Streamlit
        # scripts) and are a client of this API, which checks what they send.
        if ".migrations" in info.name or ".streamlit_components" in info.name:
            continue
        module = importlib.import_module(info.name)
        for attribute, value in vars(module).items():
            yield from walk(value, f"{info.name}.{attribute}", 0)


def _scan_time(pattern: re.Pattern[str], text: str, runs: int = 1) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        best = min(best, time.perf_counter() - started)
    return best


PATTERNS = dict(_patterns())


def test_the_package_has_patterns_to_check() -> None:
    # Guards the collector itself: an empty walk would make the test below pass vacuously.
    assert len(PATTERNS) > 100
    assert "ghl_real_estate_ai.intelligence.qualification.cues._DOWN_PAYMENT" in PATTERNS


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_runs_in_linear_time_on_long_adversarial_input(name: str) -> None:
    pattern = PATTERNS[name]
    worst = max(range(len(FILLERS) * len(SEEDS)), key=lambda i: _scan_time(pattern, _nth_input(i, SHORT)))
    short = _scan_time(pattern, _nth_input(worst, SHORT), RUNS)
    long = _scan_time(pattern, _nth_input(worst, LONG), RUNS)
    shape = _nth_input(worst, LONG)[:24]
    assert long < MEASURABLE_S or long < MAX_GROWTH * short, (
        f"{name}: {short * 1000:.1f} ms at {SHORT} chars, {long * 1000:.1f} ms at {LONG} on {shape!r}..."
    )


def _nth_input(index: int, length: int) -> str:
    seed, filler = SEEDS[index % len(SEEDS)], FILLERS[index // len(SEEDS)]
    return seed + filler * (length // len(filler))


class TestTheFindingsInput:
    """The report's own input: a 10,000-digit message, through the functions that read it."""

    MESSAGE = "9" * 10_000

    def test_down_payment_reads_ten_thousand_digits_at_once(self) -> None:
        started = time.perf_counter()
        cues.down_payment(self.MESSAGE)
        cues.down_payment(self.MESSAGE + " down")
        assert time.perf_counter() - started < 1.0

    def test_down_payment_still_reads_what_people_write(self) -> None:
        assert cues.down_payment("we can put 20% down") == "20%"
        assert cues.down_payment("about $50,000 down") == "50000"
        assert cues.down_payment("down payment of 30k") == "30000"
        assert cues.down_payment("tenemos 40 mil de enganche") == "40000"

    def test_scrubbing_reads_ten_thousand_characters_at_once(self) -> None:
        started = time.perf_counter()
        scrub_text("a" * 10_000)
        scrub_text("1-" * 5_000)
        assert time.perf_counter() - started < 1.0
