"""The production stack cannot run here (no Docker engine): check it by reading it."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_stack_has_every_service_of_the_design():
    assert set(SERVICES) == {
        "postgres", "redis", "trytond", "trytond-cron", "trytond-worker", "portal", "traefik",
    }


@pytest.mark.parametrize("service", ["trytond", "trytond-cron", "trytond-worker"])
def test_tryton_processes_preload_the_database(service):
    # trytond 8.2.1 refuses every login on a database it did not preload.
    env = SERVICES[service]["environment"]
    assert env["TRYTOND_DATABASE_NAMES"].startswith("${TRYTON_DATABASE")
    assert env["TRYTOND_DATABASE__URI"].startswith("postgresql://")


def test_worker_and_cron_run_against_the_same_database():
    for service in ("trytond-cron", "trytond-worker"):
        command = SERVICES[service]["command"]
        assert "-d" in command


def test_portal_runs_production_settings_behind_traefik():
    portal = SERVICES["portal"]
    assert portal["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert portal["environment"]["TRYTON_URL"] == "http://trytond:8000/"
    assert portal["environment"]["REDIS_URL"].startswith("redis://redis:")
    labels = portal["labels"]
    assert "traefik.enable=true" in labels
    assert any("tls.certresolver=letsencrypt" in label for label in labels)
    assert any("security-headers@file" in label for label in labels)


def test_only_traefik_publishes_ports():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"traefik"}


def test_secrets_have_no_default_in_the_stack():
    text = (ROOT / "docker-compose.yml").read_text()
    # ${VAR:?message} makes compose refuse to start without the secret.
    assert re.search(r"POSTGRES_PASSWORD:\?", text)
    assert "SECRET_KEY" not in text  # comes from .env only


def test_every_file_middleware_used_by_a_router_is_defined():
    dynamic = yaml.safe_load((ROOT / "traefik/dynamic/middlewares.yml").read_text())
    defined = set(dynamic["http"]["middlewares"])
    used = set()
    for service in SERVICES.values():
        for label in service.get("labels", []):
            if ".middlewares=" in label:
                used |= {m.removesuffix("@file") for m in label.split("=", 1)[1].split(",")}
    assert used and used <= defined


def test_traefik_redirects_http_to_https_and_mounts_dynamic_config():
    traefik = SERVICES["traefik"]
    command = traefik["command"]
    assert "--entrypoints.web.http.redirections.entrypoint.scheme=https" in command
    assert "--providers.file.directory=/etc/traefik/dynamic" in command
    assert "./traefik/dynamic:/etc/traefik/dynamic:ro" in traefik["volumes"]


def test_dockerfile_installs_our_tryton_modules():
    dockerfile = (ROOT / "portal/Dockerfile").read_text()
    assert "tryton_modules" in dockerfile
    assert "compilemessages" in dockerfile
