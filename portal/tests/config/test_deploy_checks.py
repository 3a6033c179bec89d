"""`manage.py check --deploy` and the WSGI start refuse development secrets in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PORTAL_DIR = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_SECRET_KEY": "k3y-" + "x9Yq" * 16,
    "TRYTON_SERVICE_PASSWORD": "a-real-service-password",
    "DJANGO_ALLOWED_HOSTS": "portal.example.com",
}


def _production(args: list[str], **overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PORTAL_DIR,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(PORTAL_DIR),
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **GOOD,
            **overrides,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def check_deploy(**overrides) -> subprocess.CompletedProcess:
    return _production(["manage.py", "check", "--deploy"], **overrides)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"TRYTON_SERVICE_PASSWORD": "portal-service"}, "portal.E002"),
        ({"TRYTON_SERVICE_PASSWORD": ""}, "portal.E001"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "portal.E003"),
        ({"DJANGO_ALLOWED_HOSTS": "portal.example.com,*"}, "portal.E003"),
        ({"DJANGO_SECRET_KEY": "too-short-secret"}, "portal.E004"),
        ({"DJANGO_SECRET_KEY": "django-insecure-development-only-key"}, "portal.E004"),
        ({"DJANGO_SECRET_KEY": "ab" * 40}, "portal.E004"),
        ({"DJANGO_BUILD_ONLY": "True"}, "portal.E005"),
    ],
)
def test_check_deploy_fails_with_a_clear_message(overrides, error):
    result = check_deploy(**overrides)

    assert result.returncode != 0
    assert error in result.stderr
    for value in overrides.values():
        if len(value) > 3:  # the message names the problem, never the secret
            assert value not in result.stderr.replace("portal.example.com", "")


def test_check_deploy_passes_with_real_values():
    result = check_deploy()

    assert result.returncode == 0, result.stderr
    assert "portal." not in result.stderr


def test_the_wsgi_application_refuses_to_start_with_the_development_password():
    result = _production(
        ["-c", "import config.wsgi"],
        TRYTON_SERVICE_PASSWORD="portal-service",
        DJANGO_ALLOWED_HOSTS="*",
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "portal.E002" in result.stderr and "portal.E003" in result.stderr


def test_the_wsgi_application_refuses_build_only_settings():
    result = _production(["-c", "import config.wsgi"], DJANGO_BUILD_ONLY="True")

    assert result.returncode != 0
    assert "portal.E005" in result.stderr


def test_the_wsgi_application_starts_with_real_values():
    result = _production(["-c", "import config.wsgi"])

    assert result.returncode == 0, result.stderr


def test_development_settings_keep_the_development_password(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=PORTAL_DIR,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(PORTAL_DIR),
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "PORTAL_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
