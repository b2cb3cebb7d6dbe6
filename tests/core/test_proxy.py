"""Proxies over real local sockets: ``proxy=``, ``HTTPS_PROXY``/``ALL_PROXY`` with
``trust_env``, ``NO_PROXY``, ``trust_env=False``, loopback targets, and the secrets.

``ForwardProxy`` is a tiny HTTP proxy on 127.0.0.1 that records the head of every request
it reads: for an https target that is the ``CONNECT`` request, the only one a proxy can
read (the API's own request travels inside the TLS tunnel). The API hosts are made-up
``*.confirma.test`` names: through the proxy no DNS is needed, and a direct connection
uses a caller-owned session whose resolver sends every name to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import shutil
import socket
import ssl
import subprocess
import traceback
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from confirma_async import APIConnectionError, AsyncConfirmaClient, ConfirmaValueError
from confirma_async._config import Proxy, no_proxy_matches, resolve_proxy
from confirma_async.collection import AsyncCollectionClient
from tests.servers import serve

KEY = "api-key-proxied-3Fw8"
PASSWORD = "proxy-secret-Qm4"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


class _LocalServer:
    """A raw asyncio server on a free 127.0.0.1 port, for ``async with``."""

    _server: asyncio.Server | None = None

    async def __aenter__(self: S) -> S:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    @property
    def port(self) -> int:
        assert self._server is not None
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError


S = TypeVar("S", bound=_LocalServer)


class ForwardProxy(_LocalServer):
    """Records every request head; tunnels ``CONNECT`` to ``upstream`` (whatever host it
    names) or, without one, refuses it with 403. Other requests get 502."""

    def __init__(self, upstream: tuple[str, int] | None = None) -> None:
        self.upstream = upstream
        self.heads: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def connects(self) -> list[str]:
        return [head.split()[1] for head in self.heads if head.startswith("CONNECT ")]

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            return
        self.heads.append(head)
        if head.startswith("CONNECT ") and self.upstream is not None:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
            return
        status = b"403 Forbidden" if head.startswith("CONNECT ") else b"502 Bad Gateway"
        writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


class DirectTarget(_LocalServer):
    """Where a direct https connection lands: records the first bytes (a TLS ClientHello
    starts with 0x16) and hangs up."""

    def __init__(self) -> None:
        self.hellos: list[bytes] = []

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.hellos.append(await reader.read(1))
        writer.close()


class ToLoopback(AbstractResolver):
    """Resolves every name to 127.0.0.1: a direct connection to a made-up host stays local."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [{"hostname": host, "host": "127.0.0.1", "port": port,
                 "family": socket.AF_INET, "proto": 0, "flags": socket.AI_NUMERICHOST}]

    async def close(self) -> None:
        pass


def local_session(ssl_context: ssl.SSLContext | None = None) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(resolver=ToLoopback(), ssl=ssl_context or True)
    return aiohttp.ClientSession(connector=connector)


@pytest.fixture
async def proxy() -> AsyncIterator[ForwardProxy]:
    async with ForwardProxy() as running:
        yield running


@pytest.fixture
async def direct() -> AsyncIterator[DirectTarget]:
    async with DirectTarget() as running:
        yield running


async def _call(client: AsyncConfirmaClient) -> APIConnectionError:
    with pytest.raises(APIConnectionError) as caught:
        await client.cases.list(case_id=1)
    return caught.value


async def test_proxy_option_tunnels_https_and_the_proxy_never_sees_the_key(
    proxy: ForwardProxy,
) -> None:
    """README: "The proxy only reads the CONNECT request; the API key travels inside the
    TLS tunnel"."""
    async with AsyncConfirmaClient(api_key=KEY, base_url="https://api.confirma.test:8443",
                                   proxy=proxy.url, max_retries=0) as client:
        error = await _call(client)
    assert proxy.connects == ["api.confirma.test:8443"]
    assert KEY not in proxy.heads[0] and "x-api-key" not in proxy.heads[0].lower()
    assert "proxy-authorization" not in proxy.heads[0].lower()
    assert str(error) == ("the proxy refused the tunnel to api.confirma.test:8443: "
                          "403 Forbidden (GET /api/v1/partner/invoice/case)")
    assert error.may_have_reached_server is False


async def test_proxy_credentials_go_only_into_the_connect_request(proxy: ForwardProxy) -> None:
    with_credentials = proxy.url.replace("http://", f"http://user:{PASSWORD}@")
    async with AsyncConfirmaClient(api_key=KEY, base_url="https://api.confirma.test",
                                   proxy=with_credentials, max_retries=0) as client:
        await _call(client)
        await _call(client)
    expected = base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    assert proxy.connects == ["api.confirma.test:443"] * 2
    assert all(f"Proxy-Authorization: Basic {expected}\r\n" in head for head in proxy.heads)


async def _call_local(direct: DirectTarget, **options: Any) -> None:
    """One call to api.confirma.test, whose name a direct connection resolves to ``direct``."""
    async with local_session() as session, AsyncConfirmaClient(
        api_key=KEY, base_url=f"https://api.confirma.test:{direct.port}", session=session,
        max_retries=0, **options,
    ) as client:
        await _call(client)


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY"])
async def test_https_proxy_from_the_environment_is_used_by_default(
    variable: str, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    async with AsyncConfirmaClient(api_key=KEY, base_url="https://api.confirma.test",
                                   max_retries=0) as client:
        await _call(client)
    assert proxy.connects == ["api.confirma.test:443"]


async def test_http_proxy_alone_does_not_apply_to_https(
    proxy: ForwardProxy, direct: DirectTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    await _call_local(direct)
    assert proxy.heads == [] and direct.hellos == [b"\x16"]


@pytest.mark.parametrize("no_proxy", ["api.confirma.test", ".confirma.test", "confirma.test",
                                      "other.example, *.confirma.test", "*"])
async def test_no_proxy_sends_matching_hosts_directly(
    no_proxy: str, proxy: ForwardProxy, direct: DirectTarget,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    await _call_local(direct)
    assert proxy.heads == [] and direct.hellos == [b"\x16"]


async def test_no_proxy_leaves_other_hosts_proxied(
    proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "example.com,other.test,confirma.test:8443")
    async with AsyncConfirmaClient(api_key=KEY, base_url="https://api.confirma.test",
                                   max_retries=0) as client:
        await _call(client)
    assert proxy.connects == ["api.confirma.test:443"]


async def test_trust_env_false_ignores_the_proxy_variables(
    proxy: ForwardProxy, direct: DirectTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("ALL_PROXY", proxy.url)
    await _call_local(direct, trust_env=False)
    assert proxy.heads == [] and direct.hellos == [b"\x16"]


async def test_the_environment_is_read_when_the_client_is_created(
    proxy: ForwardProxy, direct: DirectTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with local_session() as session, AsyncConfirmaClient(
        api_key=KEY, base_url=f"https://api.confirma.test:{direct.port}", session=session,
        max_retries=0,
    ) as client:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        await _call(client)
    assert proxy.heads == [] and direct.hellos == [b"\x16"]


async def test_a_loopback_sandbox_is_never_proxied(
    proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: "Loopback hosts never go through a proxy" (aiohttp's own trust_env would
    send them there)."""

    async def cases(request: web.Request) -> web.Response:
        return web.json_response({"cases": []})

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy.url)
    async with serve({("GET", "/api/v1/partner/invoice/case"): cases}) as url:
        for base in (url, url.replace("127.0.0.1", "localhost")):
            async with AsyncConfirmaClient(api_key=KEY, base_url=base) as client:
                assert await client.cases.list(case_id=1) == []
            async with AsyncConfirmaClient(api_key=KEY, base_url=base,
                                           proxy=proxy.url) as client:
                assert await client.cases.list(case_id=1) == []
    assert proxy.heads == []


async def test_an_https_loopback_target_is_not_proxied_either(
    proxy: ForwardProxy, direct: DirectTarget
) -> None:
    async with AsyncConfirmaClient(api_key=KEY, base_url=f"https://127.0.0.1:{direct.port}",
                                   proxy=proxy.url, max_retries=0) as client:
        await _call(client)
    assert proxy.heads == [] and direct.hellos == [b"\x16"]


async def test_the_collection_token_request_goes_through_the_proxy_too(
    proxy: ForwardProxy,
) -> None:
    async with AsyncCollectionClient(
        base_url="https://claims.confirma.test", client_id="id", client_secret="s3cret",
        token_url="https://auth.confirma.test/oauth/token", proxy=proxy.url, max_retries=0,
    ) as client:
        with pytest.raises(APIConnectionError, match=r"refused the tunnel to auth\.confirma"):
            await client.transactions.list(from_=date(2024, 1, 1), to=date(2024, 1, 2))
    assert proxy.connects == ["auth.confirma.test:443"]
    assert "s3cret" not in proxy.heads[0]


async def test_proxy_credentials_never_reach_reprs_errors_or_their_frames() -> None:
    """README: "Credentials in a proxy URL are secrets"."""
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proxy_url = f"http://user:{PASSWORD}@127.0.0.1:{port}"
    async with AsyncConfirmaClient(api_key=KEY, base_url="https://api.confirma.test",
                                   proxy=proxy_url, max_retries=0) as client:
        error = await _call(client)
        shown = [repr(client), repr(client._transport), repr(client._transport._pool.proxy),
                 str(error), repr(error)]
    assert str(error).startswith(f"connection to the proxy 127.0.0.1:{port} failed: ")
    rendered = "".join(traceback.TracebackException.from_exception(
        error, capture_locals=True).format())
    encoded = base64.b64encode(f"user:{PASSWORD}".encode()).decode()
    for text in [*shown, rendered]:
        assert PASSWORD not in text and encoded not in text and KEY not in text


@pytest.mark.parametrize(("value", "message"), [
    ("socks5://127.0.0.1:1080", "unsupported proxy scheme 'socks5'"),
    ("https://proxy.example.com", "unsupported proxy scheme 'https'"),
    ("", "must be a non-empty proxy URL"),
    ("http://", "must name the proxy host"),
    ("http://:3128", "is not a valid proxy URL"),
    ("http://proxy:99999", "is not a valid proxy URL"),
])
def test_a_bad_proxy_is_refused_without_echoing_it(value: str, message: str) -> None:
    with pytest.raises(ConfirmaValueError, match=message) as caught:
        AsyncConfirmaClient(api_key="k", proxy=f"{value}" if value else "")
    assert caught.value.field == "proxy"


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY"])
def test_a_bad_proxy_variable_is_refused_naming_it(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, f"socks5://user:{PASSWORD}@127.0.0.1:1080")
    with pytest.raises(ConfirmaValueError, match="only http:// proxies") as caught:
        AsyncConfirmaClient(api_key="k")
    assert caught.value.field == variable and PASSWORD not in str(caught.value)
    AsyncConfirmaClient(api_key="k", trust_env=False)  # the way out the message names


def test_a_proxy_without_a_scheme_is_http() -> None:
    proxy = resolve_proxy("proxy.corp.example:3128", trust_env=True)
    assert proxy == Proxy(URL("http://proxy.corp.example:3128"))


def test_trust_env_must_be_a_bool() -> None:
    with pytest.raises(ConfirmaValueError, match="trust_env: must be True or False"):
        AsyncConfirmaClient(api_key="k", trust_env="no")  # type: ignore[arg-type]


@pytest.mark.parametrize(("no_proxy", "host", "port", "matches"), [
    ("*", "api.example.com", 443, True),
    ("example.com", "api.example.com", 443, True),
    ("example.com", "example.com", 443, True),
    ("example.com", "badexample.com", 443, False),
    (".example.com", "api.example.com", 443, True),
    ("*.example.com", "api.example.com", 443, True),
    ("api.example.com:8443", "api.example.com", 8443, True),
    ("api.example.com:8443", "api.example.com", 443, False),
    ("10.0.0.0/8", "10.1.2.3", 443, True),
    ("10.0.0.0/8", "11.1.2.3", 443, False),
    ("10.1.2.3", "10.1.2.3", 443, True),
    ("10.1.2.3", "api.example.com", 443, False),
    ("::1", "::1", 443, True),
    ("[2001:db8::1]:443", "2001:db8::1", 443, True),
    (" , ,example.org ", "api.example.com", 443, False),
    ("EXAMPLE.com", "Api.Example.COM", 443, True),
])
def test_no_proxy_entries(no_proxy: str, host: str, port: int, matches: bool) -> None:
    assert no_proxy_matches(no_proxy, host, port) is matches


# --- a whole request through the tunnel, TLS included --------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for api.confirma.test, made with the openssl tool."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
         "-subj", "/CN=api.confirma.test", "-addext", "subjectAltName=DNS:api.confirma.test"],
        check=True, capture_output=True, timeout=30,
    )
    return cert, key


async def test_a_call_through_the_tunnel_reaches_the_api_with_its_key(
    certificate: tuple[Path, Path],
) -> None:
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    seen_keys: list[str | None] = []

    async def cases(request: web.Request) -> web.Response:
        seen_keys.append(request.headers.get("X-Api-Key"))
        return web.json_response({"cases": []}, headers={"X-Request-Id": "tls-1"})

    app = web.Application()
    app.router.add_get("/api/v1/partner/invoice/case", cases)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with ForwardProxy(upstream=("127.0.0.1", port)) as proxy, local_session(
            ssl.create_default_context(cafile=str(cert))
        ) as session, AsyncConfirmaClient(
            api_key=KEY, base_url=f"https://api.confirma.test:{port}", session=session,
            proxy=proxy.url,
        ) as client:
            raw = await client.with_raw_response.cases.list(case_id=1)
    finally:
        await runner.cleanup()
    assert raw.status == 200 and raw.request_id == "tls-1" and raw.parse() == []
    assert seen_keys == [KEY]  # the API got the key, inside the tunnel
    assert proxy.connects == [f"api.confirma.test:{port}"]
    assert KEY not in "".join(proxy.heads)
