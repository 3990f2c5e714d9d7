"""A small CRM export with a known signal, an id, a post-hoc field and a leak, written as CSV bytes."""

from __future__ import annotations

import csv
import io
import random

HEADER = ["Prospect ID", "Source", "Visits", "Minutes", "Notes", "Lead Quality", "Stage", "Converted"]
NOTES = [
    "asked about weekend classes and payment plans",
    "wants a call back next week about the schedule",
    "just browsing the brochure for now thanks",
    "comparing with another school before deciding",
]


def export(rows: int = 300, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(rows):
        source = rng.choice(["Google", "Referral", "Olark Chat", "Select", ""])
        minutes = rng.randint(0, 60)
        odds = 0.15 + 0.5 * (minutes > 30) + 0.25 * (source == "Referral")
        converted = int(rng.random() < odds)
        writer.writerow(
            [
                f"p-{i:05d}-{rng.randint(0, 10**6)}",
                source,
                rng.randint(0, 12),
                minutes,
                rng.choice(NOTES),
                rng.choice(["High", "Low", "Might be"]),
                # Filled in after the outcome: "Enrolled" only for converted leads (a leak the name hides).
                "Enrolled" if converted else rng.choice(["Dropped", "Ghosted"]),
                converted,
            ]
        )
    return out.getvalue().encode()
