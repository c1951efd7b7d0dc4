"""Scaffolding shared by ``bench/workflow.py``, ``bench/rules.py`` and ``bench/macros.py``.

The scripts import it as ``from common import ...`` (a script's own directory is first on
``sys.path``), so they all point Fyr at a throw-away database the same way, time calls the same
way and report in the same format: a table to read, then one JSON line per figure to keep and
compare over time, e.g.
``{"measure": "route_skills_p99", "value": 4.4, "unit": "ms", "backend": "sqlite", "n": 500}``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

#: ``TASKS`` for ``setup_django``: enqueued background tasks are dropped, so a benchmark measures
#: the call itself and leaves no queue behind.
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

#: How a percentile is read from a small sample; each script keeps the method its figures have
#: always been measured with, so they stay comparable with earlier runs (see ``percentile``).
Method = Literal["nearest", "lower", "exclusive"]


@dataclass(frozen=True)
class Figure:
    """One reported number; the JSON line adds the backend."""

    measure: str
    value: float
    unit: str
    n: int  # the size the figure was measured at (tickets, agents, macros, samples)


# --- environment -------------------------------------------------------------------------------


def prepare_environment(database: str) -> str:
    """Point Fyr at a throw-away database before Django starts; return the backend's name
    (``"sqlite"`` or ``"postgresql"``, as the JSON lines report it).

    Without ``FYR_DATABASE_URL``: SQLite in a new temporary ``FYR_DATA_DIR``. With a
    ``postgres://`` URL: the database named ``database`` on that server is dropped and created,
    so every run starts from nothing, each script has its own (they may run side by side) and the
    URL's own database is never touched.
    """
    data_dir = tempfile.mkdtemp(prefix=database.replace("_", "-") + "-")
    os.environ["FYR_DATA_DIR"] = data_dir
    (Path(data_dir) / "static").mkdir()  # quiets whitenoise's warning
    os.environ.setdefault("FYR_LOG_LEVEL", "WARNING")
    os.environ["FYR_DEBUG"] = "false"
    url = os.environ.get("FYR_DATABASE_URL", "")
    if not url:
        print(f"Database: SQLite in {data_dir}")
        return "sqlite"
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit(
            f"bench/{Path(sys.argv[0]).name}: "
            "FYR_DATABASE_URL must be empty (SQLite) or a postgres:// URL"
        )
    import psycopg  # only needed for PostgreSQL

    # From the maintenance database: a database cannot be dropped from a connection to itself.
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    os.environ["FYR_DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    print(f"Database: PostgreSQL, dedicated database {database!r} on {parts.hostname}")
    return "postgresql"


def setup_django(**settings: object) -> None:
    """Start Django on the prepared database and migrate it. The scripts run outside an
    installed ``fyr``, so ``src`` goes on ``sys.path`` first. ``settings`` are set after setup and
    before migrating, e.g. ``TASKS=DUMMY_TASKS`` to keep measured calls from enqueuing work."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fyr.settings")
    import django

    django.setup()
    from django.conf import settings as django_settings
    from django.core.management import call_command

    for name, value in settings.items():
        setattr(django_settings, name, value)
    call_command("migrate", verbosity=0, skip_checks=True)


def analyze() -> None:
    """After a bulk load, refresh PostgreSQL's planner statistics so queries run with the plans a
    live database would choose (SQLite needs nothing)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- measuring ---------------------------------------------------------------------------------


def timed(call: Callable[[int], object], samples: int, *, warmup: int) -> list[float]:
    """Milliseconds of ``call(i)`` for each ``i`` in ``range(samples)``, after ``call(i)`` for
    ``i`` in ``range(warmup)`` untimed: first calls fill caches and open connections, which is not
    the steady state being measured."""
    for i in range(warmup):
        call(i)
    times = []
    for i in range(samples):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(times: Sequence[float], q: int, method: Method = "nearest") -> float:
    """The ``q``-th percentile (1–99) of ``times``; the 50th is always the median. The methods
    differ only in small samples: ``nearest`` takes the sample at rank ``q/100 · (len - 1)``
    rounded, ``lower`` at that rank rounded down, ``exclusive`` interpolates between samples
    (``statistics.quantiles``' default method)."""
    if q == 50:
        return statistics.median(times)
    if method == "exclusive":
        return statistics.quantiles(times, n=100)[q - 1]
    ordered = sorted(times)
    rank = q / 100 * (len(ordered) - 1)
    return ordered[min(len(ordered) - 1, round(rank) if method == "nearest" else int(rank))]


def percentiles(
    name: str,
    times: Sequence[float],
    n: int,
    *,
    levels: Sequence[int] = (50, 95, 99),
    method: Method = "nearest",
) -> list[Figure]:
    """Figures ``{name}_p50``, ``{name}_p95``, ``{name}_p99`` (or the given ``levels``) of
    ``times`` in milliseconds, rounded to 0.01 ms."""
    return [Figure(f"{name}_p{q}", round(percentile(times, q, method), 2), "ms", n) for q in levels]


# --- output ------------------------------------------------------------------------------------


def report(figures: Iterable[Figure], backend: str) -> None:
    """Print the figures as a table to read, then one JSON line each to keep: the JSON lines of
    every script have the same keys, so runs and scripts can be collected and compared."""
    figures = list(figures)
    width = max([28, *(len(figure.measure) for figure in figures)])
    units = max([4, *(len(figure.unit) for figure in figures)])
    print()
    print(f"{'measure':<{width}} {'value':>10}  {'unit':<{units}}  n")
    for figure in figures:
        print(f"{figure.measure:<{width}} {figure.value:>10}  {figure.unit:<{units}}  {figure.n}")
    print()
    for figure in figures:
        print(
            json.dumps(
                {
                    "measure": figure.measure,
                    "value": figure.value,
                    "unit": figure.unit,
                    "backend": backend,
                    "n": figure.n,
                }
            )
        )
