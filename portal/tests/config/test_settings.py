"""Settings by environment, checked in fresh interpreters with a controlled environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PORTAL_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_SECRETS = {
    "DJANGO_SECRET_KEY": "k3y-" + "x9Yq" * 16,
    "TRYTON_SERVICE_PASSWORD": "a-real-service-password",
    "DJANGO_ALLOWED_HOSTS": "portal.example.com",
}


def _run(code: str, *, settings: str, env: dict | None = None) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(PORTAL_DIR),
        "DJANGO_SETTINGS_MODULE": f"config.settings.{settings}",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PORTAL_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _settings(names: list[str], *, settings: str = "test", env: dict | None = None) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    result = _run(code, settings=settings, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("missing", sorted(PRODUCTION_SECRETS))
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {name: value for name, value in PRODUCTION_SECRETS.items() if name != missing}

    result = _run("import config.settings.production", settings="production", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_an_empty_environment():
    result = _run("import config.settings.production", settings="production")

    assert "ImproperlyConfigured" in result.stderr


def test_production_passes_the_deployment_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PORTAL_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **PRODUCTION_SECRETS,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_security_settings():
    values = _settings(
        [
            "DEBUG",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_PROXY_SSL_HEADER",
            "ALLAUTH_TRUSTED_PROXY_COUNT",
            "CONTENT_SECURITY_POLICY",
        ],
        settings="production",
        env=PRODUCTION_SECRETS,
    )

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]


def test_cache_is_local_memory_without_redis_url():
    caches = _settings(["CACHES"])["CACHES"]

    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("settings_name", ["local", "test"])
def test_cache_is_redis_when_redis_url_is_set(settings_name):
    caches = _settings(
        ["CACHES"], settings=settings_name, env={"REDIS_URL": "redis://127.0.0.1:6379/15"}
    )["CACHES"]

    assert caches["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/15"


def test_each_test_run_has_its_own_cache_prefix():
    def prefix():
        env = {"REDIS_URL": "redis://127.0.0.1:6379/15"}
        return _settings(["CACHES"], env=env)["CACHES"]["default"]["KEY_PREFIX"]

    assert prefix() != prefix()


def _sentry_active(env: dict) -> bool:
    code = (
        "import django; django.setup(); import sentry_sdk; "
        "print(sentry_sdk.get_client().is_active())"
    )
    result = _run(code, settings="local", env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] == "True"


def test_sentry_is_off_without_a_dsn():
    assert not _sentry_active({})


def test_sentry_starts_with_a_dsn():
    assert _sentry_active({"SENTRY_DSN": "https://public@sentry.example.invalid/1"})


def test_email_goes_to_the_console_by_default():
    backend = _settings(["EMAIL_BACKEND"], settings="local")["EMAIL_BACKEND"]

    assert backend == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    "env",
    [
        {"EMAIL_URL": "smtp://mailer:secret@smtp.example.com:587/?tls=True"},
        {"EMAIL_HOST": "smtp.example.com", "EMAIL_PORT": "587"},
    ],
)
def test_email_goes_to_smtp_when_configured(env):
    values = _settings(["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT"], settings="local", env=env)

    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("smtp.example.com", 587)


def test_database_url_overrides_the_sqlite_default(tmp_path):
    default = _settings(["DATABASES"], settings="local", env={"PORTAL_VAR_DIR": str(tmp_path)})
    url = "postgres://portal@db.example.com:5432/portal"
    custom = _settings(["DATABASES"], settings="local", env={"DATABASE_URL": url})

    assert default["DATABASES"]["default"]["NAME"] == str(tmp_path / "portal.sqlite3")
    assert custom["DATABASES"]["default"]["HOST"] == "db.example.com"


def test_tryton_settings_read_by_the_gateway_come_from_the_environment():
    values = _settings(
        ["TRYTON_URL", "TRYTON_DATABASE", "TRYTON_SERVICE_USER", "TRYTON_READ_TIMEOUT"],
        env={"TRYTON_URL": "http://trytond:8000/", "TRYTON_READ_TIMEOUT": "7.5"},
    )

    assert values == {
        "TRYTON_URL": "http://trytond:8000/",
        "TRYTON_DATABASE": "portal",
        "TRYTON_SERVICE_USER": "portal_service",
        "TRYTON_READ_TIMEOUT": 7.5,
    }


def _env_example() -> dict:
    values = {}
    for line in (PORTAL_DIR.parent / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_every_variable_the_settings_read_is_documented_in_env_example():
    import re

    source = "\n".join(p.read_text() for p in (PORTAL_DIR / "config").rglob("*.py"))
    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", source))

    assert read  # the pattern still matches how settings read the environment
    assert read - set(_env_example()) == set()


def test_env_example_as_is_gives_working_local_settings(tmp_path):
    env = {**_env_example(), "PORTAL_VAR_DIR": str(tmp_path)}

    values = _settings(["DEBUG", "DATABASES", "CACHES", "STATIC_ROOT"], settings="local", env=env)

    assert values["DEBUG"] is True
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["STATIC_ROOT"] == str(PORTAL_DIR / "staticfiles")


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6379/15", "gw0", "redis://127.0.0.1:6379/15"),
        ("redis://127.0.0.1:6379/15", "gw1", "redis://127.0.0.1:6379/14"),
        ("redis://127.0.0.1:6379", "gw1", "redis://127.0.0.1:6379/15"),
        ("redis://127.0.0.1:6379/15", "", "redis://127.0.0.1:6379/15"),
        ("", "gw1", ""),
    ],
)
def test_each_pytest_worker_has_a_redis_database_of_its_own(url, worker, expected):
    # A test's cache.clear() flushes its whole Redis database.
    from config.settings.test import worker_redis_url

    assert worker_redis_url(url, worker) == expected


def test_the_test_settings_of_a_second_worker_use_the_database_below():
    result = _run(
        "from django.conf import settings; print(settings.CACHES['default']['LOCATION'])",
        settings="test",
        env={"REDIS_URL": "redis://127.0.0.1:6379/15", "PYTEST_XDIST_WORKER": "gw1"},
    )
    assert result.stdout.strip() == "redis://127.0.0.1:6379/14", result.stderr
