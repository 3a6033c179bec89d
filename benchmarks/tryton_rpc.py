"""Raw JSON-RPC to trytond, without the portal's gateway: the floor the gateway is
measured against. Sends what the gateway sends (the service user's context plus the
customer's web-user session and party) and decodes the answer with plain ``json``."""

from __future__ import annotations

import base64
import itertools
import json

import requests


class RawTryton:
    """One keep-alive HTTP session logged in as ``login`` (thread-confined)."""

    def __init__(self, url: str, database: str, login: str, password: str):
        self.endpoint = f"{url.rstrip('/')}/{database}/rpc/"
        self.http = requests.Session()
        self._ids = itertools.count(1)
        user_id, key = self.call("common.db.login", [login, {"password": password}, "fr"])[:2]
        token = base64.b64encode(f"{login}:{user_id}:{key}".encode()).decode()
        self.http.headers["Authorization"] = f"Session {token}"
        self.context = self.call("model.res.user.get_preferences", [True, {}])

    def call(self, method: str, params: list):
        body = json.dumps({"id": next(self._ids), "method": method, "params": params})
        response = self.http.post(
            self.endpoint, data=body, headers={"Content-Type": "application/json"},
            timeout=60)
        response.raise_for_status()
        payload = response.json()
        if payload.get("error") is not None:
            raise RuntimeError(f"{method}: {payload['error']!r:.500}")
        return payload["result"]

    def execute(self, model: str, method: str, *args, context: dict | None = None):
        return self.call(f"model.{model}.{method}", [*args, {**self.context, **(context or {})}])

    def web_user_login(self, email: str, password: str) -> tuple[str, int]:
        """(session key, party id) of a portal login, through the portal module's entry."""
        result = self.execute(
            "web.user", "portal_login", email, {"password": password}, "127.0.0.1")
        return result["session"], result["user"]["party"]["id"]

    def report(self, name: str, record_id: int, *, context: dict | None = None) -> bytes:
        """Tryton's ``report.<name>.execute``: the document's bytes."""
        result = self.call(
            f"report.{name}.execute", [[record_id], {}, {**self.context, **(context or {})}])
        data = result[1]
        if isinstance(data, dict):  # {"__class__": "bytes", "base64": ...}
            return base64.b64decode(data.get("base64", ""))
        return data.encode() if isinstance(data, str) else data
