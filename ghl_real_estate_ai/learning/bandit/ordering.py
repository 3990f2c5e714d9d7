"""Order plays by how often agents use them when shown: a Beta-Bernoulli bandit per play.

Each play starts from a prior of `PRIOR_USES` uses in `PRIOR_SHOWS` showings (a 30 % use rate, worth four
showings), so a few clicks do not reorder a playbook and the written order wins until evidence says
otherwise. `mode="mean"` orders by the posterior mean use rate (stable: what the agent sees by default);
`mode="thompson"` samples each play's rate from its posterior (Thompson sampling), so a play shown little
still gets shown sometimes and can prove itself. Ties keep the playbook's order.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

PRIOR_SHOWS = 4.0
PRIOR_USES = 1.2


@dataclass(frozen=True)
class PlayCounts:
    shown: int = 0
    used: int = 0


@dataclass(frozen=True)
class RankedPlay:
    play_id: str
    text: str
    use_rate: float
    shown: int
    used: int
    explanation: str


def play_id(text: str) -> str:
    """A stable id for a suggestion's text (the playbook's suggestions have no ids of their own)."""
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:16]


def posterior(counts: PlayCounts) -> tuple[float, float]:
    used = PRIOR_USES + counts.used
    unused = (PRIOR_SHOWS - PRIOR_USES) + max(counts.shown - counts.used, 0)
    return used, unused


def order_plays(
    plays: Sequence[str],
    counts: Mapping[str, PlayCounts],
    mode: Literal["mean", "thompson"] = "mean",
    rng: random.Random | None = None,
) -> list[RankedPlay]:
    """The plays, best first, each with the use rate it was ranked by and why."""
    draw = rng or random.Random()
    ranked: list[tuple[float, int, RankedPlay]] = []
    for position, text in enumerate(plays):
        key = play_id(text)
        seen = counts.get(key, PlayCounts())
        a, b = posterior(seen)
        mean = a / (a + b)
        score = draw.betavariate(a, b) if mode == "thompson" else mean
        why = (
            f"agents used it {seen.used} of the {seen.shown} times they rated it ({mean:.0%} with the prior)"
            if seen.shown
            else "no feedback on it yet: playbook order"
        )
        ranked.append((score, position, RankedPlay(key, text, round(mean, 4), seen.shown, seen.used, why)))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [item[2] for item in ranked]


# context (objection type, or "none") -> play id -> counts: one location's evidence at one moment.
LocationCounts = Mapping[str, Mapping[str, PlayCounts]]


@dataclass(frozen=True)
class PlayOrder:
    """A location's counts, read once per request, so every revision of an answer is ordered alike."""

    counts: LocationCounts

    def ranked(self, context: str, plays: Sequence[str]) -> list[RankedPlay]:
        return order_plays(plays, self.counts.get(context, {}))
