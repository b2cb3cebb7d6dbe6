"""Collection API endpoints (aioresponses): method, path, query, body, decoded result."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from confirma_async import ConfirmaValueError, ServerError, serde
from confirma_async.collection import AsyncCollectionClient, CollectionClient
from confirma_async.collection._sync import Claims, Transactions
from confirma_async.collection.claims import AsyncClaims
from confirma_async.collection.transactions import AsyncTransactions
from confirma_async.models import (
    ClaimCancellationRequest,
    ClaimContract,
    ClaimCost,
    ClaimCreditWaiverRequest,
    ClaimCustomer,
    ClaimInvoiceRequest,
    ClaimPaymentRequest,
    ClaimRecallRequest,
    ClaimReceipt,
    ClaimRequest,
    ClaimStatus,
    ConfirmationType,
    CostType,
    TransactionType,
)
from tests.conftest import example_text
from tests.hostile import HostileServer, ok_json

BASE = "https://collection.example.com"
TOKEN = "given-token-5b1e"
RECEIPT = {"requestId": "8ec4f2b1-964b-42fd-9b1a-abd9274af9c1"}
ANY_URL = re.compile(r"^https://collection\.example\.com/.*$")

PAYMENT = ClaimPaymentRequest(
    invoice_number="I0417211448",
    payment_number="P5803137068",
    date=date(2023, 6, 23),
    amount=Decimal("150.00"),
    currency="EUR",
)


@pytest.fixture
def mocked() -> Iterator[aioresponses]:
    with aioresponses() as m:
        yield m


def client(**kwargs: Any) -> AsyncCollectionClient:
    return AsyncCollectionClient(base_url=BASE, access_token=TOKEN, **kwargs)


def only_request(mocked: aioresponses) -> tuple[str, URL, dict[str, Any]]:
    ((method, url), calls), = mocked.requests.items()
    assert len(calls) == 1
    return method, url, calls[0].kwargs


def sent_json(kwargs: dict[str, Any]) -> Any:
    return serde.loads(kwargs["data"])


# The fields every claim invoice carries (the model requires them).
INVOICE = {"invoiceNumber": "I1", "invoiceDate": "2024-01-02", "remainingAmount": 10,
           "originalAmount": 10, "currency": "EUR"}


def search_page(numbers: list[str], page: int, total_pages: int) -> dict[str, Any]:
    return {
        "items": [{"claimNumber": n, "customerNumber": "K1644779365", "status": "processing"}
                  for n in numbers],
        "pagination": {"totalItems": 3, "pageSize": 2, "currentPage": page,
                       "totalPages": total_pages},
    }


async def test_create_posts_the_claim_and_returns_the_request_id(mocked: aioresponses) -> None:
    claim = ClaimRequest(
        customer=ClaimCustomer(customer_number="C1", type="PRIVATE", last_name="Hilll"),
        contracts=[ClaimContract(contract_number="V1", invoices=[ClaimInvoiceRequest(
            invoice_number="I1", invoice_date="2023-06-23", remaining_amount="100.50",
            original_amount=120, currency="EUR")])],
    )
    mocked.post(f"{BASE}/v1/claims", status=202, payload=RECEIPT)
    async with client() as c:
        receipt = await c.claims.create(claim)
    assert receipt == ClaimReceipt(request_id=RECEIPT["requestId"])
    method, url, kwargs = only_request(mocked)
    assert (method, str(url)) == ("POST", f"{BASE}/v1/claims")
    # The bearer token is added inside aiohttp (aioresponses bypasses it): see the next test.
    assert kwargs["headers"]["Content-Type"] == "application/json"
    body = sent_json(kwargs)
    assert body["contracts"][0]["invoices"][0]["remainingAmount"] == Decimal("100.50")
    assert body["customer"] == {"customerNumber": "C1", "type": "PRIVATE", "lastName": "Hilll"}


async def test_every_call_carries_the_bearer_token_over_the_wire() -> None:
    async with HostileServer(ok_json(RECEIPT, status=202)) as server:
        async with AsyncCollectionClient(base_url=server.url, access_token=TOKEN) as c:
            await c.claims.create_recall("C1")
    (request,) = server.requests
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"


async def test_create_payment_posts_to_the_claims_payments(mocked: aioresponses) -> None:
    mocked.post(f"{BASE}/v1/claims/DE-S242243324007/payments", payload=RECEIPT)
    async with client() as c:
        receipt = await c.claims.create_payment("DE-S242243324007", PAYMENT)
    assert receipt.request_id == RECEIPT["requestId"]
    _, _, kwargs = only_request(mocked)
    assert sent_json(kwargs) == {
        "invoiceNumber": "I0417211448", "paymentNumber": "P5803137068",
        "date": "2023-06-23", "amount": Decimal("150.00"), "currency": "EUR",
    }


async def test_create_credit_waiver_posts_to_credit_waivers(mocked: aioresponses) -> None:
    waiver = ClaimCreditWaiverRequest(
        invoice_number="I1", credit_waiver_number="D1", date="2023-06-23",
        amount=Decimal(100), currency="EUR",
    )
    mocked.post(f"{BASE}/v1/claims/731770919/creditWaivers", payload=RECEIPT)
    async with client() as c:
        await c.claims.create_credit_waiver("731770919", waiver)
    _, _, kwargs = only_request(mocked)
    assert sent_json(kwargs)["creditWaiverNumber"] == "D1"


async def test_total_recall_sends_the_documented_empty_object(mocked: aioresponses) -> None:
    mocked.post(f"{BASE}/v1/claims/731770919/recalls", payload=RECEIPT)
    async with client() as c:
        await c.claims.create_recall("731770919")
    _, _, kwargs = only_request(mocked)
    assert sent_json(kwargs) == serde.loads(example_text("claims_create_recall_total_request.json"))
    assert kwargs["data"] == b"{}"


async def test_partial_recall_names_the_invoice(mocked: aioresponses) -> None:
    mocked.post(f"{BASE}/v1/claims/731770919/recalls", payload=RECEIPT)
    async with client() as c:
        await c.claims.create_recall(
            "731770919", ClaimRecallRequest(invoice_number="I1", type="payment")
        )
    _, _, kwargs = only_request(mocked)
    assert sent_json(kwargs) == {"invoiceNumber": "I1", "type": "payment"}  # as given


async def test_cancel_accounting_document_posts_to_cancellations(mocked: aioresponses) -> None:
    cancellation = ClaimCancellationRequest(
        reference_number="P5803137068", date="2024-07-23", amount=Decimal(150), currency="EUR"
    )
    mocked.post(
        f"{BASE}/v1/claims/731770919/accountingDocuments/cancellations", payload=RECEIPT
    )
    async with client() as c:
        await c.claims.cancel_accounting_document("731770919", cancellation)
    _, _, kwargs = only_request(mocked)
    assert sent_json(kwargs)["referenceNumber"] == "P5803137068"


async def test_claim_number_is_escaped_in_the_path(mocked: aioresponses) -> None:
    mocked.post(f"{BASE}/v1/claims/A%2FB/payments", payload=RECEIPT)
    async with client() as c:
        await c.claims.create_payment("A/B", PAYMENT)
    _, url, _ = only_request(mocked)
    assert url.raw_path == "/v1/claims/A%2FB/payments"


async def test_a_write_that_failed_on_the_server_is_not_resent(mocked: aioresponses) -> None:
    mocked.post(f"{BASE}/v1/claims/731770919/payments", status=503, repeat=True)
    async with client(max_retries=3) as c:
        with pytest.raises(ServerError):
            await c.claims.create_payment("731770919", PAYMENT)
    only_request(mocked)


async def test_a_write_with_the_wrong_request_type_sends_nothing(mocked: aioresponses) -> None:
    async with client() as c:
        with pytest.raises(ConfirmaValueError) as caught:
            await c.claims.create_payment("731770919", {"amount": 1})  # type: ignore[arg-type]
    assert caught.value.field == "payment"
    assert not mocked.requests


async def test_overlong_claim_number_sends_nothing(mocked: aioresponses) -> None:
    async with client() as c:
        with pytest.raises(ConfirmaValueError) as caught:
            await c.claims.create_payment("9" * 41, PAYMENT)
    assert caught.value.field == "claim_number"
    assert not mocked.requests


async def test_search_sends_only_the_given_filters(mocked: aioresponses) -> None:
    mocked.get(ANY_URL, payload=search_page(["731770919"], 1, 1))
    async with client() as c:
        page = await c.claims.search(customer_number="K1644779365", page=2, page_size=5)
    assert page.items[0].status is not None
    assert page.items[0].status.member is ClaimStatus.PROCESSING
    method, url, _ = only_request(mocked)
    assert method == "GET" and url.path == "/v1/claims/search"
    assert dict(url.query) == {"customerNumber": "K1644779365", "page": "2", "pageSize": "5"}


async def test_iter_search_follows_pages_until_total_pages(mocked: aioresponses) -> None:
    mocked.get(ANY_URL, payload=search_page(["a", "b"], 1, 2))
    mocked.get(ANY_URL, payload=search_page(["c"], 2, 2))
    async with client() as c:
        numbers = [hit.claim_number async for hit in c.claims.iter_search(ssn="X", page_size=2)]
    assert numbers == ["a", "b", "c"]
    pages = sorted(dict(url.query)["page"] for (_, url) in mocked.requests)
    assert pages == ["1", "2"]


async def test_list_invoices_decodes_the_seed_example(mocked: aioresponses) -> None:
    mocked.get(ANY_URL, body=example_text("claims_invoices_response.json"))
    async with client() as c:
        page = await c.claims.list_invoices("DE-S242243324007")
    assert page.items[1].invoice_number == "I57391660"
    assert page.items[1].remaining_amount == Decimal("151.46")
    _, url, _ = only_request(mocked)
    assert url.path == "/v1/claims/DE-S242243324007/invoices"
    assert dict(url.query) == {"page": "1", "pageSize": "10"}


async def test_list_costs_decodes_cost_items(mocked: aioresponses) -> None:
    costs = serde.loads(example_text("claims_fragment_costs.json"))["costs"]
    mocked.get(ANY_URL, body=serde.dumps({"items": costs, "pagination": {"totalItems": 1}}))
    async with client() as c:
        page = await c.claims.list_costs("731770919", page_size=50)
    assert page.items == [
        ClaimCost(type=CostType.CHARGEBACK, currency="EUR", remaining_amount=Decimal("46.96"),
                  original_amount=Decimal("49.75"), tax_rate=None, date=date(2022, 12, 12),
                  description="description", invoice_number="F7222245113")
    ]
    _, url, _ = only_request(mocked)
    assert url.path == "/v1/claims/731770919/costs"
    assert url.query["pageSize"] == "50"


async def test_iter_costs_stops_when_total_items_are_seen(mocked: aioresponses) -> None:
    item = {"type": "REMINDER_FEE", "remainingAmount": 5, "currency": "EUR"}
    mocked.get(ANY_URL, payload={"items": [item], "pagination": {"totalItems": 1}})
    async with client() as c:
        costs = [cost async for cost in c.claims.iter_costs("731770919", page_size=1)]
    assert [cost.type for cost in costs] == [CostType.REMINDER_FEE]
    only_request(mocked)


async def test_internal_headers_pass_through_extra_headers(mocked: aioresponses) -> None:
    mocked.get(ANY_URL, payload={"items": [], "pagination": {}})
    async with client() as c:
        await c.claims.list_invoices("1", extra_headers={"X-Client-Global-Id": "42"})
    _, _, kwargs = only_request(mocked)
    assert kwargs["headers"]["X-Client-Global-Id"] == "42"


async def test_transactions_list_sends_window_and_type_filter(mocked: aioresponses) -> None:
    mocked.get(ANY_URL, body=example_text("claims_transactions_response.json"))
    async with client() as c:
        feed = await c.transactions.list(
            from_=date(2024, 5, 22), to=date(2024, 5, 23), type="CONFIRMATION"
        )
    assert [t.confirmation.type for t in feed if t.confirmation] == [
        ConfirmationType.CLIENT_COSTS, ConfirmationType.INVOICE
    ]
    _, url, _ = only_request(mocked)
    assert url.path == "/v1/transactions"
    assert dict(url.query) == {"from": "2024-05-22", "to": "2024-05-23", "type": "confirmation"}


@pytest.mark.parametrize(
    ("kind", "wire"),
    [(TransactionType.ACCOUNTING_DOCUMENT, "accountingDocument"),
     ("accounting_document", "accountingDocument"), ("Rejection", "rejection"),
     (TransactionType.CLOSING, "closing")],
)
async def test_transaction_type_filter_uses_the_documented_spelling(
    mocked: aioresponses, kind: Any, wire: str
) -> None:
    mocked.get(ANY_URL, payload=[])
    async with client() as c:
        assert await c.transactions.list(from_=date(2024, 1, 1), to=date(2024, 1, 2),
                                         type=kind) == []
    _, url, _ = only_request(mocked)
    assert url.query["type"] == wire


async def test_transaction_window_datetimes_are_sent_as_utc(mocked: aioresponses) -> None:
    mocked.get(ANY_URL, payload=[])
    cet = timezone(timedelta(hours=2))
    async with client() as c:
        await c.transactions.list(
            from_=datetime(2024, 5, 22, 2, 0, tzinfo=cet),
            to=datetime(2024, 5, 23, tzinfo=timezone.utc),
        )
    _, url, _ = only_request(mocked)
    assert url.query["from"] == "2024-05-22T00:00:00Z"
    assert url.query["to"] == "2024-05-23T00:00:00Z"
    assert "type" not in url.query


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"from_": datetime(2024, 5, 22), "to": date(2024, 5, 23)}, "from_"),
     ({"from_": date(2024, 5, 23), "to": date(2024, 5, 22)}, "to"),
     ({"from_": date(2024, 5, 22), "to": date(2024, 5, 23), "type": "payment"}, "type")],
)
async def test_bad_transaction_window_sends_nothing(
    mocked: aioresponses, kwargs: dict[str, Any], field: str
) -> None:
    async with client() as c:
        with pytest.raises(ConfirmaValueError) as caught:
            await c.transactions.list(**kwargs)
    assert caught.value.field == field
    assert not mocked.requests


def test_sync_client_mirrors_every_public_method() -> None:
    for async_cls, sync_cls in ((AsyncClaims, Claims), (AsyncTransactions, Transactions)):
        public = {
            name for name, fn in inspect.getmembers(async_cls)
            if not name.startswith("_") and (inspect.iscoroutinefunction(fn)
                                             or inspect.isasyncgenfunction(fn))
        }
        assert public, async_cls
        assert public <= set(vars(sync_cls)), public - set(vars(sync_cls))


def test_sync_client_creates_payments_and_iterates_invoices(mocked: aioresponses) -> None:
    mocked.post(f"{BASE}/v1/claims/731770919/payments", payload=RECEIPT)
    mocked.get(ANY_URL, payload={"items": [INVOICE], "pagination": {}})
    with CollectionClient(base_url=BASE, access_token=TOKEN) as c:
        receipt = c.claims.create_payment("731770919", PAYMENT)
        numbers = [invoice.invoice_number for invoice in c.claims.iter_invoices("731770919")]
        assert repr(c) == f"CollectionClient(base_url={BASE!r})"
    assert receipt.request_id == RECEIPT["requestId"]
    assert numbers == ["I1"]
