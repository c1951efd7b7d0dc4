"""The ``fyr`` command: ``serve``, ``worker`` and every Django management command.

``fyr serve`` runs the whole product in one command: the ASGI server (web, API, websockets)
and, unless ``--no-worker``, the background processes beside it: the task worker, the mail
fetcher (``fyr fetchmail --every FYR_FETCH_MAIL_INTERVAL``) and the minute's periodic jobs (``fyr
periodic --every 60``: SLA sweep, automations, routing). ``fyr worker`` runs just those three.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fyr.settings")
    import django

    django.setup()


def _worker_command() -> list[str]:
    from django.conf import settings

    if settings.REDIS_URL:
        return [
            sys.executable,
            "-m",
            "fyr.cli",
            "rqworker",
            "default",
            "--job-class",
            "django_tasks_rq.Job",
        ]
    return [sys.executable, "-m", "fyr.cli", "db_worker", "--queue-name", "default"]


def _fetcher_command() -> list[str] | None:
    """The loop that fetches IMAP mail every ``FYR_FETCH_MAIL_INTERVAL`` seconds (0: none).
    Several may run (one per machine): a lease per mailbox keeps them from fetching it twice."""
    from django.conf import settings

    interval = settings.FETCH_MAIL_INTERVAL
    if interval <= 0:
        return None
    return [sys.executable, "-m", "fyr.cli", "fetchmail", "--every", str(interval)]


def _background(worker_args: Sequence[str] = ()) -> list[subprocess.Popen[bytes]]:
    """Start the task worker, the periodic jobs and the mail fetcher; the worker comes first."""
    processes = [
        subprocess.Popen([*_worker_command(), *worker_args]),
        subprocess.Popen([sys.executable, "-m", "fyr.cli", "periodic", "--every", "60"]),
    ]
    fetcher = _fetcher_command()
    if fetcher is not None:
        processes.append(subprocess.Popen(fetcher))
    return processes


def _stop(processes: Sequence[subprocess.Popen[bytes]]) -> None:
    running = [p for p in processes if p.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    for process in running:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def serve(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="fyr serve", description="Serve web, API and websockets.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="ASGI server processes")
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the task worker, periodic jobs and mail fetcher",
    )
    args = parser.parse_args(argv)
    _setup()
    import uvicorn

    background = [] if args.no_worker else _background()
    try:
        uvicorn.run(
            "fyr.asgi:application",
            host=args.host,
            port=args.port,
            workers=args.workers,
            lifespan="off",
            log_level="info",
        )
    finally:
        _stop(background)
    return 0


def worker(argv: Sequence[str]) -> int:
    """The task worker, the periodic jobs and the mail fetcher, stopped together."""
    _setup()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    processes = _background(argv)
    try:
        return processes[0].wait()
    finally:
        _stop(processes)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "help"
    if command == "serve":
        return serve(args[1:])
    if command == "worker":
        return worker(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fyr.settings")
    from django.core.management import execute_from_command_line

    if "-" in command and not command.startswith("-"):
        # ``fyr seed-demo``, ``fyr import-mail``: Django names commands after their modules.
        args[0] = command.replace("-", "_")
    execute_from_command_line(["fyr", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
