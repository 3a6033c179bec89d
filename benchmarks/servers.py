"""The processes a benchmark run measures, started as production starts them.

trytond: gunicorn serving ``trytond.application:app`` (TRYTOND_CONFIG,
TRYTOND_DATABASE_NAMES, the database location in TRYTOND_DATABASE__*), as in
docker-compose.yml. The portal: gunicorn serving ``config.wsgi``. Redis: a private
``redis-server`` for the portal's cache, so a run never touches another one's keys.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from portal.tests.deploy.production_stack import wait_for_redis
from portal.tests.fixtures import tryton_harness as harness

ROOT = harness.ROOT
BIN = Path(sys.executable).parent


@dataclass
class Server:
    """A started process group and where it answers."""

    url: str
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (children of the master)."""
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def rss_mib(self) -> float:
        """Resident memory of the master and its workers."""
        total = 0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _gunicorn(args: list[str], *, env: dict, log: Path, ready_url: str) -> subprocess.Popen:
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), *args], cwd=ROOT, env=env,
            stdout=out, stderr=subprocess.STDOUT)
    # Any HTTP answer to its probe means the app is loaded (trytond: its database too).
    harness._wait_ready(process, ready_url, log)
    return process


def _environment(**values: str) -> dict:
    # TRYTOND_* of the caller's shell must not change what is measured.
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRYTOND_")}
    env.update(values)
    return env


@contextmanager
def trytond_copy(source: str, directory: Path):
    """A copy of database ``source`` (SQLite: file path; PostgreSQL: name); yields its name."""
    name = harness.copy_template(source, directory)
    try:
        yield name
    finally:
        harness.drop_copy(name, directory)


def start_trytond(database: str, directory: Path, logs: Path, *, workers: int,
                  app: str = "trytond.application:app") -> Server:
    """gunicorn + trytond's WSGI app on ``database`` (SQLite files in ``directory``)."""
    port = harness.free_port()
    location = ({"TRYTOND_DATABASE__URI": harness.postgres_url()} if harness.postgres_url()
                else {"TRYTOND_DATABASE__PATH": str(directory)})
    env = _environment(
        TRYTOND_CONFIG=str(harness.base_config()),
        # 8.2.1 only logs in on databases it preloads (see TRYTON_NOTES.md).
        TRYTOND_DATABASE_NAMES=database,
        **location)
    url = f"http://127.0.0.1:{port}/"
    log = logs / f"trytond-gunicorn-{port}.log"
    process = _gunicorn(
        ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "120", app],
        env=env, log=log, ready_url=url)
    return Server(url=url, process=process, log=log)


def start_portal(env: dict, logs: Path, *, workers: int) -> Server:
    """gunicorn + the portal (``config.wsgi``) with ``env`` added to this environment."""
    port = harness.free_port()
    url = f"http://127.0.0.1:{port}/"
    log = logs / f"portal-gunicorn-{port}.log"
    process = _gunicorn(
        ["--chdir", "portal", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--timeout", "60", "config.wsgi:application"],
        env=_environment(**env), log=log, ready_url=f"{url}health/")
    return Server(url=url, process=process, log=log)


@contextmanager
def redis_server(logs: Path):
    """A private Redis (no persistence) on a free port; yields its URL, or "" when
    redis-server is not installed (the portal then caches in each process)."""
    binary = shutil.which("redis-server")
    if not binary:
        yield ""
        return
    port = harness.free_port()
    with open(logs / f"redis-{port}.log", "w") as out:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=out, stderr=subprocess.STDOUT)
    try:
        if not wait_for_redis(port, alive=lambda: process.poll() is None):
            raise RuntimeError(f"redis-server did not answer on port {port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)
