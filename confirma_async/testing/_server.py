"""What both fakes share: the aiohttp.web lifecycle, the request pipeline (request ids,
the request log, fault knobs, then the fake's own authentication) and a thread runner.

A fake runs either in the caller's event loop (``async with``) or in a background thread
with its own loop (``with``, the sync clients' ``LoopThread``), so synchronous tests and
the CLI can use it too. The knobs
are in ``_faults.py``, the log in ``_log.py``, the handlers' helpers in ``_http.py``.
"""

from __future__ import annotations

import asyncio
import math
import socket
import struct
import threading
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TypeVar

from aiohttp import web

from .._bridge import LoopThread
from ._faults import Faults
from ._http import error_response
from ._log import LoggedRequest, RequestLog

__all__ = ["FakeServer", "REQUEST_LOG_SIZE"]

S = TypeVar("S", bound="FakeServer")
#: How many requests ``request_log`` keeps (a long-running sandbox stays small).
REQUEST_LOG_SIZE = 100_000
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


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
        self._thread: LoopThread | None = None
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
        thread = LoopThread("confirma-fake")
        try:
            thread.run(self.start())
        except BaseException:
            thread.stop()
            raise
        self._thread = thread
        return self

    def stop_thread(self) -> None:
        """Stop a fake started with ``start_in_thread``. Idempotent."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop(self.close)

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
