"""Test helpers: count the RPC calls a piece of code makes."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .transport import RpcEvent, add_observer, remove_observer


class RpcCalls:
    """The RPC methods sent while counting, in order."""

    def __init__(self, *, include_session_setup: bool = False):
        self.include_session_setup = include_session_setup
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, event: RpcEvent) -> None:
        if event.session_setup and not self.include_session_setup:
            return
        with self._lock:
            self.calls.append(event.method)

    def __len__(self) -> int:
        return len(self.calls)

    def __repr__(self) -> str:
        return f"<RpcCalls {self.calls!r}>"


@contextmanager
def count_rpc_calls(*, include_session_setup: bool = False) -> Iterator[RpcCalls]:
    """Record every request sent to Tryton inside the block.

    The service user's login and preferences (once per process) are left out
    unless ``include_session_setup`` is true: budgets are about pages.
    Retried requests count once per attempt.
    """
    counter = RpcCalls(include_session_setup=include_session_setup)
    add_observer(counter)
    try:
        yield counter
    finally:
        remove_observer(counter)
