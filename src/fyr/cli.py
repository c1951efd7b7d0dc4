"""The ``fyr`` command: ``serve``, ``worker`` and every Django management command.

``fyr serve`` runs the whole product in one command: the ASGI server (web, API, websockets)
and, unless ``--no-worker``, a background worker process beside it.
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


def serve(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="fyr serve", description="Serve web, API and websockets.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1, help="ASGI server processes")
    parser.add_argument("--no-worker", action="store_true", help="do not start a task worker")
    args = parser.parse_args(argv)
    _setup()
    import uvicorn

    worker: subprocess.Popen[bytes] | None = None
    if not args.no_worker:
        worker = subprocess.Popen(_worker_command())
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
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


def worker(argv: Sequence[str]) -> int:
    _setup()
    return subprocess.call([*_worker_command(), *argv])


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "help"
    if command == "serve":
        return serve(args[1:])
    if command == "worker":
        return worker(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fyr.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fyr", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
