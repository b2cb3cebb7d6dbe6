"""A raw-asyncio HTTP/1.1 server on 127.0.0.1 that misbehaves at the byte level.

aiohttp.web (and aioresponses) always speak correct HTTP; the faults the SDK must survive
are below that: a connection reset before or after the request was read, headers and then
a reset, an endless chunked body, a gzip bomb, a huge error body, a slow drip, redirects.
Each request is handled by ``server.script(conn, request)``, an async function that writes
whatever bytes it likes (the helpers below write the usual faults). The server counts what
really arrived: every parsed request is in ``server.requests`` (method, target, headers,
body), every accepted connection in ``server.connections``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import attrs
import pytest
from anyio.from_thread import start_blocking_portal

from confirma_async import AsyncConfirmaClient, RetryPolicy
from tests.bodies import case_body

#: A safety stop for "endless" bodies: a regression may read on, but never forever.
SAFETY_LIMIT = 256 * 1024 * 1024


@attrs.frozen
class Request:
    """One request as the server parsed it from the bytes it received."""

    method: str
    target: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


class Conn:
    """One accepted connection: read requests, write raw bytes, close or reset."""

    def __init__(
        self, server: HostileServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.server = server
        self.reader = reader
        self.writer = writer
        self.closed = False

    async def read_request(self) -> Request | None:
        """The next request on this connection, or ``None`` when the client closed it."""
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            return None
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        body = await self.reader.readexactly(length) if length else b""
        request = Request(method, target, headers, body)
        self.server.requests.append(request)
        return request

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def respond(
        self,
        status: int,
        body: bytes | str | Any = b"",
        headers: dict[str, str] | None = None,
        *,
        reason: str = "X",
    ) -> None:
        """A well-formed response with Content-Length (JSON-encodes non-bytes bodies)."""
        if isinstance(body, str):
            data = body.encode()
        elif isinstance(body, (bytes, bytearray)):
            data = bytes(body)
        else:
            data = json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        all_headers["Content-Length"] = str(len(data))
        await self.send(head(status, all_headers, reason) + data)

    def reset(self) -> None:
        """Drop the connection with a TCP RST (SO_LINGER 0), not a polite FIN."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()
        self.closed = True

    def close(self) -> None:
        """Close politely (FIN), without answering anything more."""
        self.writer.close()
        self.closed = True


def head(status: int, headers: dict[str, str], reason: str = "X") -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


Script = Callable[[Conn, Request], Awaitable[None]]


class HostileServer:
    """``async with HostileServer(script) as server:`` then ``server.url``.

    ``script(conn, request)`` runs for every request; the server keeps reading requests
    on the connection until the script closes or resets it. ``on_connect(conn)`` (if set)
    runs first for every new connection, e.g. to reset it before anything is read.
    """

    def __init__(self, script: Script | None = None) -> None:
        self.script: Script = script or ok_json({})
        self.on_connect: Callable[[Conn], Awaitable[None]] | None = None
        self.requests: list[Request] = []
        self.connections = 0
        self.release = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many requests (with this method and path) reached the server."""
        return sum(
            1
            for r in self.requests
            if (method is None or r.method == method) and (path is None or r.path == path)
        )

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        conn = Conn(self, reader, writer)
        try:
            if self.on_connect is not None:
                await self.on_connect(conn)
            while not conn.closed:
                request = await conn.read_request()
                if request is None:
                    break
                await self.script(conn, request)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client went away: that is what many of these tests provoke
        except asyncio.CancelledError:
            # Shutting down. Ending normally: asyncio (3.11) logs a cancelled callback task.
            pass
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]
            if not conn.closed:
                writer.close()

    async def __aenter__(self) -> HostileServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.release.set()
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
        await self._server.wait_closed()


# --- scripts: what to do with a request ---------------------------------------------------


def ok_json(data: Any, headers: dict[str, str] | None = None, status: int = 200) -> Script:
    async def script(conn: Conn, request: Request) -> None:
        await conn.respond(status, data, headers)

    return script


async def reset_after_reading(conn: Conn, request: Request) -> None:
    """The request arrived in full; the server (may have acted on it and) resets."""
    conn.reset()


async def close_after_reading(conn: Conn, request: Request) -> None:
    """The request arrived in full; the server closes without answering."""
    conn.close()


async def headers_then_reset(conn: Conn, request: Request) -> None:
    await conn.send(head(200, {"Content-Type": "application/json", "Content-Length": "1000"}))
    await conn.send(b'{"cases": [')
    conn.reset()


def hang(server: HostileServer) -> Script:
    """Read the request, answer nothing until the test ends (a timeout test)."""

    async def script(conn: Conn, request: Request) -> None:
        await server.release.wait()
        conn.close()

    return script


async def endless_chunked(conn: Conn, request: Request) -> None:
    """A 200 whose chunked JSON array never ends (until the safety stop)."""
    await conn.send(
        head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    )
    chunk = b"[" + b"0," * 32767
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    while sent < SAFETY_LIMIT:
        await conn.send(framed)
        sent += len(chunk)
    await conn.send(b"1\r\n0\r\n1\r\n]\r\n0\r\n\r\n")


_BOMBS: dict[int, bytes] = {}


def gzip_bomb(decoded_size: int) -> Script:
    """A 200 with ``Content-Encoding: gzip`` whose small body inflates to ``decoded_size``."""
    if decoded_size not in _BOMBS:
        # One gzip stream (aiohttp stops at the end of the first member).
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b" " * (1024 * 1024)
        count, rest = divmod(decoded_size - 2, len(block))
        parts = [packer.compress(b"[")]
        parts.extend(packer.compress(block) for _ in range(count))
        parts.append(packer.compress(b" " * rest + b"]"))
        parts.append(packer.flush())
        _BOMBS[decoded_size] = b"".join(parts)
    bomb = _BOMBS[decoded_size]

    async def script(conn: Conn, request: Request) -> None:
        await conn.respond(200, bomb, {"Content-Encoding": "gzip"})

    return script


def big_error(status: int, size: int) -> Script:
    """An error status with a ``size``-byte JSON body."""
    body = b'{"message": "' + b"x" * (size - 15) + b'"}'

    async def script(conn: Conn, request: Request) -> None:
        await conn.respond(status, body)

    return script


def redirect(status: int, location: str) -> Script:
    async def script(conn: Conn, request: Request) -> None:
        await conn.respond(status, b"", {"Location": location})

    return script


def slow_drip(server: HostileServer, interval: float = 0.05) -> Script:
    """A 200 that promises a body and sends it one byte at a time, forever."""

    async def script(conn: Conn, request: Request) -> None:
        await conn.send(head(200, {"Content-Type": "application/json",
                                   "Content-Length": "1000000"}))
        while not server.release.is_set():
            await conn.send(b" ")
            await asyncio.sleep(interval)

    return script


def by_path(routes: dict[str, Script], default: Script | None = None) -> Script:
    """Dispatch on the request path (without the query)."""

    async def script(conn: Conn, request: Request) -> None:
        chosen = routes.get(request.path, default)
        if chosen is None:
            await conn.respond(404, {"message": "no such path"})
        else:
            await chosen(conn, request)

    return script


def sequence(*scripts: Script) -> Script:
    """The n-th request gets the n-th script (the last one repeats)."""
    seen = [0]

    async def script(conn: Conn, request: Request) -> None:
        index = min(seen[0], len(scripts) - 1)
        seen[0] += 1
        await scripts[index](conn, request)

    return script


@contextlib.contextmanager
def threaded(script: Script | None = None) -> Iterator[HostileServer]:
    """A ``HostileServer`` on its own event-loop thread, for tests of the sync clients."""
    with start_blocking_portal() as portal, portal.wrap_async_context_manager(
        HostileServer(script)
    ) as running:
        yield running


# --- shared by the tests that use it (import ``server`` to get the fixture) ---------------

KEY = "hostile-key-5150"
FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.002)
CASE_PATH = "/api/v1/partner/invoice/case"
ONE_CASE = case_body(7)


@pytest.fixture
async def server() -> AsyncIterator[HostileServer]:
    """A fresh server; it answers ``{}`` until the test gives it a script."""
    async with HostileServer() as running:
        yield running


def client_of(server: HostileServer, **options: Any) -> AsyncConfirmaClient:
    """A Confirma client of ``server`` with tiny backoff (tests never sleep for long)."""
    options.setdefault("retry_policy", FAST)
    options.setdefault("api_key", KEY)
    return AsyncConfirmaClient(base_url=server.url, **options)
