"""Coaching and semantic-analysis latency of a running server against the spec's targets.

    python scripts/validate_claude_performance.py --check-latency \
        [--base-url http://127.0.0.1:8000] [--api-key ehk_...] [--samples 20]

The URL and key default to ENTERPRISEHUB_URL and ENTERPRISEHUB_API_KEY. Exit code 0: every feature's p95
is within its target; 1: at least one is slower; 2: the server could not be measured.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

import httpx

from ghl_real_estate_ai.observability.latency_check import (
    COACHING_TARGET_MS,
    SEMANTIC_TARGET_MS,
    check_latency,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check-latency", action="store_true", help="measure coaching and semantic analysis")
    parser.add_argument("--base-url", default=os.environ.get("ENTERPRISEHUB_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--api-key", default=os.environ.get("ENTERPRISEHUB_API_KEY"))
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--coaching-target-ms", type=float, default=COACHING_TARGET_MS)
    parser.add_argument("--semantic-target-ms", type=float, default=SEMANTIC_TARGET_MS)
    args = parser.parse_args(argv)
    if not args.check_latency:
        parser.error("nothing to do: pass --check-latency")
    if not args.api_key:
        parser.error("an API key is needed: --api-key or ENTERPRISEHUB_API_KEY")
    try:
        results = asyncio.run(
            check_latency(
                args.base_url,
                args.api_key,
                samples=args.samples,
                coaching_target_ms=args.coaching_target_ms,
                semantic_target_ms=args.semantic_target_ms,
            )
        )
    except (httpx.HTTPError, KeyError, ValueError) as error:
        print(f"could not measure {args.base_url}: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    for result in results:
        print(result.line())
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
