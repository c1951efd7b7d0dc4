"""Benchmark of business-time arithmetic (``fyr.calendars.hours``): the SLA sweep computes due
times for thousands of tickets, so ``Schedule.add`` and ``between`` must cost microseconds.

    python bench/calendars.py [--quick] [--calls N]

Needs no database: it builds the schedule of a Swedish office (Mon–Fri 08:00–12:00 and
13:00–17:00, public holidays and eves closed) and times ``add`` (random starts in 2025–2027,
random durations up to five business days) and ``between`` (spans up to three weeks), first on a
fresh schedule (per-date intervals computed as they are met: "cold") and again once they are
cached ("warm"). Prints a table and one JSON line per figure, e.g.
``{"measure": "calendar_add_10k_warm", "value": 41.2, "unit": "ms", "backend": "python", "n": 10000}``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from fyr.calendars.hours import Schedule

START = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 3 * 365 * 24 * 60


def office() -> Schedule:
    lunch = [(clock_time(8), clock_time(12)), (clock_time(13), clock_time(17))]
    return Schedule(
        time_zone="Europe/Stockholm", weekly={day: lunch for day in range(5)}, holiday_country="SE"
    )


def timed(label: str, calls: int, run) -> dict[str, float]:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    run()
    total_ms = (time.perf_counter() - began) * 1000
    return {"label": label, "ms": total_ms, "us_per_call": total_ms * 1000 / calls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 calls instead of 10,000")
    parser.add_argument("--calls", type=int, default=None)
    args = parser.parse_args()
    calls = args.calls or (1_000 if args.quick else 10_000)
    rng = random.Random(4)
    starts = [START + timedelta(minutes=rng.randrange(SPAN_MINUTES)) for _ in range(calls)]
    durations = [timedelta(minutes=rng.randrange(5 * 8 * 60)) for _ in range(calls)]
    ends = [s + timedelta(minutes=rng.randrange(21 * 24 * 60)) for s in starts]

    schedule = office()
    rows = [
        timed(
            "add, cold",
            calls,
            lambda: [schedule.add(s, d) for s, d in zip(starts, durations, strict=True)],
        ),
        timed(
            "add, warm",
            calls,
            lambda: [schedule.add(s, d) for s, d in zip(starts, durations, strict=True)],
        ),
        timed(
            "between, warm",
            calls,
            lambda: [schedule.between(s, e) for s, e in zip(starts, ends, strict=True)],
        ),
    ]
    fresh = office()
    rows.append(
        timed(
            "between, cold",
            calls,
            lambda: [fresh.between(s, e) for s, e in zip(starts, ends, strict=True)],
        )
    )

    print(f"{'figure':<16}{'calls':>8}{'total ms':>12}{'µs/call':>10}")
    for row in rows:
        print(f"{row['label']:<16}{calls:>8}{row['ms']:>12.1f}{row['us_per_call']:>10.1f}")
    for row in rows:
        kind, state = row["label"].replace(",", "").split()
        measure = f"calendar_{kind}_{calls // 1000}k_{state}"
        print(
            json.dumps(
                {
                    "measure": measure,
                    "value": round(row["ms"], 1),
                    "unit": "ms",
                    "backend": "python",
                    "n": calls,
                }
            )
        )


if __name__ == "__main__":
    main()
