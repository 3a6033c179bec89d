"""The production image, proven by running its commands (no Docker engine here).

The Dockerfile's static-files step runs as written on a copy of portal/, then the portal's
compose command (gunicorn, 2 workers, production settings) serves that copy, and the
compose health check probes it. A page that answers 500 under the production settings
(e.g. static files collected without the manifest the production storage reads) fails here.
"""

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from portal.tests.deploy.production_stack import COMPOSE, HOST, ROOT, VENV_BIN, dockerfile_run

SECRETS = {
    "DJANGO_SECRET_KEY": "k3y-" + "x9Yq" * 16,
    "TRYTON_SERVICE_PASSWORD": "a-real-service-password",
    "DJANGO_ALLOWED_HOSTS": HOST,
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _FakeTrytonHandler(BaseHTTPRequestHandler):
    """Just enough JSON-RPC for the service user's login and /ready/'s ping."""

    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        method = payload["method"]
        if method == "common.db.login":
            result = [1, "service-session", None]
        elif method == "model.res.user.get_preferences":
            result = {"language": "en"}
        else:
            result = []
        body = json.dumps({"id": payload["id"], "result": result}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fake_trytond():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeTrytonHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> Path:
    """/app of the image: portal/ copied, then the Dockerfile's static-files step run in it."""
    app = tmp_path_factory.mktemp("app")
    shutil.copytree(
        ROOT / "portal",
        app / "portal",
        ignore=shutil.ignore_patterns("staticfiles", "__pycache__", "*.pyc"),
    )
    result = subprocess.run(
        ["sh", "-c", dockerfile_run("collectstatic")],
        cwd=app,
        env={"PATH": f"{VENV_BIN}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return app


def _portal_env(app: Path, tryton_url: str) -> dict:
    compose_env = COMPOSE["services"]["portal"]["environment"]
    return {
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": compose_env["DJANGO_SETTINGS_MODULE"],
        **SECRETS,
        "DATABASE_URL": f"sqlite:///{app / 'portal.sqlite3'}",
        "TRYTON_URL": tryton_url,
        "TRYTON_RETRIES": "0",
        "TRYTON_CONNECT_TIMEOUT": "1",
        "TRYTON_BREAKER_THRESHOLD": "1000",
    }


@pytest.fixture(scope="module")
def portal(image, fake_trytond):
    """The compose command of the portal service (2 workers, a free port) serving the image."""
    env = _portal_env(image, f"http://127.0.0.1:{fake_trytond.server_port}/")
    migrate = subprocess.run(
        ["python", "portal/manage.py", "migrate", "--noinput"],
        cwd=image, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    port = _free_port()
    command = shlex.split(COMPOSE["services"]["portal"]["command"])
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "2"
    log = (image / "gunicorn.log").open("w")
    process = subprocess.Popen(command, cwd=image, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(_request(base, "/health/"), timeout=5)
            break
        except OSError:  # refused while binding, or a timeout while the workers boot
            assert process.poll() is None, (image / "gunicorn.log").read_text()
            time.sleep(0.3)
    yield {"base": base, "port": port, "env": env, "log": image / "gunicorn.log"}
    process.terminate()
    process.wait(timeout=30)
    log.close()


def _request(base: str, path: str, *, data: bytes | None = None, headers: dict | None = None):
    # Traefik's view of the request: the portal's host name, over HTTPS.
    return urllib.request.Request(
        base + path,
        data=data,
        headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})},
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx itself is the answer under test


_opener = urllib.request.build_opener(_NoRedirect)


def _get(portal, path: str, **kwargs) -> tuple[int, dict, bytes]:
    try:
        with _opener.open(_request(portal["base"], path, **kwargs), timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_image_collects_static_files_into_the_production_manifest(image):
    manifest = json.loads((image / "portal/staticfiles/staticfiles.json").read_text())

    assert re.fullmatch(r"css/portal\.[0-9a-f]{12}\.css", manifest["paths"]["css/portal.css"])


def test_a_page_renders_with_hashed_static_urls_under_gunicorn(portal):
    status, headers, body = _get(portal, "/accounts/login/")

    assert status == 200, body.decode()[:2000] + portal["log"].read_text()[-3000:]
    hashed = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body.decode())
    assert hashed, body.decode()[:2000]
    static_status, static_headers, _ = _get(portal, hashed.group(1))
    assert static_status == 200
    assert "immutable" in static_headers["Cache-Control"]


def test_a_private_page_redirects_to_login_uncached(portal):
    status, headers, _ = _get(portal, "/orders/")

    assert status == 302
    assert headers["Cache-Control"] == "private, no-store"


def test_a_utf16_form_answers_our_400_page_not_500(portal):
    # A browser's POST: the CSRF cookie of the form's page and a same-origin Referer, so
    # the CSRF check goes on to read the body.
    _, headers, _ = _get(portal, "/accounts/login/")
    csrf_cookie = re.search(r"csrftoken=[^;]+", headers["Set-Cookie"]).group(0)
    status, _, body = _get(
        portal,
        "/accounts/login/",
        data="login=a&password=b".encode("utf-16"),
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-16",
            "Cookie": csrf_cookie,
            "Referer": f"https://{HOST}/accounts/login/",
        },
    )

    assert status == 400
    assert 'class="error-code"' in body.decode()


def _healthcheck(portal) -> subprocess.CompletedProcess:
    """The portal's compose health check, run as Docker runs it (in the container's env)."""
    test = COMPOSE["services"]["portal"]["healthcheck"]["test"]
    assert test[0] == "CMD"
    command = [part.replace(":8080/", f":{portal['port']}/") for part in test[1:]]
    return subprocess.run(command, env=portal["env"], capture_output=True, timeout=30)


def test_ready_and_the_compose_health_check_follow_tryton(portal, fake_trytond):
    status, _, body = _get(portal, "/ready/")
    assert status == 200, body
    assert _healthcheck(portal).returncode == 0

    fake_trytond.shutdown()
    fake_trytond.server_close()

    status, _, body = _get(portal, "/ready/")
    assert status == 503
    assert json.loads(body)["failed"] == ["tryton"]
    assert _healthcheck(portal).returncode != 0
    status, _, _ = _get(portal, "/health/")
    assert status == 200  # alive: restarting the portal would not bring Tryton back
