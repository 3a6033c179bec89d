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
        "postgres", "redis", "trytond", "trytond-cron", "trytond-worker",
        "portal-migrate", "portal", "traefik",
        "portal-outbox",
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


def test_the_portal_keeps_its_own_data_in_postgresql_migrated_before_it_starts():
    """Sessions, notifications, the audit log and the outbox are shared by the replicas:
    a database of the portal's own on the stack's PostgreSQL, never SQLite in a container."""
    migrate, portal = SERVICES["portal-migrate"], SERVICES["portal"]
    assert portal["environment"] == migrate["environment"]
    url = portal["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql://") and "@postgres:5432/${PORTAL_DATABASE" in url
    assert migrate["command"][-2:] == ["migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert portal["depends_on"]["portal-migrate"] == {
        "condition": "service_completed_successfully"
    }
    # The PostgreSQL image creates that database on a new volume.
    postgres = SERVICES["postgres"]
    assert "./postgres/initdb:/docker-entrypoint-initdb.d:ro" in postgres["volumes"]
    script = (ROOT / "postgres/initdb/10-portal-database.sh").read_text()
    assert 'CREATE DATABASE \\"${PORTAL_DATABASE:-portal_web}\\"' in script
    assert postgres["environment"]["PORTAL_DATABASE"] == "${PORTAL_DATABASE:-portal_web}"


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


TRAEFIK_DYNAMIC = yaml.safe_load((ROOT / "traefik/dynamic/middlewares.yml").read_text())


def _labels(service: str) -> dict[str, str]:
    return dict(label.split("=", 1) for label in SERVICES[service].get("labels", []))


def _routers() -> dict[str, dict[str, str]]:
    """Every Traefik router declared on a container: name -> {option: value}."""
    routers: dict[str, dict[str, str]] = {}
    for name in SERVICES:
        for key, value in _labels(name).items():
            if key.startswith("traefik.http.routers."):
                router, option = key.removeprefix("traefik.http.routers.").split(".", 1)
                routers.setdefault(router, {})[option] = value
    return routers


def test_portal_health_check_asks_for_readiness():
    test = " ".join(SERVICES["portal"]["healthcheck"]["test"])

    assert "/ready/" in test
    # Under the portal's host name: ALLOWED_HOSTS refuses 127.0.0.1.
    assert "DJANGO_ALLOWED_HOSTS" in test


def test_trytond_health_check_asks_json_rpc():
    # trytond answers GET / with a 404: only a JSON-RPC call says it serves.
    test = " ".join(SERVICES["trytond"]["healthcheck"]["test"])

    assert "common.server.version" in test


@pytest.mark.parametrize("router", sorted(_routers()))
def test_every_router_is_on_tls(router):
    options = _routers()[router]

    assert options["entrypoints"] == "websecure"
    assert options.get("tls.certresolver") or options.get("tls") == "true"


def test_portal_routers_carry_the_security_headers():
    for router in ("portal", "portal-login"):
        assert "security-headers@file" in _routers()[router]["middlewares"].split(",")


def test_login_is_rate_limited_by_traefik():
    routers = _routers()
    login = routers["portal-login"]

    assert "/accounts/login/" in login["rule"] and "${PORTAL_HOST}" in login["rule"]
    assert login["service"] == routers["portal"]["service"] == "portal"
    assert "login-rate-limit@file" in login["middlewares"].split(",")
    assert TRAEFIK_DYNAMIC["http"]["middlewares"]["login-rate-limit"]["rateLimit"]["average"]


def test_trytond_is_published_only_for_json_rpc_to_its_database():
    rule = _routers()["tryton"]["rule"]

    assert rule.startswith("Host(`${TRYTON_HOST")
    assert "PathPrefix(`/${TRYTON_DATABASE:-portal}/`)" in rule


def test_trytond_runs_with_the_production_configuration_without_database_list():
    import configparser

    for service in ("trytond", "trytond-cron", "trytond-worker"):
        path = SERVICES[service]["environment"]["TRYTOND_CONFIG"]
        assert path == "/app/tryton/trytond-postgresql.conf"
    config = configparser.ConfigParser()
    config.read(ROOT / "tryton/trytond-postgresql.conf")
    assert config.getboolean("database", "list") is False


def test_no_default_secret_in_the_stack():
    text = (ROOT / "docker-compose.yml").read_text()

    for development_value in ("portal-service", "django-insecure", "changeme", "admin:admin"):
        assert development_value not in text
    for variable in re.findall(r"\$\{(\w*(?:PASSWORD|SECRET|KEY)\w*)([^}]*)\}", text):
        name, rest = variable
        assert rest.startswith(":?") or rest == "", f"{name} has a default: {rest}"


def test_the_portal_gets_its_secrets_from_env_file_only():
    portal = SERVICES["portal"]
    assert portal["env_file"] == ".env"
    for name in ("DJANGO_SECRET_KEY", "TRYTON_SERVICE_PASSWORD"):
        assert name not in portal["environment"]


def test_outbox_worker_replays_with_the_portals_settings():
    worker, portal = SERVICES["portal-outbox"], SERVICES["portal"]
    assert worker["command"][-2:] == ["outbox_replay", "--loop"]
    assert worker["environment"] == portal["environment"]
    assert worker["env_file"] == ".env"
    assert not worker.get("ports") and not worker.get("labels")


def test_the_image_runs_the_backup_scripts():
    # tryton/backup.sh and restore.sh run inside the image (docs/operations.md): they need
    # PostgreSQL's client, and the image must hold them.
    dockerfile = (ROOT / "portal/Dockerfile").read_text()
    assert "postgresql-client" in dockerfile
    assert "COPY tryton/ tryton/" in dockerfile
    for script in ("backup.sh", "restore.sh"):
        assert (ROOT / "tryton" / script).is_file()
