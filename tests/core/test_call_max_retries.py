"""Per-call ``max_retries=``: on every endpoint method, like ``timeout=``, over the wire."""

from __future__ import annotations

import inspect
from typing import Any

import attrs
import pytest

from confirma_async import (
    AsyncConfirmaClient,
    CommentAction,
    ConfirmaClient,
    ConfirmaError,
    ConfirmaValueError,
    RetryPolicy,
    ServerError,
)
from confirma_async._core.retry import Retry
from confirma_async.api._resource import AsyncResource
from confirma_async.collection import AsyncCollectionClient
from confirma_async.testing import FakeConfirma

FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.01)
CASES = "/api/v1/partner/invoice/case"


@pytest.fixture
def busy(confirma_fake: FakeConfirma) -> FakeConfirma:
    """The plugin's sandbox answering 503 to everything; ``busy.requests`` counts them."""
    confirma_fake.faults.fail("*", 503)
    return confirma_fake


@pytest.mark.parametrize(("per_call", "requests"), [(None, 3), (0, 1), (1, 2), (4, 5)])
async def test_per_call_max_retries_replaces_the_clients(
    per_call: int | None, requests: int, busy: FakeConfirma
) -> None:
    async with AsyncConfirmaClient(api_key="k", base_url=busy.url, max_retries=2,
                                   retry_policy=FAST) as client:
        with pytest.raises(ServerError):
            await client.cases.list(case_id=1, max_retries=per_call)
    assert busy.requests == requests


@attrs.frozen
class Recording(RetryPolicy):
    """A RetryPolicy that notes the ``max_retries`` each decision was asked with."""

    seen: list[int] = attrs.field(factory=list, eq=False)

    def decide(self, error: ConfirmaError, *, attempt: int, max_retries: int,
               idempotent: bool, retry_after: float | None = None,
               remaining: float) -> Retry | None:
        self.seen.append(max_retries)
        return super().decide(error, attempt=attempt, max_retries=max_retries,
                              idempotent=idempotent, retry_after=retry_after,
                              remaining=remaining)


async def test_per_call_max_retries_is_what_the_retry_policy_decides_with(
    busy: FakeConfirma,
) -> None:
    policy = Recording(backoff_base=0.001, backoff_cap=0.01)
    async with AsyncConfirmaClient(api_key="k", base_url=busy.url, max_retries=5,
                                   retry_policy=policy) as client:
        with pytest.raises(ServerError):
            await client.cases.get(1, max_retries=1)
    assert policy.seen == [1, 1]


async def test_a_write_is_still_never_resent_after_it_may_have_arrived(
    busy: FakeConfirma,
) -> None:
    action = CommentAction(invoice_number=1, case_id=1, comment="x")
    async with AsyncConfirmaClient(api_key="k", base_url=busy.url, retry_policy=FAST) as client:
        with pytest.raises(ServerError):
            await client.invoices.create_actions([action], max_retries=5)
    assert busy.requests == 1


async def test_per_call_max_retries_applies_to_every_key_of_a_bulk_call(
    busy: FakeConfirma,
) -> None:
    async with AsyncConfirmaClient(api_key="k", base_url=busy.url, max_retries=3,
                                   retry_policy=FAST) as client:
        result = await client.cases.get_many([1, 2, 3], max_retries=0)
    assert len(result.failed) == 3 and busy.requests == 3


async def test_the_escape_hatch_takes_max_retries_too(busy: FakeConfirma) -> None:
    async with AsyncConfirmaClient(api_key="k", base_url=busy.url, retry_policy=FAST) as client:
        with pytest.raises(ServerError):
            await client.request("GET", CASES, max_retries=1)
    assert busy.requests == 2


@pytest.mark.parametrize("bad", [-1, True, 1.5, "2"])
async def test_a_bad_per_call_max_retries_sends_nothing(
    bad: Any, busy: FakeConfirma
) -> None:
    async with AsyncConfirmaClient(api_key="k", base_url=busy.url) as client:
        with pytest.raises(ConfirmaValueError, match="max_retries: must be a non-negative"):
            await client.cases.get(1, max_retries=bad)
        with pytest.raises(ConfirmaValueError, match="max_retries"):
            await client.cases.get_many([1], max_retries=bad)
    assert busy.requests == 0


def test_the_sync_client_takes_per_call_max_retries(busy: FakeConfirma) -> None:
    with ConfirmaClient(api_key="k", base_url=busy.url, max_retries=3,
                        retry_policy=FAST) as client, pytest.raises(ServerError):
        client.cases.list(case_id=1, max_retries=0)
    assert busy.requests == 1


def _endpoint_methods() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = [("AsyncConfirmaClient.request", AsyncConfirmaClient.request)]
    for client_class in (AsyncConfirmaClient, AsyncCollectionClient):
        for name, resource in inspect.get_annotations(client_class, eval_str=True).items():
            if not (inspect.isclass(resource) and issubclass(resource, AsyncResource)):
                continue
            for method_name, method in inspect.getmembers(resource):
                if not method_name.startswith("_") and (
                    inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method)
                ):
                    found.append((f"{client_class.__name__}.{name}.{method_name}", method))
    return found


def test_every_endpoint_method_takes_max_retries_beside_timeout() -> None:
    methods = _endpoint_methods()
    assert len(methods) > 35
    for where, method in methods:
        parameters = inspect.signature(method).parameters
        assert "timeout" in parameters, where
        retries = parameters.get("max_retries")
        assert retries is not None, where
        assert retries.kind is inspect.Parameter.KEYWORD_ONLY and retries.default is None, where
