"""docker-compose.yml's stack run on this machine, by the commands compose and the Dockerfile run.

No Docker engine runs here, so each service's process is started from what the stack files
say, parsed rather than copied (a drift in them changes what runs here):

- the image: portal/ and tryton/ copied to a folder standing for /app, then the Dockerfile's
  static-files RUN line (compilemessages, collectstatic under the production settings);
- ``postgres``: its initdb scripts (postgres/initdb/: the portal's own database) on the
  local server;
- ``redis``, ``trytond`` (gunicorn serving ``trytond.application:app``), ``trytond-cron``,
  ``trytond-worker``, ``portal-migrate`` and ``portal`` (gunicorn, production settings):
  any other long-running service of the image (a portal queue worker): each service's
  command and environment, with compose's ``${...}`` filled from this
  run's ``.env`` values, the service names (postgres, redis, trytond, mail) mapped to
  loopback addresses, /app and the filestore volume mapped to folders, and 2 gunicorn
  workers each (2 cores here);
- Traefik: a stand-in for what the portal sees of it (``TraefikStandIn``: the portal's host
  name, ``X-Forwarded-Proto: https``, the client's address in ``X-Forwarded-For``), used by
  the worker's webhooks, which compose sends through Traefik. Clients of the tests talk to
  gunicorn directly with the same headers (``CustomerBrowser``).

The Tryton database is a copy of the portal tests' demo template (tryton_harness.py) on
PostgreSQL: ``trytond-worker`` waits on PostgreSQL's notifications, which SQLite lacks.
Used by test_production_stack.py and ``make soak`` (benchmarks/soak.py).
"""

from __future__ import annotations

import base64
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
import yaml

from portal.tests.fixtures import tryton_harness as harness
from portal.tests.fixtures.smtp_sink import smtp_sink
from tryton.demo import facts

ROOT = harness.ROOT
VENV_BIN = Path(sys.executable).parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
HOST = "portal.example.com"
# The .env of this run: every secret compose and the settings require, none a default.
DOT_ENV = {
    "PORTAL_HOST": HOST,
    "TRYTON_HOST": "erp.example.com",
    "ACME_EMAIL": "ops@example.com",
    "DJANGO_SECRET_KEY": "k3y-" + "x9Yq" * 16,
    "TRYTON_SERVICE_PASSWORD": "a-real-service-password",
    "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
    "PORTAL_WEBHOOK_SECRETS": "w3bh00k-" + "Zt7q" * 8,
    "TRYTOND_PORTAL__WEBHOOK_SECRET": "w3bh00k-" + "Zt7q" * 8,
    # The demo customers the smoke test and the soak sign in as are administrators, whom
    # production asks to set up TOTP first (PORTAL_MFA_REQUIRED_ROLES): the stack's run is
    # about the services, MFA is proven in tests/accounts/test_mfa_tryton.py.
    "PORTAL_MFA_REQUIRED_ROLES": "",
}
WORKERS = 2  # per gunicorn (compose says more; this machine has 2 cores)
START_TIMEOUT = 120


def dockerfile_run(containing: str) -> str:
    """The shell command of the Dockerfile's RUN instruction that mentions ``containing``."""
    text = (ROOT / "portal/Dockerfile").read_text()
    instructions = re.split(r"\n(?=[A-Z]+ )", re.sub(r"\\\n", " ", text))
    runs = [i.removeprefix("RUN ").strip() for i in instructions if i.startswith("RUN ")]
    [command] = [run for run in runs if containing in run]
    return command


def interpolate(text: str, values: dict[str, str]) -> str:
    """compose's ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?error}``, innermost first."""

    def one(match: re.Match) -> str:
        name, operator, rest = match.group(1), match.group(2), match.group(3)
        value = values.get(name, "")
        if value or operator is None:
            return value
        if operator == ":?":
            raise KeyError(f"compose needs {name}: {rest}")
        return rest

    pattern = re.compile(r"\$\{(\w+)(?:(:-|:\?)([^${}]*))?\}")
    while pattern.search(text):
        text = pattern.sub(one, text)
    return text


def service_command(service: str, values: dict[str, str]) -> list[str]:
    command = COMPOSE["services"][service]["command"]
    parts = shlex.split(command) if isinstance(command, str) else list(command)
    return [interpolate(part, values) for part in parts]


def _in_venv(command: list[str]) -> list[str]:
    # The image's programs are the virtual environment's here.
    return [str(VENV_BIN / command[0]), *command[1:]]


def gunicorn_command(service: str, values: dict[str, str], port: int) -> list[str]:
    """The service's gunicorn command on a loopback port with ``WORKERS`` workers."""
    command = service_command(service, values)
    assert command[0] == "gunicorn", command
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = str(WORKERS)
    return _in_venv(command)


@dataclass
class Process:
    """A started service: its command, environment and log, so it can start again."""

    name: str
    command: list[str]
    env: dict[str, str]
    cwd: Path
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "a") as out:
            self.process = subprocess.Popen(
                self.command, cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM to the service's whole process group (trytond-cron's and trytond-worker's
        pools too), SIGKILL to what is left after 15 s."""
        if self.process is None:
            return
        group = self.process.pid
        with suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + 15
        while _group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.1)
        with suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        self.process.wait()

    def tail(self, chars: int = 3000) -> str:
        return f"--- {self.name} ({self.log}):\n" + self.log.read_text(errors="replace")[-chars:]


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False


class _TraefikHandler(BaseHTTPRequestHandler):
    """Forwards a request to the portal with the headers Traefik adds."""

    protocol_version = "HTTP/1.1"

    def _forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
        headers.update({"Host": HOST, "X-Forwarded-Proto": "https",
                        "X-Forwarded-For": self.client_address[0]})
        try:
            answer = requests.request(
                self.command, self.server.upstream + self.path, data=body, headers=headers,
                allow_redirects=False, timeout=30)
        except requests.RequestException:  # the portal is down: Traefik's own answer
            self.send_error(502)
            return
        self.send_response(answer.status_code)
        for key, value in answer.headers.items():
            if key.lower() not in {"content-length", "connection", "transfer-encoding",
                                   "content-encoding"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    do_GET = do_POST = _forward

    def log_message(self, *args):
        pass


class TraefikStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str):
        super().__init__(("127.0.0.1", 0), _TraefikHandler)
        self.upstream = upstream.rstrip("/")
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


def build_image(app: Path) -> None:
    """/app of the image: what the Dockerfile copies, then its static-files step."""
    for folder in ("portal", "tryton"):
        shutil.copytree(ROOT / folder, app / folder, ignore=shutil.ignore_patterns(
            "staticfiles", "__pycache__", "*.pyc"))
    result = subprocess.run(
        ["sh", "-c", dockerfile_run("collectstatic")], cwd=app,
        env={"PATH": f"{VENV_BIN}:{os.environ['PATH']}"}, capture_output=True, text=True,
        timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def _base_env() -> dict[str, str]:
    # The container's environment holds only what compose gives it: nothing of this shell's
    # TRYTOND_*, DJANGO_* or REDIS_URL leaks in.
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "XDG_CACHE_HOME"}
    return {key: value for key, value in os.environ.items() if key in keep}


def _map_paths(value: str, mapping: dict[str, str]) -> str:
    for container, local in mapping.items():
        value = value.replace(container, local)
    return value


def _jsonrpc(url: str, method: str, params: list, auth: str | None = None):
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    answer = requests.post(url, json={"id": 0, "method": method, "params": params},
                           headers=headers, timeout=60)
    answer.raise_for_status()
    payload = answer.json()
    if payload.get("error"):
        raise RuntimeError(f"{method}: {payload['error']}")
    return payload["result"]


@dataclass
class ProductionStack:
    """The running services and how to reach them."""

    database: str
    portal_url: str  # gunicorn itself: send Host and X-Forwarded-Proto (CustomerBrowser)
    trytond_url: str
    traefik: TraefikStandIn
    mail: object  # the SMTP sink behind compose's `mail:25`
    services: dict[str, Process] = field(default_factory=dict)
    # Tryton's administrator (Authorization header), for checks against Tryton's records.
    admin_auth: str = ""

    @property
    def rpc_url(self) -> str:
        return f"{self.trytond_url}{self.database}/rpc/"

    def admin(self, model: str, method: str, *args):
        """Call ``model.method`` as Tryton's administrator (a check, not customer traffic)."""
        return _jsonrpc(self.rpc_url, f"model.{model}.{method}", [*args, {}], self.admin_auth)

    def stop_trytond(self) -> None:
        self.services["trytond"].stop()

    def start_trytond(self) -> None:
        self.services["trytond"].start()
        _wait_http(self.services["trytond"], self.trytond_url, json_rpc=True)

    def logs(self) -> str:
        return "\n".join(service.tail() for service in self.services.values())

    def assert_alive(self) -> None:
        dead = [name for name, service in self.services.items() if not service.alive()]
        assert not dead, f"stopped: {dead}\n{self.logs()}"


def _wait_http(service: Process, url: str, *, json_rpc: bool = False, headers=None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not service.alive():
            raise RuntimeError(f"{service.name} exited:\n{service.tail()}")
        try:
            if json_rpc:
                # trytond answers once its database is loaded; any HTTP status will do.
                requests.post(url, json={"id": 0, "method": "common.server.version",
                                         "params": []}, timeout=5)
            else:
                requests.get(url, headers=headers, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{service.name} did not answer within {START_TIMEOUT} s:\n"
                       + service.tail())


def _admin_login(url: str) -> str:
    user_id, session = _jsonrpc(url, "common.db.login",
                                ["admin", {"password": harness.ADMIN_PASSWORD}, "en"])[:2]
    token = base64.b64encode(f"admin:{user_id}:{session}".encode()).decode()
    return f"Session {token}"


def _redis(stack: ExitStack, workdir: Path) -> str:
    """compose's redis command on a free port, or REDIS_URL when redis-server is missing."""
    if not shutil.which("redis-server"):
        return os.environ.get("REDIS_URL", "")
    port = harness.free_port()
    command = service_command("redis", {})
    redis = Process("redis", [*command, "--port", str(port), "--bind", "127.0.0.1"],
                    _base_env(), workdir, workdir / "redis.log")
    redis.start()
    stack.callback(redis.stop)
    if not wait_for_redis(port, alive=redis.alive):
        raise RuntimeError(redis.tail())
    return f"redis://127.0.0.1:{port}/0"


def wait_for_redis(port: int, *, alive, timeout: float = 10) -> bool:
    """Whether the Redis on ``port`` answers PING within ``timeout`` while ``alive()``."""
    import redis

    client = redis.Redis(port=port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        try:
            return client.ping()
        except redis.ConnectionError:
            time.sleep(0.05)
    return False


def long_running_image_services(started: set[str], compose: dict = COMPOSE) -> list[str]:
    """The other services of the image that run for good (not one-shot like portal-migrate),
    e.g. a queue worker of the portal: each is started by its own command as well."""
    image = compose["services"]["portal"]["image"]
    return [name for name, service in compose["services"].items()
            if service.get("image") == image and service.get("restart") != "no"
            and name not in started]


def _postgres_initdb(values: dict[str, str], location) -> None:
    """postgres/initdb/, as the postgres image runs it on a new volume (the portal's own
    database), with the postgres service's environment, against the local server."""
    declared = COMPOSE["services"]["postgres"]["environment"]
    env = {**_base_env(), **{name: interpolate(str(value), values)
                             for name, value in declared.items()},
           "PGHOST": location.hostname, "PGPORT": str(location.port or 5432)}
    for script in sorted((ROOT / "postgres/initdb").glob("*.sh")):
        result = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, f"{script.name}:\n{result.stdout}{result.stderr}"


@contextmanager
def production_stack(template: str, workdir: Path, *, trytond_env: dict | None = None,
                     before_cron=None):
    """Run the stack on a copy of ``template`` (a PostgreSQL demo template) in ``workdir``.

    ``trytond_env``: more environment for the three Tryton services (e.g. a shorter
    webhook retry delay for the soak); ``before_cron(stack)`` runs once trytond serves,
    before trytond-cron starts. Every process stops and the copy is dropped on exit.
    """
    postgres = harness.postgres_url()
    assert postgres, "the production stack runs on PostgreSQL: set TEST_POSTGRES_URL"
    location = urllib.parse.urlsplit(postgres)
    app, filestore = workdir / "app", workdir / "filestore"
    filestore.mkdir(parents=True)
    build_image(app)
    with ExitStack() as stack:
        database = harness.copy_template(template, filestore)
        stack.callback(harness.drop_copy, database, filestore)
        mail = stack.enter_context(smtp_sink())
        redis_url = _redis(stack, workdir)
        trytond_port, portal_port = harness.free_port(), harness.free_port()
        traefik = TraefikStandIn(f"http://127.0.0.1:{portal_port}")
        stack.callback(traefik.server_close)
        stack.callback(traefik.shutdown)
        values = {
            **DOT_ENV,
            "TRYTON_DATABASE": database,
            "POSTGRES_USER": location.username or "postgres",
            # Trust authentication here; compose requires a password, any will do.
            "POSTGRES_PASSWORD": location.password or "unused-with-trust-auth",
            "TRYTOND_EMAIL_URI": mail.uri,
            "PORTAL_DATABASE": f"{harness.PG_PREFIX}web_{uuid.uuid4().hex[:10]}",
        }
        # Where each name of the stack points on this machine.
        addresses = {
            "@postgres:5432": f"@{location.hostname}:{location.port or 5432}",
            "smtp://mail:25": mail.uri,
            # The worker's webhooks reach the portal through Traefik; the links of e-mails
            # keep the public address.
            f"https://{HOST}/notifications/webhook/": f"{traefik.url}notifications/webhook/",
            "http://trytond:8000/": f"http://127.0.0.1:{trytond_port}/",
            "redis://redis:6379/0": redis_url,
            "/app/": f"{app}/",
            "/var/lib/trytond": str(filestore),
        }

        def environment(service: str) -> dict[str, str]:
            # env_file: .env for every service of the image, then its own environment.
            env = {**_base_env(), **DOT_ENV}
            declared = COMPOSE["services"][service].get("environment", {})
            for name, value in declared.items():
                env[name] = _map_paths(interpolate(str(value), values), addresses)
            return env

        def tryton_service(name: str, command: list[str]) -> Process:
            env = {**environment(name), **(trytond_env or {})}
            return Process(name, command, env, app, workdir / f"{name}.log")

        _postgres_initdb(values, location)
        stack.callback(harness.drop_copy, values["PORTAL_DATABASE"], workdir)

        services = {
            "trytond": tryton_service(
                "trytond", gunicorn_command("trytond", values, trytond_port)),
            **{name: tryton_service(name, _in_venv(service_command(name, values)))
               for name in ("trytond-cron", "trytond-worker")},
        }
        running = ProductionStack(
            database=database, portal_url=f"http://127.0.0.1:{portal_port}/",
            trytond_url=f"http://127.0.0.1:{trytond_port}/", traefik=traefik, mail=mail,
            services=services)
        for service in services.values():
            stack.callback(service.stop)
        services["trytond"].start()
        _wait_http(services["trytond"], running.trytond_url, json_rpc=True)
        running.admin_auth = _admin_login(running.rpc_url)
        # Deploy step 3 of docs/operations.md: the service user gets the production password.
        [service_user] = running.admin("res.user", "search", [["login", "=", facts.SERVICE_LOGIN]])
        running.admin("res.user", "write", [service_user],
                      {"password": DOT_ENV["TRYTON_SERVICE_PASSWORD"]})
        if before_cron:
            before_cron(running)
        services["trytond-cron"].start()
        services["trytond-worker"].start()

        # The one-shot portal-migrate service, then the settings' check of the deploy steps
        # (docs/operations.md), before the portal starts.
        portal_env = environment("portal")
        for command, env in [
            (_in_venv(service_command("portal-migrate", values)), environment("portal-migrate")),
            (_in_venv(["python", "portal/manage.py", "check", "--deploy", "--fail-level",
                       "ERROR"]), portal_env),
        ]:
            result = subprocess.run(command, cwd=app, env=env, capture_output=True, text=True,
                                    timeout=300)
            assert result.returncode == 0, f"{command}:\n{result.stdout}{result.stderr}"
        services["portal"] = Process(
            "portal", gunicorn_command("portal", values, portal_port), portal_env, app,
            workdir / "portal.log")
        stack.callback(services["portal"].stop)
        services["portal"].start()
        _wait_http(services["portal"], f"{running.portal_url}health/", headers={"Host": HOST})
        for name in long_running_image_services(set(services)):
            services[name] = Process(name, _in_venv(service_command(name, values)),
                                     environment(name), app, workdir / f"{name}.log")
            stack.callback(services[name].stop)
            services[name].start()
        yield running


class CustomerBrowser:
    """A customer's browser talking to the portal's gunicorn as Traefik forwards it.

    Cookies are kept by hand: the session and CSRF cookies are ``Secure`` and the
    connection to gunicorn is plain HTTP, as behind Traefik.
    """

    def __init__(self, portal_url: str, *, timeout: float = 60, address: str = "203.0.113.7"):
        self.base = portal_url.rstrip("/")
        self.address = address  # the client's, as Traefik appends it to X-Forwarded-For
        self.http = requests.Session()
        self.cookies: dict[str, str] = {}
        self.timeout = timeout

    def request(self, method: str, path: str, *, data=None, referer: str | None = None):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if referer:
            headers["Referer"] = f"https://{HOST}{referer}"
        answer = self.http.request(method, self.base + path, data=data, headers=headers,
                                   allow_redirects=False, timeout=self.timeout)
        for cookie in answer.raw.headers.getlist("Set-Cookie"):
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value
        return answer

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, page: str, **values):
        """POST the form of ``page`` (its fields as rendered, then ``values``) to ``path``."""
        return self.request("POST", path, data=form_data(page, **values), referer=path)

    def login(self, email: str, password: str = facts.DEMO_PASSWORD):
        page = self.get("/accounts/login/")
        assert page.status_code == 200, page.status_code
        return self.post_form("/accounts/login/", page.text, login=email, password=password)


def form_data(page: str, **values) -> dict:
    """The posted form as a browser sends it: the rendered fields, then ``values``."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    data.update(values)
    return data
