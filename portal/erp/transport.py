"""JSON-RPC client for trytond: the only place the portal speaks HTTP to Tryton."""

import base64
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import requests
from django.views.decorators.debug import sensitive_variables

from . import encoding
from .breaker import CircuitBreaker
from .errors import (
    TrytonAccessError,
    TrytonFault,
    TrytonRateLimited,
    TrytonRoleForbidden,
    TrytonSessionEnded,
    TrytonTimeout,
    TrytonUnavailable,
    TrytonValidationError,
)

logger = logging.getLogger(__name__)

# Methods that never change data: safe to send again after a connection error.
READ_METHODS = frozenset(
    {
        "search",
        "read",
        "search_read",
        "search_count",
        "get_preferences",
        "fields_get",
        "default_get",
    }
)
# The id of the portal request the calls serve (set by core.request_id), sent to Tryton
# as a header and in the context (CONTEXT_REQUEST_ID), where our portal module logs it.
request_id: ContextVar[str] = ContextVar("request_id", default="")
REQUEST_ID_HEADER = "X-Request-Id"
CONTEXT_REQUEST_ID = "portal_request_id"

LOGIN_METHOD = "common.db.login"
PREFERENCES_METHOD = "model.res.user.get_preferences"


@dataclass(frozen=True)
class RpcEvent:
    """What observers hear about each HTTP request sent to Tryton."""

    method: str
    # True for the service user's login and preferences, which happen once per
    # process and are not part of a page's RPC budget.
    session_setup: bool = False


_observers: list[Callable[[RpcEvent], None]] = []
_observers_lock = threading.Lock()


def add_observer(observer: Callable[[RpcEvent], None]) -> None:
    """Call ``observer`` with an RpcEvent before each request is sent."""
    with _observers_lock:
        _observers.append(observer)


def remove_observer(observer: Callable[[RpcEvent], None]) -> None:
    with _observers_lock:
        _observers.remove(observer)


def _notify(event: RpcEvent) -> None:
    with _observers_lock:
        observers = list(_observers)
    for observer in observers:
        observer(event)


@dataclass(frozen=True)
class _Auth:
    # The header carries the service user's session: a credential, never in a repr.
    header: str = field(repr=False)
    context: dict


class _SessionExpired(Exception):
    """HTTP 401 on a call: the service session must be renewed."""


class JsonRpcTransport:
    """Calls trytond's JSON-RPC endpoint as the portal's service user.

    Thread-safe: one instance serves the whole process (see client.py).
    """

    def __init__(
        self,
        *,
        url: str,
        database: str,
        user: str,
        password: str,
        connect_timeout: float,
        read_timeout: float,
        retries: int,
        breaker: CircuitBreaker,
        backoff: float = 0.1,
        language: str | None = None,
        session: requests.Session | None = None,
    ):
        self.endpoint = f"{url.rstrip('/')}/{database}/rpc/"
        self.user = user
        self._password = password
        self.timeout = (connect_timeout, read_timeout)
        self.retries = retries
        self.backoff = backoff
        self.language = language
        self.breaker = breaker
        self.session = session or requests.Session()
        self._auth: _Auth | None = None
        self._login_lock = threading.Lock()
        self._ids = itertools.count(1)

    def close(self) -> None:
        self.session.close()

    @property
    def context(self) -> dict:
        """The service user's Tryton context (logs in if needed)."""
        return dict(self._current_auth().context)

    @sensitive_variables()
    def execute(
        self,
        model: str,
        method: str,
        *args: Any,
        readonly: bool | None = None,
        context: dict | None = None,
        counts_for_breaker: bool = True,
    ) -> Any:
        """Call ``model.<model>.<method>`` with ``args`` and the user context last.

        ``context`` is added to the service user's context (a customer scope's
        web-user session and party). With ``counts_for_breaker=False`` (a customer's
        login, whose slowness or failure an attacker controls) a failed call never
        counts towards opening the circuit breaker.
        """
        return self.call(
            f"model.{model}.{method}",
            args,
            readonly=readonly,
            context=context or {},
            counts_for_breaker=counts_for_breaker,
        )

    @sensitive_variables()
    def call(
        self,
        method: str,
        params: Iterable[Any] = (),
        *,
        readonly: bool | None = None,
        context: dict | None = None,
        counts_for_breaker: bool = True,
    ) -> Any:
        """Call any authenticated RPC method; a ``context`` (even {}) appends the user context.

        Reads (see READ_METHODS, or ``readonly=True``) are retried on connection
        errors and timeouts; writes never are, as Tryton may have applied them.
        """
        if readonly is None:
            readonly = method.rsplit(".", 1)[-1] in READ_METHODS
        params = list(params)
        auth = self._current_auth()
        try:
            return self._post(
                method, self._params(params, auth, context), auth, readonly, counts_for_breaker
            )
        except _SessionExpired:
            pass
        # The session expired (or the server restarted): renew it once. The
        # request was refused before running, so a write is safe to send again.
        auth = self._renew_auth(stale=auth)
        try:
            return self._post(
                method, self._params(params, auth, context), auth, readonly, counts_for_breaker
            )
        except _SessionExpired:
            logger.error("Tryton refused a fresh service session for %s", method)
            raise TrytonUnavailable() from None

    @staticmethod
    @sensitive_variables()
    def _params(params: list, auth: _Auth, context: dict | None) -> list:
        if context is None:
            return params
        traced = {CONTEXT_REQUEST_ID: request_id.get()} if request_id.get() else {}
        return [*params, {**auth.context, **traced, **context}]

    def _current_auth(self) -> _Auth:
        auth = self._auth
        if auth is not None:
            return auth
        with self._login_lock:
            if self._auth is None:
                self._auth = self._login()
            return self._auth

    def _renew_auth(self, *, stale: _Auth) -> _Auth:
        with self._login_lock:
            # Another thread may already have renewed it while we waited.
            if self._auth is None or self._auth is stale:
                self._auth = self._login()
            return self._auth

    @sensitive_variables()
    def _login(self) -> _Auth:
        params = [self.user, {"password": self._password}, self.language]
        try:
            result = self._post(LOGIN_METHOD, params, None, True, True, session_setup=True)
        except _SessionExpired:
            logger.error("Tryton refused the service user %r: check its password", self.user)
            raise TrytonUnavailable() from None
        user_id, session_key = result[0], result[1]
        token = base64.b64encode(f"{self.user}:{user_id}:{session_key}".encode()).decode("ascii")
        header = f"Session {token}"
        try:
            context = self._post(
                PREFERENCES_METHOD, [True, {}], _Auth(header, {}), True, True, session_setup=True
            )
        except _SessionExpired:
            logger.error("Tryton refused the new service session of %r", self.user)
            raise TrytonUnavailable() from None
        return _Auth(header=header, context=context or {})

    # Frames here hold the request body and the Authorization header: an error
    # page (even Django's debug page, see config/reporting.py) must not show them.
    @sensitive_variables()
    def _post(
        self,
        method: str,
        params: list,
        auth: _Auth | None,
        readonly: bool,
        counts_for_breaker: bool,
        *,
        session_setup: bool = False,
    ) -> Any:
        body = encoding.dumps({"id": next(self._ids), "method": method, "params": params})
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if auth is not None:
            headers["Authorization"] = auth.header
        if request_id.get():
            headers[REQUEST_ID_HEADER] = request_id.get()
        attempts = 1 + (self.retries if readonly else 0)
        for attempt in range(attempts):
            self.breaker.before_call()
            _notify(RpcEvent(method, session_setup))
            try:
                response = self.session.post(
                    self.endpoint, data=body.encode(), headers=headers, timeout=self.timeout
                )
            except requests.RequestException as exc:
                self._record_failure(counts_for_breaker)
                logger.warning("Tryton %s failed (attempt %d): %r", method, attempt + 1, exc)
                if attempt + 1 < attempts:
                    time.sleep(self.backoff * 2**attempt)
                    continue
                # "from None": requests' frames (headers, body) stay off error pages.
                if isinstance(exc, requests.ReadTimeout):
                    raise TrytonTimeout() from None
                raise TrytonUnavailable() from None
            if response.status_code >= 500:
                self._record_failure(counts_for_breaker)
                logger.warning(
                    "Tryton %s answered HTTP %d (attempt %d)",
                    method,
                    response.status_code,
                    attempt + 1,
                )
                if attempt + 1 < attempts:
                    time.sleep(self.backoff * 2**attempt)
                    continue
                raise TrytonUnavailable()
            self.breaker.record_success()
            return self._result(method, response)
        raise AssertionError("unreachable")  # pragma: no cover

    def _record_failure(self, counts_for_breaker: bool) -> None:
        if counts_for_breaker:
            self.breaker.record_failure()
        else:
            self.breaker.release()

    @staticmethod
    def _result(method: str, response: requests.Response) -> Any:
        status = response.status_code
        if status == 401:
            raise _SessionExpired()
        if status == 429:
            raise TrytonRateLimited()
        if status == 403:
            logger.error("Tryton denied %s to the service user (HTTP 403)", method)
            raise TrytonAccessError()
        if status != 200:
            logger.error("Tryton %s answered HTTP %d: %.500s", method, status, response.text)
            raise TrytonFault()
        try:
            payload = encoding.loads(response.content)
        except ValueError:
            logger.error("Tryton %s answered invalid JSON: %.500s", method, response.text)
            raise TrytonFault() from None
        if not isinstance(payload, dict):
            logger.error("Tryton %s answered an unexpected payload: %.500r", method, payload)
            raise TrytonFault()
        if payload.get("error") is not None:
            raise _error(method, payload["error"])
        return payload.get("result")


def _error(method: str, error: Any) -> Exception:
    """Map a JSON-RPC ``error`` member to a gateway exception."""
    # A RateLimitException raised inside a model method (web.user.authenticate
    # throttling) has no args: trytond answers HTTP 200 {"error": []}, not 429.
    if isinstance(error, list | tuple) and not error:
        logger.warning("Tryton %s throttled the request", method)
        return TrytonRateLimited()
    kind = error[0] if isinstance(error, list | tuple) and error else None
    args = error[1] if isinstance(error, list | tuple) and len(error) > 1 else None
    # Our portal module's refusal of a customer call whose web-user session is over.
    if kind == "PortalSessionEnded":
        logger.info("Tryton %s refused: the web-user session has ended", method)
        return TrytonSessionEnded()
    # Its refusal of a call the web user's role for the customer does not allow.
    if kind == "PortalRoleForbidden":
        logger.warning("Tryton %s refused: not for the web user's role", method)
        return TrytonRoleForbidden()
    # UserError (and its subclasses ValidationError, AccessError...) carries
    # (message, description, domain); UserWarning carries (name, message, description).
    if kind == "UserError" and isinstance(args, list | tuple) and args:
        logger.info("Tryton %s refused: %s", method, args[0])
        description = args[1] if len(args) > 1 else ""
        return TrytonValidationError(str(args[0]), str(description or ""))
    if kind == "UserWarning" and isinstance(args, list | tuple) and len(args) > 1:
        logger.info("Tryton %s warned: %s", method, args[1])
        description = args[2] if len(args) > 2 else ""
        return TrytonValidationError(str(args[1]), str(description or ""))
    logger.error("Tryton %s failed: %.2000r", method, error)
    return TrytonFault()
