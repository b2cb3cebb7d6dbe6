"""User hooks that observe the transport: each request attempt, each response, each retry.

``Hooks(on_request=..., on_response=..., on_retry=...)`` is passed to the client as
``hooks=``. Hooks are plain (non-async) callables run inside the event loop, so they must
be quick and must not block; an exception raised by a hook propagates to the caller of the
request. The events carry the method and the URL *path* only: never the query string
(bulk keys live there), headers (credentials) or bodies (personal data). Unset hooks cost
one ``is None`` check per request.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from .._errors import ConfirmaError

__all__ = ["Hooks", "RequestEvent", "ResponseEvent", "RetryEvent"]


@attrs.frozen
class RequestEvent:
    """An attempt is about to be sent (after a concurrency slot was acquired)."""

    method: str
    path: str
    #: 1 for the first attempt, 2 for the first retry, ...
    attempt: int


@attrs.frozen
class ResponseEvent:
    """An attempt got an HTTP response (any status, before it is decoded or retried)."""

    method: str
    path: str
    attempt: int
    status: int
    #: Seconds from sending the attempt to having read the whole body.
    elapsed: float
    request_id: str | None


@attrs.frozen
class RetryEvent:
    """A failed attempt will be retried after ``delay`` seconds."""

    method: str
    path: str
    #: The attempt that failed (the retry will be ``attempt + 1``).
    attempt: int
    #: Why, in words: ``"status 503"``, ``"timeout"``, ``"connection dropped before a
    #: complete answer (ServerDisconnectedError)"``, ``"... (before sending)"``, ...
    reason: str
    delay: float
    #: The HTTP status when the server answered, else ``None``.
    status: int | None
    error: ConfirmaError


@attrs.frozen
class Hooks:
    """Callbacks observing the transport; pass as ``AsyncConfirmaClient(hooks=Hooks(...))``."""

    on_request: Callable[[RequestEvent], None] | None = None
    on_response: Callable[[ResponseEvent], None] | None = None
    on_retry: Callable[[RetryEvent], None] | None = None


NO_HOOKS = Hooks()
