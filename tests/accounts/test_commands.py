"""The `fyr createagent` and `fyr token` commands, and what `fyr worker` runs."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fyr import cli
from fyr.accounts.models import User
from fyr.accounts.services import authenticate_token


def test_createagent_creates_a_light_agent_in_a_new_team(db):
    out = StringIO()
    call_command(
        "createagent",
        "Lina@Example.se",
        "--name",
        "Lina L",
        "--role",
        "light",
        "--team",
        "Fakturering",
        "--password",
        "a long enough pass",
        stdout=out,
    )
    user = User.objects.get(email="lina@example.se")
    assert (user.role, user.name, list(user.teams.values_list("name", flat=True))) == (
        "light",
        "Lina L",
        ["Fakturering"],
    )
    assert user.check_password("a long enough pass")
    assert "lina@example.se" in out.getvalue()


def test_createagent_refuses_a_taken_email(agent):
    with pytest.raises(CommandError, match="already exists"):
        call_command("createagent", agent.email.upper(), "--name", "Dubblett")
    assert User.objects.filter(email=agent.email).count() == 1


def test_token_prints_a_token_that_authenticates(agent):
    out = StringIO()
    call_command("token", agent.email, stdout=out)
    assert authenticate_token(out.getvalue().strip()) == agent


def test_token_for_an_unknown_agent_is_an_error(db):
    with pytest.raises(CommandError, match="No active agent"):
        call_command("token", "nobody@example.se")


def test_worker_uses_the_database_queue_without_redis_and_rq_with_it(settings):
    settings.REDIS_URL = ""
    assert cli._worker_command()[-3:] == ["db_worker", "--queue-name", "default"]
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert cli._worker_command()[-4:] == [
        "rqworker",
        "default",
        "--job-class",
        "django_tasks_rq.Job",
    ]


def test_hyphenated_command_names_reach_their_commands(monkeypatch):
    seen = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.append(argv)
    )
    assert cli.main(["seed-demo", "--if-empty"]) == 0
    assert cli.main(["import-mail", "inbox.mbox"]) == 0
    assert cli.main(["--version"]) == 0
    assert seen == [
        ["fyr", "seed_demo", "--if-empty"],
        ["fyr", "import_mail", "inbox.mbox"],
        ["fyr", "--version"],
    ]
