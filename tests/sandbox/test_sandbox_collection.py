"""The embedded collection API: OAuth token endpoint, bearer auth, pagination, claim writes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import aiohttp
import pytest

from confirma_async import serde
from confirma_async.collection import AsyncCollectionClient
from confirma_async.testing import FakeCollection
from tests.conftest import example_text

# The sandbox is the pytest plugin's collection_fake.
pytestmark = pytest.mark.collection_fake(claims=8, seed=2)


@pytest.fixture
def fake(collection_fake: FakeCollection) -> FakeCollection:
    return collection_fake


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession, fake: FakeCollection, method: str, path: str,
    *, json: Any = None, token: str | None = None, params: dict[str, str] | None = None,
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token or fake.issue_token()}"}
    data = None if json is None else serde.dumps(json)
    if data is not None:
        headers["Content-Type"] = "application/json"
    async with http.request(method, fake.url + path, data=data, headers=headers,
                            params=params) as response:
        text = await response.text()
        return response.status, serde.loads(text) if text else None


def largest_claim(fake: FakeCollection) -> str:
    return max(fake.claim_numbers(), key=lambda n: len(fake.claims[n].invoices))


async def test_token_endpoint_answers_client_credentials(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    form = {"grant_type": "client_credentials", "client_id": fake.client_id,
            "client_secret": fake.client_secret, "audience": fake.audience}
    async with http.post(fake.token_url, data=form) as response:
        body = await response.json()
    assert response.status == 200
    assert set(body) == set(serde.loads(example_text("claims_auth_token_response.json")))
    assert body["token_type"] == "Bearer" and fake.tokens_issued == 1


async def test_token_endpoint_refuses_a_wrong_secret(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    form = {"grant_type": "client_credentials", "client_id": fake.client_id,
            "client_secret": "wrong"}
    async with http.post(fake.token_url, data=form) as response:
        assert response.status == 401
        assert (await response.json())["error"] == "access_denied"


async def test_token_endpoint_refuses_other_grant_types(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    async with http.post(fake.token_url, data={"grant_type": "password"}) as response:
        assert response.status == 400


async def test_api_refuses_requests_without_a_valid_bearer_token(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    status, _ = await call(http, fake, "GET", "/v1/transactions", token="made-up")
    assert status == 401


async def test_revoked_tokens_stop_working(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    token = fake.issue_token()
    fake.revoke_tokens()
    status, _ = await call(http, fake, "GET", "/v1/transactions", token=token)
    assert status == 401


async def test_invoices_are_paged_with_full_pagination(fake: FakeCollection) -> None:
    claim = largest_claim(fake)
    total = len(fake.claims[claim].invoices)
    async with AsyncCollectionClient(base_url=fake.url, access_token=fake.issue_token()) as c:
        page = await c.claims.list_invoices(claim, page=2, page_size=3)
        everything = [i async for i in c.claims.iter_invoices(claim, page_size=3)]
    assert page.pagination.current_page == 2 and page.pagination.total_items == total
    assert page.pagination.total_pages == -(-total // 3)
    assert len(everything) == total
    assert len({i.invoice_number for i in everything}) == total


async def test_sparse_pagination_mimics_the_documented_example() -> None:
    async with FakeCollection(claims=3, sparse_pagination=True) as fake, AsyncCollectionClient(
        base_url=fake.url, access_token=fake.issue_token()
    ) as client:
        claim = largest_claim(fake)
        page = await client.claims.list_invoices(claim, page_size=2)
        everything = [i async for i in client.claims.iter_invoices(claim, page_size=2)]
    assert page.pagination.total_pages is None and page.pagination.total_items is not None
    assert len(everything) == len(fake.claims[claim].invoices)


async def test_page_size_above_the_maximum_is_refused(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    claim = largest_claim(fake)
    status, body = await call(http, fake, "GET", f"/v1/claims/{claim}/invoices",
                              params={"pageSize": "1000"})
    assert status == 400 and body["errors"][0]["field"] == "pageSize"


async def test_unknown_claim_is_404(fake: FakeCollection, http: aiohttp.ClientSession) -> None:
    status, _ = await call(http, fake, "GET", "/v1/claims/NOPE/invoices")
    assert status == 404


async def test_created_claim_is_confirmed_in_transactions(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    request = serde.loads(example_text("claims_create_claim_request.json"))
    status, body = await call(http, fake, "POST", "/v1/claims", json=request)
    assert status == 202 and set(body) == {"requestId"}
    _, transactions = await call(http, fake, "GET", "/v1/transactions",
                                 params={"type": "confirmation"})
    confirmation = transactions[-1]
    assert confirmation["confirmation"]["number"] == "I5408705335"
    assert confirmation["claimNumber"] in fake.claim_numbers()


async def test_invalid_claim_is_refused_naming_the_field(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    request = serde.loads(example_text("claims_create_claim_request.json"))
    request["contracts"][0]["invoices"][0]["remainingAmount"] = 0
    status, body = await call(http, fake, "POST", "/v1/claims", json=request)
    assert status == 400
    assert body["errors"] == [{"field": "contracts[0].invoices[0].remainingAmount",
                               "message": "must be greater than zero"}]


async def test_payment_lowers_the_remaining_amount_exactly(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    claim = largest_claim(fake)
    invoice = fake.claims[claim].invoices[0]
    before = invoice["remainingAmount"]
    status, _ = await call(http, fake, "POST", f"/v1/claims/{claim}/payments", json={
        "invoiceNumber": invoice["invoiceNumber"], "paymentNumber": "P-1", "date": "2026-10-30",
        "amount": Decimal("0.10"), "currency": invoice["currency"],
        "allocateTo": "PRINCIPAL_CLAIM"})
    assert status == 202
    assert invoice["remainingAmount"] == before - Decimal("0.10")
    _, documents = await call(http, fake, "GET", "/v1/transactions",
                              params={"type": "accountingDocument"})
    assert documents[-1]["accountingDocument"]["amount"] == Decimal("-0.10")


async def test_resubmitted_payment_number_is_processed_once(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    claim = largest_claim(fake)
    invoice = fake.claims[claim].invoices[0]
    before = invoice["remainingAmount"]
    payment = {"invoiceNumber": invoice["invoiceNumber"], "paymentNumber": "P-2",
               "date": "2026-10-30", "amount": Decimal("1.00"), "currency": invoice["currency"]}
    for _ in range(2):
        await call(http, fake, "POST", f"/v1/claims/{claim}/payments", json=payment)
    assert invoice["remainingAmount"] == before - Decimal("1.00")


async def test_payment_in_the_wrong_currency_is_rejected_in_transactions(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    claim = largest_claim(fake)
    invoice = fake.claims[claim].invoices[0]
    wrong = "USD"
    await call(http, fake, "POST", f"/v1/claims/{claim}/payments", json={
        "invoiceNumber": invoice["invoiceNumber"], "date": "2026-10-30",
        "amount": Decimal("1.00"), "currency": wrong})
    _, rejections = await call(http, fake, "GET", "/v1/transactions",
                               params={"type": "rejection"})
    assert rejections[-1]["rejection"]["reason"] == "INCORRECT_CURRENCY"


async def test_total_recall_closes_the_claim_and_a_second_is_rejected(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    claim = largest_claim(fake)
    await call(http, fake, "POST", f"/v1/claims/{claim}/recalls", json={})
    _, closings = await call(http, fake, "GET", "/v1/transactions", params={"type": "closing"})
    assert closings[-1]["closing"]["type"] == "RECALLED_BY_CLIENT"
    assert fake.claims[claim].status == "CLOSED"
    await call(http, fake, "POST", f"/v1/claims/{claim}/recalls", json={})
    _, rejections = await call(http, fake, "GET", "/v1/transactions",
                               params={"type": "rejection"})
    assert rejections[-1]["claimNumber"] == claim


async def test_cancellation_restores_a_payment(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    claim = largest_claim(fake)
    invoice = fake.claims[claim].invoices[0]
    before = invoice["remainingAmount"]
    await call(http, fake, "POST", f"/v1/claims/{claim}/creditWaivers", json={
        "invoiceNumber": invoice["invoiceNumber"], "creditWaiverNumber": "W-1",
        "date": "2026-10-30", "amount": Decimal("2.50"), "currency": invoice["currency"]})
    await call(http, fake, "POST", f"/v1/claims/{claim}/accountingDocuments/cancellations",
               json={"referenceNumber": "W-1", "date": "2026-10-31",
                     "amount": Decimal("2.50"), "currency": invoice["currency"]})
    assert invoice["remainingAmount"] == before
    _, documents = await call(http, fake, "GET", "/v1/transactions",
                              params={"type": "accountingDocument"})
    assert documents[-1]["accountingDocument"]["originalType"] == "CREDIT_WAIVER"


async def test_search_finds_a_claim_by_invoice_number(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    claim = largest_claim(fake)
    number = fake.claims[claim].invoices[-1]["invoiceNumber"]
    status, body = await call(http, fake, "GET", "/v1/claims/search",
                              params={"invoiceNumber": number})
    assert status == 200
    assert [item["claimNumber"] for item in body["items"]] == [claim]


async def test_transactions_window_filters_by_date(
    fake: FakeCollection, http: aiohttp.ClientSession
) -> None:
    _, everything = await call(http, fake, "GET", "/v1/transactions")
    _, none = await call(http, fake, "GET", "/v1/transactions",
                         params={"from": "2030-01-01T00:00:00Z"})
    assert everything and none == []
