"""Errors and bulk results cross process boundaries, and carry no credential when they do.

A real ``ProcessPoolExecutor`` runs a client in a worker process: the worker raises a
``NotFoundError`` and returns a ``BulkResult`` with failures; the parent gets objects equal
to the ones the worker had, and the pool keeps working. Errors produced by real failing
calls with each credential kind pickle without any trace of the credential.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import attrs
import pytest

from confirma_async import BulkResult, ConfirmaClient, ConfirmaError, NotFoundError
from confirma_async.models import Case
from confirma_async.testing import FakeConfirma
from tests.hostile import Conn, HostileServer, Request, by_path, ok_json, server

from .test_secret_tracebacks import CASES, FETCHED, failing, failure

__all__ = ["server"]  # the fixture, imported from tests.hostile

MISSING = 480999


# --- in the worker process --------------------------------------------------------------


def describe(value: Any) -> Any:
    """``value`` as plain nested tuples: what the worker saw, to compare in the parent."""
    if isinstance(value, BaseException):
        state = {k: v for k, v in vars(value).items() if k != "seen_in_worker"}
        return (type(value).__qualname__, value.args, str(value), describe(state))
    if isinstance(value, dict):
        return tuple((describe(k), describe(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(describe(item) for item in value)
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return (type(value).__qualname__,
                tuple((f.name, describe(getattr(value, f.name))) for f in fields))
    return value


def get_missing_case(url: str, key: str) -> Case:
    with ConfirmaClient(api_key=key, base_url=url) as client:
        try:
            return client.cases.get(MISSING)
        except NotFoundError as error:
            error.seen_in_worker = describe(error)  # type: ignore[attr-defined]
            raise


def get_shard(url: str, key: str, ids: list[int]) -> tuple[BulkResult[int, Case], Any]:
    with ConfirmaClient(api_key=key, base_url=url) as client:
        result = client.cases.get_many(ids)
    return result, describe(result)


# --- in the parent ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeConfirma]:
    with FakeConfirma(cases=3) as running:
        yield running


def test_a_process_pool_worker_can_raise_not_found_and_return_failures(
    fake: FakeConfirma,
) -> None:
    """README: "A worker process can raise any SDK error or return a `BulkResult` with
    failures: the parent gets the same objects, attribute for attribute (the traceback and
    `__cause__` stay in the worker)"."""
    ids = [*fake.cases, MISSING, MISSING + 1]
    # spawn: a fresh interpreter, as on macOS and Windows (and no fork of a threaded parent).
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        with pytest.raises(NotFoundError) as caught:
            pool.submit(get_missing_case, fake.url, fake.api_key).result(timeout=120)
        result, seen = pool.submit(get_shard, fake.url, fake.api_key, ids).result(timeout=120)
    error = caught.value
    assert describe(error) == error.seen_in_worker  # type: ignore[attr-defined]
    assert str(error).startswith(f"case {MISSING} not found (404 for GET ")
    assert describe(result) == seen
    assert list(result.succeeded) == list(fake.cases)
    assert list(result.failed) == [MISSING, MISSING + 1]
    assert all(isinstance(e, NotFoundError) and e.request_id for e in result.failed.values())


def echo(conn: Conn, request: Request) -> Any:
    """A 401 that repeats everything the client sent: headers and body."""
    sent = f"{request.headers} {request.body.decode('latin-1')}"
    return conn.respond(401, {"message": f"refused: {sent}", "request": sent,
                              "errors": [{"field": "key", "message": sent}]})


@pytest.mark.parametrize("kind", ["reset", "4xx", "echo"])
@pytest.mark.parametrize("case", list(CASES))
async def test_no_secret_in_a_pickled_error(server: HostileServer, case: str, kind: str) -> None:
    """README: "No API key, bearer token, provisioning token or OAuth client secret is held
    by an error, so none is in its pickle"; "a credential of that call that the server
    repeats in its answer is masked"."""
    call, at_token_endpoint, secrets = CASES[case]
    broken = echo if kind == "echo" else failure(kind, server)
    token = ok_json({"access_token": FETCHED, "token_type": "Bearer", "expires_in": 3600})
    server.script = by_path({"/oauth/token": broken if at_token_endpoint else token}, broken)
    error = await failing(call, server)
    assert isinstance(error, ConfirmaError)
    if kind == "echo":  # the server did repeat the credential: the check below can fail
        sent = " ".join(str(r.headers) + r.body.decode("latin-1") for r in server.requests)
        assert secrets[0] in sent and "**********" in str(vars(error))
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        pickled = pickle.dumps(error, protocol=protocol)
        for secret in secrets:
            assert secret.encode() not in pickled, f"{case}: secret in a {kind} error pickle"
        assert str(pickle.loads(pickled)) == str(error)
