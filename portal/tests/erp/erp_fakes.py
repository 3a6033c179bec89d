"""A fake trytond behind a requests adapter: the gateway's real HTTP code runs against it."""

import base64
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import BaseAdapter

from erp import encoding

URL = "http://tryton.test/"
DATABASE = "testdb"
SERVICE_USER = "portal_service"
SERVICE_PASSWORD = "service-secret"
SERVICE_USER_ID = 7
CONTEXT = {"language": "en", "company": 1}
ALICE = 11  # party ids of the two customers in the sales fixture
BOB = 12


@dataclass
class Reply:
    """A canned HTTP answer: a status and a JSON-RPC result or error."""

    status: int = 200
    result: Any = None
    error: Any = None
    body: bytes | None = None


@dataclass
class Sent:
    method: str
    params: list
    headers: dict
    timeout: Any


@dataclass
class FakeTryton(BaseAdapter):
    """Answers JSON-RPC like trytond: login, sessions, handlers per method.

    ``queue(...)`` programs the next answers (an exception to raise, or a
    Reply) before the handlers are consulted again.
    """

    handlers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)
    _queued: list[Any] = field(default_factory=list)
    _keys: Any = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self):
        super().__init__()

    def on(self, method: str, handler: Callable[..., Any]) -> None:
        """Answer ``method`` with ``handler(*params)`` (a value, or a Reply)."""
        self.handlers[method] = handler

    def queue(self, *answers: Any) -> None:
        self._queued.extend(answers)

    def expire_sessions(self) -> None:
        self.sessions.clear()

    def methods(self) -> list[str]:
        return [s.method for s in self.sent]

    def close(self):
        pass

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        payload = encoding.loads(request.body)
        self.sent.append(Sent(payload["method"], payload["params"], dict(request.headers), timeout))
        if self._queued:
            answer = self._queued.pop(0)
            if isinstance(answer, BaseException):
                raise answer
            return self._response(request, payload, answer)
        return self._response(request, payload, self._answer(request, payload))

    def _answer(self, request, payload) -> Reply:
        method, params = payload["method"], payload["params"]
        if method == "common.db.login":
            user, parameters = params[0], params[1]
            if user != SERVICE_USER or parameters.get("password") != SERVICE_PASSWORD:
                return Reply(status=401, body=b"<html>Unauthorized</html>")
            key = f"session-{next(self._keys)}"
            self.sessions.add(key)
            return Reply(result=[SERVICE_USER_ID, key, None])
        if not self._authenticated(request.headers.get("Authorization", "")):
            return Reply(status=401, body=b"<html>Unauthorized</html>")
        if method == "model.res.user.get_preferences":
            return Reply(result=dict(CONTEXT))
        handler = self.handlers.get(method)
        if handler is None:
            return Reply(status=403, body=b"<html>Forbidden</html>")
        result = handler(*params)
        return result if isinstance(result, Reply) else Reply(result=result)

    def _authenticated(self, header: str) -> bool:
        if not header.startswith("Session "):
            return False
        login, user_id, key = base64.b64decode(header[8:]).decode().split(":", 2)
        return login == SERVICE_USER and user_id == str(SERVICE_USER_ID) and key in self.sessions

    @staticmethod
    def _response(request, payload, reply: Reply) -> requests.Response:
        response = requests.Response()
        response.status_code = reply.status
        response.request = request
        response.url = request.url
        if reply.body is not None:
            response._content = reply.body
        else:
            member = {"error": reply.error} if reply.error is not None else {"result": reply.result}
            response._content = encoding.dumps({"id": payload["id"], **member}).encode()
            response.headers["Content-Type"] = "application/json"
        return response


def evaluate(domain: list, row: dict) -> bool:
    """Evaluate the subset of Tryton domains the gateway sends ('AND'/'OR', =, !=, ilike)."""
    if not domain:
        return True
    if domain[0] in ("AND", "OR"):
        operator, leaves = domain[0], domain[1:]
    else:
        operator, leaves = "AND", domain
    results = []
    for leaf in leaves:
        if leaf and isinstance(leaf[0], str) and leaf[0] not in ("AND", "OR") and len(leaf) == 3:
            name, op, value = leaf
            actual = row.get(name)
            if op == "=":
                results.append(actual == value)
            elif op == "!=":
                results.append(actual != value)
            elif op == "ilike":
                results.append(value.strip("%").lower() in str(actual or "").lower())
            else:
                raise AssertionError(f"unsupported operator {op}")
        else:
            results.append(evaluate(leaf, row))
    return all(results) if operator == "AND" else any(results)
