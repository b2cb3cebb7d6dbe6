"""No credential appears in an error rendered with its frames' local variables.

Sentry and ``pytest --showlocals`` render ``traceback.TracebackException(...,
capture_locals=True)``: the repr of every local of every frame, of the error and of each
chained cause. Each credential kind is checked on a reset, a timeout and a 4xx.
"""

from __future__ import annotations

import traceback
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from confirma_async import AsyncConfirmaClient, ConfirmaClient, ConfirmaError
from confirma_async.collection import AsyncCollectionClient
from tests.api.test_onboarding import example_client
from tests.hostile import (
    FAST,
    HostileServer,
    Script,
    by_path,
    hang,
    ok_json,
    reset_after_reading,
    server,
    threaded,
)

__all__ = ["server"]  # the fixture, imported from tests.hostile

API_KEY = "sk-live-APIKEY-0badc0de"
BEARER = "eyJ-BEARER-given-feedface"
FETCHED = "eyJ-FETCHED-token-deadbeef"
PROVISIONING = "prov-PARTNER-token-c0ffee"
CLIENT_SECRET = "oauth-CLIENT-SECRET-f00d"
Call = Callable[[HostileServer], Awaitable[Any]]


def rendered(error: BaseException) -> str:
    """What an error tracker shows: frames, their locals, and every chained cause."""
    exception = traceback.TracebackException(
        type(error), error, error.__traceback__, capture_locals=True
    )
    return "".join(exception.format())


async def failing(call: Call, server: HostileServer) -> ConfirmaError:
    """The error ``call`` raises, caught in a frame that holds no secret itself."""
    try:
        await call(server)
    except ConfirmaError as error:
        return error
    raise AssertionError("the call did not fail")


def failure(kind: str, server: HostileServer) -> Script:
    if kind == "reset":
        return reset_after_reading
    if kind == "timeout":
        return hang(server)
    return ok_json({"error": "refused"}, status=403)


async def with_api_key(server: HostileServer) -> None:
    async with AsyncConfirmaClient(
        api_key=API_KEY, base_url=server.url, timeout=0.3, retry_policy=FAST
    ) as client:
        await client.cases.get(7)


async def with_provisioning_token(server: HostileServer) -> None:
    async with AsyncConfirmaClient(
        api_key=API_KEY, base_url=server.url, timeout=0.3, retry_policy=FAST,
        provisioning_token=PROVISIONING,
    ) as client:
        await client.onboarding.create_client(example_client())


async def with_bearer_token(server: HostileServer) -> None:
    async with AsyncCollectionClient(
        base_url=server.url, access_token=BEARER, timeout=0.3, retry_policy=FAST
    ) as client:
        await client.claims.list_invoices("C1")


def oauth(server: HostileServer) -> AsyncCollectionClient:
    return AsyncCollectionClient(
        base_url=server.url, client_id="client-1", client_secret=CLIENT_SECRET,
        token_url=f"{server.url}/oauth/token", timeout=0.3, retry_policy=FAST,
    )


async def with_fetched_token(server: HostileServer) -> None:
    async with oauth(server) as client:
        await client.claims.list_invoices("C1")


CASES: dict[str, tuple[Call, bool, tuple[str, ...]]] = {
    # name: (call, does the failure hit the token endpoint?, secrets that must not show)
    "api key": (with_api_key, False, (API_KEY,)),
    "provisioning token": (with_provisioning_token, False, (PROVISIONING, API_KEY)),
    "bearer token": (with_bearer_token, False, (BEARER,)),
    "fetched OAuth token": (with_fetched_token, False, (FETCHED, CLIENT_SECRET)),
    "OAuth client secret": (with_fetched_token, True, (CLIENT_SECRET,)),
}


@pytest.mark.parametrize("kind", ["reset", "timeout", "4xx"])
@pytest.mark.parametrize("case", list(CASES))
async def test_no_secret_in_an_error_rendered_with_locals(
    server: HostileServer, case: str, kind: str
) -> None:
    """README: "No API key, bearer token, provisioning token or OAuth client secret appears
    in any error the SDK raises, even rendered with its frames' local variables
    (`traceback.TracebackException(..., capture_locals=True)`, as Sentry and
    `pytest --showlocals` do) — tested for each credential kind on a reset, a timeout and a
    4xx." (issue 8, item 12.)"""
    call, at_token_endpoint, secrets = CASES[case]
    broken = failure(kind, server)
    token = ok_json({"access_token": FETCHED, "token_type": "Bearer", "expires_in": 3600})
    server.script = by_path({"/oauth/token": broken if at_token_endpoint else token}, broken)
    text = rendered(await failing(call, server))
    # The rendering really has locals of the SDK's frames, so the check below can fail.
    assert "confirma_async" in text and "self = " in text
    for secret in secrets:
        assert secret not in text, f"{case}: secret in a {kind} traceback"
    # And the server really got the credential: it was sent, only never shown.
    sent = " ".join(str(r.headers) + r.body.decode("latin-1") for r in server.requests)
    assert secrets[0] in sent


def sync_failing(client: ConfirmaClient) -> ConfirmaError:
    try:
        client.cases.get(7)
    except ConfirmaError as error:
        return error
    raise AssertionError("the call did not fail")


def test_no_api_key_in_a_sync_client_error_rendered_with_locals() -> None:
    """README: "No API key (...) appears in any error the SDK raises, even rendered with its
    frames' local variables" — through the sync facade too."""
    with threaded(reset_after_reading) as running, ConfirmaClient(
        api_key=API_KEY, base_url=running.url, retry_policy=FAST
    ) as client:
        text = rendered(sync_failing(client))
    assert "self = " in text
    assert API_KEY not in text
