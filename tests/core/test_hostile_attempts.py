"""Exact attempts against a server that resets, drops and stalls connections.

Every count here is taken at the server (the requests it parsed from the bytes it got),
not only in the client's hooks: the bug these guard against was a re-send the client
never reported.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import ssl
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from confirma_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncConfirmaClient,
    CommentAction,
    Hooks,
    RequestEvent,
    RetryEvent,
)
from confirma_async.collection import AsyncCollectionClient
from tests.hostile import (
    CASE_PATH,
    FAST,
    KEY,
    ONE_CASE,
    Conn,
    HostileServer,
    Script,
    by_path,
    client_of,
    close_after_reading,
    hang,
    headers_then_reset,
    ok_json,
    reset_after_reading,
    sequence,
    server,
)

__all__ = ["server"]  # the fixture, imported from tests.hostile

RENEW_PATH = "/api/v1/partner/renew"
ACTION_PATH = "/api/v1/partner/invoice/action"
ACTION = CommentAction(invoice_number=1, case_id=7, comment="hello")


# --- item 1: a write happens at most once -------------------------------------------------


@pytest.mark.parametrize("max_retries", [0, 2])
async def test_renew_token_reaches_the_server_once_when_it_resets_after_reading(
    server: HostileServer, max_retries: int
) -> None:
    """README: "A write (POST, `onboarding.renew_token()` and
    `settlements.list(unfetched_only=True)`) is re-sent only when the connection failed
    before anything was sent; once it may have reached the server it is never re-sent."
    (issue 8, item 1: the renewal reached the server twice.)"""
    server.script = reset_after_reading
    async with client_of(server, max_retries=max_retries) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.onboarding.renew_token()
    assert server.count("GET", RENEW_PATH) == 1
    assert caught.value.may_have_reached_server is True


SETTLEMENTS_PATH = "/api/v1/partner/settlements"


@pytest.mark.parametrize("script", [reset_after_reading, close_after_reading])
async def test_an_incremental_settlements_fetch_reaches_the_server_once(
    server: HostileServer, script: Any
) -> None:
    """README: "... and an incremental settlements fetch (which marks what it returns as
    fetched) never comes back empty because a lost first answer already took the batch"."""
    server.script = script
    async with client_of(server, max_retries=2) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.settlements.list(unfetched_only=True)
    assert server.count("GET", SETTLEMENTS_PATH) == 1
    assert caught.value.may_have_reached_server is True


async def test_a_settlements_fetch_by_period_is_retried_like_any_get(
    server: HostileServer,
) -> None:
    server.script = reset_after_reading
    async with client_of(server, max_retries=2) as client:
        with pytest.raises(APIConnectionError):
            await client.settlements.list(unfetched_only=False)
    assert server.count("GET", SETTLEMENTS_PATH) == 3


async def test_post_reset_before_the_request_was_read_is_not_resent(
    server: HostileServer,
) -> None:
    """README: "once it may have reached the server it is never re-sent" — the client
    cannot tell a reset before reading from one after, so it sends once."""

    async def reset_on_accept(conn: Conn) -> None:
        conn.reset()

    server.on_connect = reset_on_accept
    async with client_of(server) as client:
        with pytest.raises(APIConnectionError):
            await client.invoices.create_actions([ACTION])
    assert server.connections == 1
    assert server.requests == []


# --- item 2: max_retries=N means at most N+1 requests at the server -----------------------


@pytest.mark.parametrize("max_retries", [0, 1, 2])
async def test_get_reset_after_reading_reaches_the_server_at_most_n_plus_one_times(
    server: HostileServer, max_retries: int
) -> None:
    """README: "`max_retries=N` means at most N+1 requests reach the server for one call,
    and `Hooks.on_request` sees every one of them." (issue 8, item 2: 6 with N=2.)"""
    server.script = reset_after_reading
    attempts: list[RequestEvent] = []
    hooks = Hooks(on_request=attempts.append)
    async with client_of(server, max_retries=max_retries, hooks=hooks) as client:
        with pytest.raises(APIConnectionError):
            await client.cases.get(7)
    assert server.count("GET", CASE_PATH) == max_retries + 1
    assert [event.attempt for event in attempts] == list(range(1, max_retries + 2))


async def test_get_reset_on_accept_with_no_retries_opens_exactly_one_connection(
    server: HostileServer,
) -> None:
    """README: "`max_retries=N` means at most N+1 requests reach the server for one call"."""

    async def reset_on_accept(conn: Conn) -> None:
        conn.reset()

    server.on_connect = reset_on_accept
    async with client_of(server, max_retries=0) as client:
        with pytest.raises(APIConnectionError):
            await client.cases.get(7)
    assert server.connections == 1


async def test_headers_then_reset_is_one_attempt_per_retry(server: HostileServer) -> None:
    """README: "`max_retries=N` means at most N+1 requests reach the server for one call"."""
    server.script = headers_then_reset
    async with client_of(server, max_retries=1) as client:
        with pytest.raises(APIConnectionError):
            await client.cases.get(7)
    assert server.count("GET", CASE_PATH) == 2


async def test_dropped_keep_alive_connection_uses_up_a_retry_and_shows_everywhere(
    server: HostileServer, caplog: pytest.LogCaptureFixture
) -> None:
    """README: "A GET whose pooled keep-alive connection turns out to be dropped is retried
    as a normal, counted attempt: it uses up one retry, and shows in `on_request`, in
    `on_retry` (reason `connection dropped (...)`) and in the INFO log." """
    server.script = sequence(ok_json(ONE_CASE), close_after_reading, ok_json(ONE_CASE))
    caplog.set_level(logging.INFO, logger="confirma_async")
    attempts: list[RequestEvent] = []
    retries: list[RetryEvent] = []
    hooks = Hooks(on_request=attempts.append, on_retry=retries.append)
    async with client_of(server, max_retries=1, hooks=hooks) as client:
        await client.cases.get(7)
        await client.cases.get(7)  # rides the first call's pooled connection, dropped
    assert server.count("GET", CASE_PATH) == 3
    assert [event.attempt for event in attempts] == [1, 1, 2]
    (retry,) = retries
    assert retry.attempt == 1 and "connection dropped" in retry.reason
    assert any("connection dropped" in r.getMessage() for r in caplog.records)


async def test_dropped_keep_alive_connection_is_not_resent_with_max_retries_zero(
    server: HostileServer,
) -> None:
    """README: "it uses up one retry" — with none left, the call fails and the server saw
    exactly one request for it."""
    server.script = sequence(ok_json(ONE_CASE), close_after_reading, ok_json(ONE_CASE))
    async with client_of(server, max_retries=0) as client:
        await client.cases.get(7)
        with pytest.raises(APIConnectionError) as caught:
            await client.cases.get(7)
    assert server.count("GET", CASE_PATH) == 2
    assert "dropped" in str(caught.value)


# --- item 3: the OAuth token request is never re-sent within one call ----------------------


def oauth_client(server: HostileServer, **options: Any) -> AsyncCollectionClient:
    return AsyncCollectionClient(
        base_url=server.url, client_id="cid", client_secret="oauth-secret-771",
        token_url=f"{server.url}/oauth/token", retry_policy=FAST, **options,
    )


@pytest.mark.parametrize(
    ("fault", "options", "error"),
    [
        pytest.param(lambda server: reset_after_reading, {}, APIConnectionError,
                     id="reset-after-reading"),
        pytest.param(hang, {"timeout": 0.3}, APITimeoutError, id="timeout"),
    ],
)
async def test_token_request_that_may_have_arrived_is_sent_once(
    server: HostileServer, fault: Callable[[HostileServer], Script], options: dict[str, Any],
    error: type[Exception],
) -> None:
    """README: "The collection client's OAuth token request follows the same rule on its
    own: a call never sends it twice after it may have reached the token endpoint, and a
    failed token request fails the call without retrying it." (issue 8, item 3.)"""
    server.script = by_path({"/oauth/token": fault(server)})
    async with oauth_client(server, max_retries=2, **options) as client:
        with pytest.raises(error):
            await client.claims.list_invoices("C1")
    assert server.count("POST", "/oauth/token") == 1
    assert server.count("GET") == 0


async def test_connection_refused_names_host_port_and_the_os_reason() -> None:
    """README: "Connection errors name the host and port and the reason"."""
    async with HostileServer() as gone:
        port = gone.port
    async with AsyncConfirmaClient(
        api_key=KEY, base_url=f"http://127.0.0.1:{port}", max_retries=0
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.cases.get(7)
    message = str(caught.value)
    assert f"127.0.0.1:{port}" in message
    assert "Connection refused" in message
    assert "ClientConnectorError" not in message
    assert caught.value.may_have_reached_server is False


class _NoSuchHost(aiohttp.abc.AbstractResolver):
    async def resolve(self, host: str, port: int = 0, family: int = 0) -> Any:
        raise OSError(-2, "Name or service not known")

    async def close(self) -> None:
        return None


async def test_failed_name_resolution_says_so() -> None:
    """README: "Connection errors name the host and port and the reason" (name resolution
    failed)."""
    connector = aiohttp.TCPConnector(resolver=_NoSuchHost())
    async with aiohttp.ClientSession(connector=connector) as session:
        async with AsyncConfirmaClient(
            api_key=KEY, base_url="https://confirma.example:8443", max_retries=0,
            session=session,
        ) as client:
            with pytest.raises(APIConnectionError) as caught:
                await client.cases.get(7)
    message = str(caught.value)
    assert "confirma.example:8443" in message and "name resolution failed" in message


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a throwaway certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    yield cert, key


async def test_tls_verification_failure_says_so_and_is_not_retried(
    self_signed: tuple[Path, Path],
) -> None:
    """README: "Connection errors name the host and port and the reason" (TLS verification
    failed); "A TLS certificate failure is never retried." """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*self_signed)
    attempts: list[RequestEvent] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    tls = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    port = tls.sockets[0].getsockname()[1]
    try:
        async with AsyncConfirmaClient(
            api_key=KEY, base_url=f"https://127.0.0.1:{port}", retry_policy=FAST,
            hooks=Hooks(on_request=attempts.append),
        ) as client:
            with pytest.raises(APIConnectionError) as caught:
                await client.cases.get(7)
    finally:
        tls.close()
        await tls.wait_closed()
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "TLS certificate verification failed (self-signed certificate)" in str(caught.value)
    assert caught.value.may_have_reached_server is False
    assert [event.attempt for event in attempts] == [1]

