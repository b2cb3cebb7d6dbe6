"""The API key and bearer tokens never reach reprs, exceptions or logs."""

from __future__ import annotations

import logging
import pickle
import re

import pytest
from aioresponses import aioresponses

from confirma_async import (
    AsyncConfirmaClient,
    CommentAction,
    ConfirmaClient,
    NotFoundError,
    PermissionDeniedError,
)
from confirma_async._config import Secret
from confirma_async.collection import AsyncCollectionClient
from tests.hostile import KEY, HostileServer, client_of, ok_json, server

SECRET = "sk-live-DO-NOT-LEAK-91c2"
TOKEN = "eyJ-bearer-DO-NOT-LEAK-77"
CASE_URL = re.compile(r"^https://[^/]+/api/v1/partner/invoice/case.*$")
ACTION_URL = "https://integrations.confirmafinance.com/api/v1/partner/invoice/action"

__all__ = ["server"]  # the fixture, imported from tests.hostile


async def test_key_absent_from_reprs_errors_and_debug_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="confirma_async")
    with aioresponses() as mocked:
        mocked.get(CASE_URL, status=404, payload={"message": "nope"},
                   headers={"X-Request-Id": "r1"})
        mocked.post(ACTION_URL, payload={})
        client = AsyncConfirmaClient(api_key=SECRET, log_bodies=True)
        async with client:
            with pytest.raises(NotFoundError) as info:
                await client.cases.get(1)
            await client.invoices.create_actions(
                [CommentAction(invoice_number=1, case_id=1, comment="hello")]
            )
        texts = [repr(client), str(client), repr(client.cases), repr(client._transport),
                 repr(client._auth), str(info.value), repr(info.value), caplog.text]
    assert caplog.text, "debug logging produced nothing: the test would prove nothing"
    assert "hello" in caplog.text  # bodies are logged at DEBUG when asked...
    for text in texts:
        assert SECRET not in text  # ...but never the key


async def test_bodies_are_not_logged_unless_asked(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="confirma_async")
    with aioresponses() as mocked:
        mocked.post(ACTION_URL, payload={})
        async with AsyncConfirmaClient(api_key=SECRET) as client:
            await client.invoices.create_actions(
                [CommentAction(invoice_number=1, case_id=1, comment="Personal detail")]
            )
    assert "POST /api/v1/partner/invoice/action" in caplog.text
    assert "Personal detail" not in caplog.text


def test_sync_client_repr_hides_key() -> None:
    with ConfirmaClient(api_key=SECRET) as client:
        assert SECRET not in repr(client) and SECRET not in repr(client.cases)


async def test_bearer_token_absent_from_reprs() -> None:
    async with AsyncCollectionClient(base_url="https://c.example.com", access_token=TOKEN) as c:
        assert TOKEN not in repr(c) and TOKEN not in repr(c._transport.auth)


def test_secret_refuses_to_be_pickled_or_shown() -> None:
    secret = Secret(SECRET)
    assert SECRET not in repr(secret) and SECRET not in str(secret) and f"{secret}" != SECRET
    with pytest.raises(TypeError):
        pickle.dumps(secret)


@pytest.mark.parametrize("status", [200, 403])
async def test_a_key_the_server_repeats_is_masked_in_logged_bodies(
    server: HostileServer, caplog: pytest.LogCaptureFixture, status: int
) -> None:
    """README: "Secrets are never logged, at any level"; `log_bodies`: "keys never
    logged" — also when the server echoes the key in an answer the SDK logs."""
    server.script = ok_json({"message": f"key {KEY} is not valid", "echo": KEY,
                             "invoices": []}, status=status)
    caplog.set_level(logging.DEBUG, logger="confirma_async")
    async with client_of(server, log_bodies=True, max_retries=0) as client:
        try:
            await client.request("GET", "/api/v1/partner/invoice/distribution")
        except PermissionDeniedError:
            pass
    bodies = [r.getMessage() for r in caplog.records if "response body" in r.getMessage()]
    assert bodies and all("**********" in body for body in bodies)
    assert KEY not in caplog.text
