"""The sandbox as users test with it: the request log, fault defaults, a number of cases."""

from __future__ import annotations

import pytest

from confirma_async import APIConnectionError, Hooks, NotFoundError, ResponseEvent, ServerError
from confirma_async.collection import AsyncCollectionClient
from confirma_async.testing import PATHS, FakeCollection, FakeConfirma, LoggedRequest, _server
from tests.sandbox.test_sandbox_faults import client_for, fake

__all__ = ["fake"]


async def test_the_request_log_slices_like_a_list(fake: FakeConfirma) -> None:
    """Guards the README: "`fake.request_log` is a sequence that slices (`log[-3:]`,
    `log[-1]`)"."""
    async with client_for(fake) as client:
        for case_id in fake.case_ids()[:4]:
            await client.cases.get(case_id)
    last = fake.request_log[-3:]
    assert isinstance(last, list) and len(last) == 3
    assert all(isinstance(entry, LoggedRequest) for entry in last)
    assert [e.query["caseId"] for e in last] == [str(i) for i in fake.case_ids()[1:4]]
    assert fake.request_log[-1] is last[-1]
    assert list(fake.request_log) == fake.request_log[:]
    assert len(fake.request_log) == fake.requests == 4


async def test_a_logged_request_has_method_path_query_status_and_the_request_id(
    fake: FakeConfirma,
) -> None:
    seen: list[ResponseEvent] = []
    async with client_for(fake, hooks=Hooks(on_response=seen.append)) as client:
        with pytest.raises(NotFoundError):
            await client.cases.get(1)
    entry = fake.request_log[-1]
    assert (entry.method, entry.path, dict(entry.query)) == ("GET", PATHS["case"],
                                                              {"caseId": "1"})
    assert entry.status == 404
    assert entry.request_id == seen[-1].request_id is not None


async def test_injected_faults_are_logged_with_their_status_or_none_for_a_reset(
    fake: FakeConfirma,
) -> None:
    fake.faults.fail(PATHS["case"], 503, times=1)
    fake.faults.reset(PATHS["distribution"])
    async with client_for(fake) as client:
        with pytest.raises(ServerError):
            await client.cases.get(fake.case_ids()[0])
        with pytest.raises(APIConnectionError):
            await client.distribution.list()
    assert [e.status for e in fake.request_log.matching(PATHS["case"])] == [503]
    resets = fake.request_log.matching(PATHS["distribution"])
    assert resets and {e.status for e in resets} == {None}


async def test_matching_filters_by_path_glob_and_method(fake: FakeConfirma) -> None:
    async with client_for(fake) as client:
        await client.cases.get(fake.case_ids()[0])
        await client.distribution.list()
    assert [e.path for e in fake.request_log.matching("*/invoice/case")] == [PATHS["case"]]
    assert fake.request_log.matching(method="post") == []
    assert len(fake.request_log.matching()) == 2


def test_the_request_log_keeps_only_the_latest_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_server, "REQUEST_LOG_SIZE", 3)
    with FakeConfirma(invoices=0) as fake:
        import urllib.request

        for _ in range(5):
            with pytest.raises(OSError):  # 401 without a key; only the log matters here
                urllib.request.urlopen(fake.url + PATHS["validate"], timeout=10)
    assert len(fake.request_log) == 3 and fake.requests == 5
    assert [e.request_id for e in fake.request_log] == [
        f"sandbox-{n:08d}" for n in (3, 4, 5)]


async def test_the_collection_fake_logs_its_requests_too() -> None:
    async with FakeCollection(claims=2) as fake, AsyncCollectionClient(
        base_url=fake.url, access_token=fake.issue_token()
    ) as client:
        await client.claims.list_invoices(fake.claim_numbers()[0], page=1, page_size=2)
    entry = fake.request_log[-1]
    assert entry.method == "GET" and entry.status == 200
    assert entry.query == {"page": "1", "pageSize": "2"}


async def test_a_fault_rule_applies_forever_unless_times_is_given(fake: FakeConfirma) -> None:
    """Guards the README: "`fail`, `reset` and `hang` apply to every matching request
    until `clear()` unless `times=N` limits them to the next N"."""
    fake.faults.reset(PATHS["distribution"])
    fake.faults.fail(PATHS["case"], times=1)  # status defaults to 503
    async with client_for(fake) as client:
        for _ in range(3):
            with pytest.raises(APIConnectionError):
                await client.distribution.list()
        with pytest.raises(ServerError) as failed:
            await client.cases.get(fake.case_ids()[0])
        assert failed.value.status == 503
        await client.cases.get(fake.case_ids()[0])
        fake.faults.clear()
        await client.distribution.list()


def test_fault_knobs_start_switched_off() -> None:
    fake = FakeConfirma(invoices=0)
    assert fake.faults.latency == 0.0 and fake.faults.rate_limit is None
    assert repr(fake.faults) == "Faults(latency=0.0, rate_limit=None, rules=0)"


@pytest.mark.parametrize("cases", [0, 1, 7, 40])
def test_a_sandbox_can_be_asked_for_an_exact_number_of_cases(cases: int) -> None:
    """Guards the README: "`FakeConfirma(cases=25)` seeds the fewest invoices that hold
    exactly 25 cases"."""
    fake = FakeConfirma(cases=cases, seed=5)
    assert len(fake.cases) == cases
    if cases:  # the fewest: one invoice less holds one case less
        fewer = FakeConfirma(invoices=len(fake.invoice_numbers()) - 1, seed=5)
        assert len(fewer.cases) == cases - 1
    again = FakeConfirma(cases=cases, seed=5)
    assert again.case_ids() == fake.case_ids() and again.invoice_numbers() == \
        fake.invoice_numbers()


def test_more_invoices_keep_the_smaller_data_set_as_their_start() -> None:
    small, big = FakeConfirma(invoices=30, seed=2), FakeConfirma(invoices=60, seed=2)
    first = {n: small.distribution[n]["dates"]["createdAt"] for n in small.invoice_numbers()}
    assert {n: big.distribution[n]["dates"]["createdAt"] for n in first} == first
    assert {c["invoices"][0]["invoiceNumber"] for c in small.cases.values()} <= {
        c["invoices"][0]["invoiceNumber"] for c in big.cases.values()}


def test_invoices_and_cases_together_are_refused() -> None:
    with pytest.raises(ValueError, match="invoices or cases"):
        FakeConfirma(invoices=10, cases=3)


def test_without_either_the_sandbox_seeds_fifty_invoices() -> None:
    assert len(FakeConfirma().invoice_numbers()) == 50
