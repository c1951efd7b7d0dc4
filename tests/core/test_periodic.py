"""``fyr periodic``: every registered job runs; one failing job does not stop the others."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from fyr.core import periodic


@pytest.fixture
def jobs():
    saved = dict(periodic._jobs)
    periodic._jobs.clear()
    yield periodic.register
    periodic._jobs.clear()
    periodic._jobs.update(saved)


def test_the_product_registers_its_minute_jobs():
    assert {"sla"} <= set(periodic.names())


def test_every_job_runs_and_a_failure_is_reported_after_the_others_ran(jobs, capsys):
    ran = []
    jobs("a-broken", lambda now: 1 / 0)
    jobs("b-fine", lambda now: ran.append(now))
    with pytest.raises(CommandError):
        call_command("periodic")
    assert len(ran) == 1
    assert capsys.readouterr().out.splitlines() == ["a-broken: FAILED", "b-fine: ok"]


def test_one_job_can_be_run_alone_and_unknown_names_are_refused(jobs, capsys):
    ran = []
    jobs("one", lambda now: ran.append("one"))
    jobs("two", lambda now: ran.append("two"))
    call_command("periodic", only="two")
    assert ran == ["two"]
    with pytest.raises(CommandError, match="no periodic job"):
        call_command("periodic", only="three")
