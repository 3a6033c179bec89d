import pytest
from django.core.cache import caches

from erp.testing import count_rpc_calls

pytestmark = pytest.mark.django_db


def test_health_is_public_and_never_calls_tryton(client):
    with count_rpc_calls(include_session_setup=True) as calls:
        response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(calls) == 0
    assert "no-cache" in response["Cache-Control"]


def test_health_stays_up_when_tryton_is_down(client, fake_tryton):
    fake_tryton.down = True

    assert client.get("/health/").status_code == 200


def test_ready_when_every_dependency_answers(client, fake_tryton):
    response = client.get("/ready/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "failed": [],
        "checks": {"tryton": "ok", "database": "ok", "cache": "ok", "static": "ok"},
    }
    assert "model.res.user.get_preferences" in fake_tryton.methods()
    assert "no-store" in response["Cache-Control"]


def test_not_ready_when_tryton_is_down(client, fake_tryton):
    fake_tryton.down = True

    response = client.get("/ready/")

    assert response.status_code == 503
    assert response.json()["failed"] == ["tryton"]
    assert response.json()["checks"]["database"] == "ok"


def test_not_ready_when_tryton_refuses_the_service_user(client, fake_tryton, settings):
    settings.TRYTON_SERVICE_PASSWORD = "rotated-in-tryton-only"

    response = client.get("/ready/")

    assert response.status_code == 503
    assert response.json()["failed"] == ["tryton"]
    assert "rotated-in-tryton-only" not in response.content.decode()


def test_not_ready_when_redis_is_down(client, fake_tryton, settings):
    # As configured in production: a dead Redis raises nothing, it only forgets.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
    caches["default"]  # the new backend, built from the changed setting

    response = client.get("/ready/")

    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]
    assert "redis://" not in response.content.decode()


def test_not_ready_without_the_static_manifest(client, fake_tryton, settings, tmp_path):
    # What the broken image did: files collected without the manifest production reads.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    response = client.get("/ready/")

    assert response.status_code == 503
    assert response.json()["failed"] == ["static"]
