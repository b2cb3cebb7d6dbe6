"""What both fakes share: the aiohttp.web lifecycle, fault knobs, request ids and a thread runner.

A fake runs either in the caller's event loop (``async with``) or in a background thread
with its own loop (``with``), so synchronous tests and the CLI can use it too.
"""

from __future__ import annotations

import asyncio
import fnmatch
import math
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar, overload

import attrs
from aiohttp import web

from .. import serde

__all__ = [
    "Faults",
    "FakeServer",
    "LoggedRequest",
    "RequestLog",
    "json_response",
    "error_response",
    "read_json_body",
]

S = TypeVar("S", bound="FakeServer")
#: How many requests ``request_log`` keeps (a long-running sandbox stays small).
REQUEST_LOG_SIZE = 100_000
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_response(data: Any, *, status: int = 200) -> web.Response:
    """A JSON response; Decimals are written exactly (``serde.dumps``)."""
    return web.Response(body=serde.dumps(data), status=status, content_type="application/json")


def error_response(
    status: int, message: str, errors: list[dict[str, str]] | None = None
) -> web.Response:
    """The sandbox's error body: ``{"status", "title", "message", "errors": [{field, message}]}``.

    The real service's error format is not documented; this one names every bad field.
    """
    body: dict[str, Any] = {"status": status, "title": _TITLES.get(status, "Error"),
                            "message": message}
    if errors is not None:
        body["errors"] = errors
    return json_response(body, status=status)


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


async def read_json_body(request: web.Request) -> dict[str, Any] | web.Response:
    """The request's JSON object, or the error response to send instead."""
    if request.content_type != "application/json":
        return error_response(415, "send the body as application/json")
    try:
        body = serde.loads(await request.read())
    except ValueError:
        return error_response(400, "the body is not valid JSON")
    if not isinstance(body, dict):
        return error_response(400, "the body must be a JSON object",
                              [{"field": "$", "message": "must be an object"}])
    return body


@attrs.define
class _Rule:
    pattern: str
    method: str | None
    kind: str  # "status" | "reset" | "hang"
    status: int = 503
    seconds: float = 0.0
    retry_after: str | None = None
    remaining: int | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return fnmatch.fnmatchcase(path, self.pattern)


class Faults:
    """Fault knobs of a fake; change them at any time, also while requests are running.

    - ``latency`` (default ``0.0``): seconds added before every answer.
    - ``fail(path, status=503, *, times=None, method=None, retry_after=None)``: answer
      ``status`` (a 4xx or 5xx, e.g. 500, 503, 429) instead of the real answer, with a
      ``Retry-After`` header when ``retry_after`` is given.
    - ``reset(path, *, times=None, method=None)``: drop the connection (TCP reset)
      without answering.
    - ``hang(path, seconds=30.0, *, times=None, method=None)``: answer only after
      ``seconds`` (to provoke client timeouts); the answer is then the normal one.
    - ``rate_limit`` (default ``None``, off): requests per second; above it the fake
      answers 429 with a ``Retry-After`` saying when a request will pass.
    - ``clear()``: remove every rule, the latency and the rate limit.

    ``path`` is a glob (``"/api/v1/partner/invoice/*"``) matched against the URL path;
    ``method=None`` matches every method. **A rule applies forever** (until ``clear()``)
    unless ``times=N`` limits it to its first N matching requests. When several rules
    match, the oldest one wins. Faults come before authentication: a faulted request
    is answered (or dropped) whatever key it carries.
    """

    def __init__(self) -> None:
        self.latency = 0.0
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._rate: float | None = None
        self._burst = 1.0
        self._tokens = 0.0
        self._stamp = 0.0
        self._next_slot = 0.0

    def __repr__(self) -> str:
        return (f"Faults(latency={self.latency}, rate_limit={self._rate}, "
                f"rules={len(self._rules)})")

    # --- configuration ----------------------------------------------------------------

    def fail(
        self,
        path: str,
        status: int = 503,
        *,
        times: int | None = None,
        method: str | None = None,
        retry_after: float | str | None = None,
    ) -> None:
        """Answer ``status`` for matching requests (with ``Retry-After`` when given)."""
        if not 400 <= status <= 599:
            raise ValueError("status must be a 4xx or 5xx code")
        self._add(_Rule(path, _method(method), "status", status=status,
                        retry_after=None if retry_after is None else str(retry_after),
                        remaining=times))

    def reset(self, path: str, *, times: int | None = None, method: str | None = None) -> None:
        """Reset the connection of matching requests without an answer."""
        self._add(_Rule(path, _method(method), "reset", remaining=times))

    def hang(
        self, path: str, seconds: float = 30.0, *, times: int | None = None,
        method: str | None = None,
    ) -> None:
        """Delay the answer of matching requests by ``seconds`` (the answer is then normal)."""
        self._add(_Rule(path, _method(method), "hang", seconds=seconds, remaining=times))

    @property
    def rate_limit(self) -> float | None:
        """Allowed requests per second (a token bucket of one second's worth), or ``None``."""
        return self._rate

    @rate_limit.setter
    def rate_limit(self, value: float | None) -> None:
        with self._lock:
            if value is not None and value <= 0:
                raise ValueError("rate_limit must be positive or None")
            self._rate = value
            self._burst = max(1.0, float(value or 1))
            self._tokens = self._burst
            self._stamp = time.monotonic()
            self._next_slot = 0.0

    def clear(self) -> None:
        """Remove every rule, the latency and the rate limit."""
        with self._lock:
            self._rules.clear()
        self.latency = 0.0
        self.rate_limit = None

    # --- used by the server -------------------------------------------------------------

    def _add(self, rule: _Rule) -> None:
        if rule.remaining is not None and rule.remaining < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._rules.append(rule)

    def _match(self, method: str, path: str) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining == 0:
                            self._rules.remove(rule)
                    return rule
        return None

    def _take_token(self) -> float | None:
        """None when the request may pass, else the seconds until a token is free."""
        with self._lock:
            if self._rate is None:
                return None
            now = time.monotonic()
            self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now
            if self._tokens >= 1:
                self._tokens -= 1
                return None
            # Each refused request is told a different moment, so retries spread out
            # instead of all coming back at once.
            slot = max(self._next_slot, now + (1 - self._tokens) / self._rate)
            self._next_slot = slot + 1 / self._rate
            return slot - now


def _method(method: str | None) -> str | None:
    return None if method is None else method.upper()


@attrs.define(eq=False)
class LoggedRequest:
    """One request a fake received, as ``FakeConfirma.request_log`` keeps it.

    ``query`` holds the query parameters (a repeated one keeps its first value).
    ``status`` is the status the fake answered, ``None`` while the request is still
    being handled or when the fake dropped the connection (``faults.reset``);
    ``request_id`` is the ``X-Request-Id`` the answer carried. Headers and bodies are
    not kept (they hold keys and personal data).
    """

    method: str
    path: str
    query: Mapping[str, str]
    request_id: str
    status: int | None = None


class RequestLog(Sequence[LoggedRequest]):
    """The latest requests of a fake, oldest first: a read-only sequence that slices.

    It keeps the last ``maxlen`` requests (``REQUEST_LOG_SIZE``, 100,000), so a sandbox
    that runs for days stays small; ``fake.requests`` counts all of them. Indexing and
    slicing (``log[-1]``, ``log[-3:]``) read a consistent snapshot while requests arrive.
    """

    def __init__(self, maxlen: int) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    @overload
    def __getitem__(self, index: int) -> LoggedRequest: ...
    @overload
    def __getitem__(self, index: slice) -> list[LoggedRequest]: ...
    def __getitem__(self, index: int | slice) -> LoggedRequest | list[LoggedRequest]:
        with self._lock:
            if isinstance(index, slice):
                # Index by position: cheap near both ends of a deque, no full copy.
                return [self._entries[i] for i in range(*index.indices(len(self._entries)))]
            return self._entries[index]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LoggedRequest]:
        with self._lock:
            return iter(list(self._entries))

    def __repr__(self) -> str:
        return f"RequestLog({len(self)} requests)"

    def matching(self, path: str = "*", *, method: str | None = None) -> list[LoggedRequest]:
        """The logged requests whose path matches the glob ``path`` (and ``method``)."""
        wanted = _method(method)
        return [entry for entry in self
                if (wanted is None or entry.method == wanted)
                and fnmatch.fnmatchcase(entry.path, path)]

    def clear(self) -> None:
        """Forget every logged request (``fake.requests`` keeps counting)."""
        with self._lock:
            self._entries.clear()

    def _add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)


def _retry_after_text(seconds: float) -> str:
    # Fractions keep tests fast; the SDK (like most clients) accepts them.
    return f"{math.ceil(seconds * 1000) / 1000:g}"


class FakeServer:
    """Lifecycle, faults and bookkeeping shared by ``FakeConfirma`` and ``FakeCollection``."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.faults = Faults()
        #: The latest requests (up to ``REQUEST_LOG_SIZE``) as ``LoggedRequest``, oldest
        #: first: ``fake.request_log[-3:]``, ``fake.request_log.matching("/api/*/case")``.
        self.request_log = RequestLog(REQUEST_LOG_SIZE)
        self._lock = threading.RLock()
        self._runner: web.AppRunner | None = None
        self._closing: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._request_counter = 0

    # --- to be provided by subclasses ---------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        raise NotImplementedError

    async def _authenticate(self, request: web.Request) -> web.StreamResponse | None:
        """Return an error response to refuse the request, ``None`` to let it pass."""
        return None

    # --- public ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The root URL, e.g. ``http://127.0.0.1:54321`` (valid once started)."""
        return f"http://{self.host}:{self.port}"

    @property
    def requests(self) -> int:
        """How many requests arrived (including refused ones)."""
        return self._request_counter

    async def start(self: S) -> S:
        """Bind to ``host``/``port`` (0 = a free port) and serve in the running loop."""
        if self._runner is not None:
            raise RuntimeError("the fake is already running")
        app = web.Application(middlewares=[self._middleware], client_max_size=8 * 1024**2)
        self._routes(app)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        if self.port == 0:
            self.port = runner.addresses[0][1]
        self._runner = runner
        self._closing = asyncio.Event()
        return self

    async def close(self) -> None:
        """Stop serving. Idempotent."""
        runner, self._runner = self._runner, None
        if self._closing is not None:
            self._closing.set()
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self: S) -> S:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # --- running in a background thread (sync tests, CLI) --------------------------------

    def start_in_thread(self: S) -> S:
        """Serve from a daemon thread with its own event loop; returns once it listens."""
        if self._thread is not None:
            raise RuntimeError("the fake is already running in a thread")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="confirma-fake", daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(), loop).result(timeout=30)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
            raise
        self._thread, self._loop = thread, loop
        return self

    def stop_thread(self) -> None:
        """Stop a fake started with ``start_in_thread``. Idempotent."""
        thread, loop = self._thread, self._loop
        self._thread = self._loop = None
        if thread is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self.close(), loop).result(timeout=30)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()

    def __enter__(self: S) -> S:
        return self.start_in_thread()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop_thread()

    # --- the request pipeline -------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        with self._lock:
            self._request_counter += 1
            request_id = f"sandbox-{self._request_counter:08d}"
        query: dict[str, str] = {}
        for name, value in request.query.items():
            query.setdefault(name, value)
        entry = LoggedRequest(request.method, request.path, query, request_id)
        self.request_log._add(entry)
        try:
            response = await self._faulted(request, handler)
        except web.HTTPException as exc:
            entry.status = exc.status
            raise
        response.headers["X-Request-Id"] = request_id
        entry.status = response.status
        return response

    async def _faulted(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        faults = self.faults
        if faults.latency > 0:
            await asyncio.sleep(faults.latency)
        wait = faults._take_token()
        if wait is not None:
            response = error_response(429, "rate limit exceeded")
            response.headers["Retry-After"] = _retry_after_text(wait)
            return response
        rule = faults._match(request.method, request.path)
        if rule is not None:
            if rule.kind == "reset":
                _reset_connection(request)
                raise asyncio.CancelledError
            if rule.kind == "hang":
                await self._sleep(rule.seconds)
            else:
                response = error_response(rule.status, "injected fault")
                if rule.retry_after is not None:
                    response.headers["Retry-After"] = rule.retry_after
                return response
        refused = await self._authenticate(request)
        if refused is not None:
            return refused
        return await handler(request)

    async def _sleep(self, seconds: float) -> None:
        # Ends early when the fake closes, so a hanging request never blocks shutdown.
        assert self._closing is not None
        try:
            await asyncio.wait_for(self._closing.wait(), timeout=seconds)
        except asyncio.TimeoutError:
            pass


def _reset_connection(request: web.Request) -> None:
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        try:
            # Linger 0: closing sends a TCP RST instead of an orderly FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    transport.abort()
