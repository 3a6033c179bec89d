import pytest

from erp.testing import count_rpc_calls


@pytest.mark.django_db
def test_health_is_public_and_never_calls_tryton(client):
    with count_rpc_calls(include_session_setup=True) as calls:
        response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(calls) == 0
    assert "no-cache" in response["Cache-Control"]
