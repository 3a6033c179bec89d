"""A real trytond for the portal's tests: a cached template database and servers on copies.

The template (``tryton/setup_db.py --demo``) is built once and kept across runs, keyed by a
hash of what shapes it: our Tryton modules, the set-up and demo scripts, the trytond
version and today's date (the demo dates are relative to today). Each test module then gets
its own copy served by its own ``trytond`` process on a free loopback port.

SQLite by default (templates under ``var/test/template/``); PostgreSQL when
``TEST_POSTGRES_URL`` is set (e.g. ``postgresql://postgres@127.0.0.1:5432/``), where the
template is a database named ``portal_tpl_<hash>`` copied with ``CREATE DATABASE ...
TEMPLATE``.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tryton.demo import facts

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "test"
TEMPLATE_DIR = VAR / "template"
SQLITE_CONFIG = ROOT / "tryton" / "trytond.conf"
POSTGRES_CONFIG = ROOT / "tryton" / "trytond-postgresql.conf"
ADMIN_PASSWORD = "admin"
START_TIMEOUT = 120  # a loaded 2-core machine needs it


@dataclass(frozen=True)
class TrytonServer:
    """What a test needs to talk to the server (and the demo facts it serves)."""

    url: str
    database: str
    service_login: str
    service_password: str
    admin_login: str = "admin"
    admin_password: str = ADMIN_PASSWORD
    demo_password: str = facts.DEMO_PASSWORD
    web_users: dict = field(default_factory=lambda: dict(facts.WEB_USERS))
    customers: dict = field(default_factory=lambda: dict(facts.CUSTOMERS))

    @property
    def rpc_url(self) -> str:
        return f"{self.url}{self.database}/rpc/"


def postgres_url() -> str | None:
    return os.environ.get("TEST_POSTGRES_URL") or None


def base_config() -> Path:
    # The PostgreSQL file leaves the URI to the environment; the SQLite one sets it.
    return POSTGRES_CONFIG if postgres_url() else SQLITE_CONFIG


def source_hash() -> str:
    """Hash of everything the template depends on; a change means a rebuild."""
    import trytond

    digest = hashlib.sha256()
    digest.update(f"{trytond.__version__}|{dt.date.today().isoformat()}".encode())
    sources = [*sorted((ROOT / "tryton").rglob("*.py")), SQLITE_CONFIG, POSTGRES_CONFIG]
    for path in sorted((ROOT / "tryton_modules").rglob("*")):
        parts = set(path.relative_to(ROOT).parts)
        # A module's tests do not shape the database: editing them must not cost a rebuild.
        if path.is_file() and not parts & {"__pycache__", "tests"} and not any(
                part.endswith(".egg-info") or part == "build" for part in parts):
            sources.append(path)
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def scratch_dir(prefix: str) -> Path:
    """A new directory in memory (/dev/shm) when possible: SQLite commits there cost no
    fsync, which makes building the template and the servers' writes several times faster."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_config(directory: Path, port: int) -> Path:
    """A config read after the base one: where the databases are and the port of this run."""
    lines = ["[database]"]
    url = postgres_url()
    lines.append(f"uri = {url}" if url else f"path = {directory}")
    lines += ["", "[web]", f"listen = 127.0.0.1:{port}"]
    config = directory / f"trytond-{port}.conf"
    config.write_text("\n".join(lines) + "\n")
    return config


@contextmanager
def _lock(name: str):
    # Two pytest runs at once must not build the same template twice.
    VAR.mkdir(parents=True, exist_ok=True)
    with open(VAR / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _setup_db(database: str, *, sqlite_dir: Path | None, log: Path) -> float:
    """Run tryton/setup_db.py --demo in a subprocess; return its duration in seconds."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRYTOND_")}
    env.update(TRYTON_SERVICE_PASSWORD=facts.SERVICE_PASSWORD_DEFAULT,
               TRYTON_ADMIN_PASSWORD=ADMIN_PASSWORD)
    if sqlite_dir:
        env["TRYTOND_DATABASE__PATH"] = str(sqlite_dir)
    else:
        env["TRYTOND_DATABASE__URI"] = postgres_url()
    start = time.monotonic()
    with open(log, "w") as out:
        result = subprocess.run(
            [sys.executable, str(ROOT / "tryton" / "setup_db.py"),
             "--config", str(base_config()), "--database", database, "--demo"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if result.returncode:
        raise RuntimeError(
            f"building the Tryton template failed, see {log}:\n" + log.read_text()[-3000:])
    return time.monotonic() - start


def _pg_databases(prefix: str) -> set[str]:
    import psycopg

    url = postgres_url().rstrip("/")
    with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",))
        return {row[0] for row in rows}


def _pg_execute(statement) -> None:
    import psycopg

    url = postgres_url().rstrip("/")
    with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def build_template() -> tuple[str, float]:
    """Name (SQLite: file path) of the demo template for the current sources, built when
    missing; and how long the build took (0 when cached)."""
    key = source_hash()
    VAR.mkdir(parents=True, exist_ok=True)
    log = VAR / "template-build.log"
    if postgres_url():
        from psycopg import sql

        name = f"portal_tpl_{key}"
        with _lock("template-postgresql"):
            if name in _pg_databases(name):
                return name, 0.0
            # Built under a temporary name and renamed at the end, so a half-built
            # template (interrupted run) is never taken for a finished one.
            building = f"{name}_build"
            _pg_execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(building)))
            took = _setup_db(building, sqlite_dir=None, log=log)
            _pg_execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(building), sql.Identifier(name)))
            for old in _pg_databases("portal_tpl_") - {name}:
                _pg_execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(old)))
        return name, took
    template = TEMPLATE_DIR / f"tpl_{key}.sqlite"
    with _lock("template-sqlite"):
        if template.exists():
            return str(template), 0.0
        TEMPLATE_DIR.mkdir(parents=True, exist_ok=True)
        build = scratch_dir("portal-tryton-template-")
        try:
            took = _setup_db(f"tpl_{key}", sqlite_dir=build, log=log)
            partial = TEMPLATE_DIR / f"tpl_{key}.sqlite.part"
            shutil.copyfile(build / f"tpl_{key}.sqlite", partial)
            partial.rename(template)  # atomic: a template file is always complete
        finally:
            shutil.rmtree(build, ignore_errors=True)
        for old in TEMPLATE_DIR.glob("tpl_*.sqlite"):
            if old != template:
                old.unlink()
    return str(template), took


def copy_template(template: str, directory: Path) -> str:
    """A fresh database copied from the template; returns its name."""
    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    if postgres_url():
        from psycopg import sql

        _pg_execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)))
    else:
        shutil.copyfile(template, directory / f"{name}.sqlite")
    return name


def drop_copy(name: str, directory: Path) -> None:
    if postgres_url():
        from psycopg import sql

        _pg_execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
    else:
        (directory / f"{name}.sqlite").unlink(missing_ok=True)


def rpc(url: str, method: str, params: list, *, timeout: float = 5) -> object:
    """One JSON-RPC call without a session (readiness probe)."""
    body = json.dumps({"id": 0, "method": method, "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


@contextmanager
def running_server(template: str, logs: Path):
    """Copy the template, serve the copy with trytond and yield a TrytonServer."""
    logs.mkdir(parents=True, exist_ok=True)
    directory = scratch_dir("portal-tryton-")
    database = copy_template(template, directory)
    port = free_port()
    config = _write_config(directory, port)
    log = logs / f"trytond-{port}.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRYTOND_")}
    trytond = str(Path(sys.executable).parent / "trytond")
    with open(log, "w") as out:
        # -d preloads the database: without it trytond 8.2.1 refuses every login.
        process = subprocess.Popen(
            [trytond, "-c", str(base_config()), str(config), "-d", database],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_ready(process, url, log)
        yield TrytonServer(
            url=url, database=database, service_login=facts.SERVICE_LOGIN,
            service_password=facts.SERVICE_PASSWORD_DEFAULT)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        drop_copy(database, directory)
        shutil.rmtree(directory, ignore_errors=True)


def _wait_ready(process, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"trytond exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            # trytond listens only after preloading the database (-d): any HTTP answer,
            # even an error status, means it is ready.
            rpc(url, "common.server.version", [])
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(
        f"trytond did not answer within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")
