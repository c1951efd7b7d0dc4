"""Work done every minute by the background worker: the SLA sweep, automations, routing's
catch-up. Apps register their jobs from ``AppConfig.ready()``; ``fyr periodic --every 60`` (started
by ``fyr serve`` and ``fyr worker``) runs them, and ``fyr periodic`` runs them once.

A job is a plain function taking the current time. One failing job is logged and does not keep
the others from running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fyr.core import clock

log = logging.getLogger(__name__)

Job = Callable[[datetime], object]


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    result: object = None


_jobs: dict[str, Job] = {}


def register(name: str, job: Job) -> None:
    _jobs[name] = job


def names() -> list[str]:
    return sorted(_jobs)


def run_all(only: str | None = None) -> list[Outcome]:
    """Run every job (or the one named ``only``) once, in name order."""
    now = clock.now()
    outcomes = []
    for name in names():
        if only is not None and name != only:
            continue
        try:
            outcomes.append(Outcome(name, True, _jobs[name](now)))
        except Exception:
            log.exception("periodic job %s failed", name)
            outcomes.append(Outcome(name, False))
    return outcomes
