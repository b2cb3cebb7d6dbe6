"""``client.with_raw_response``: the HTTP side of every call that sends one request.

Each offered method runs against the sandbox; its ``RawResponse`` must carry the status,
path and request id the sandbox logged for that very request, and ``parse()`` the model
the plain call returns. Bulk calls and iterators are not offered, with a reason.
"""

from __future__ import annotations

import re
import threading
import typing
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from confirma_async import (
    AsyncConfirmaClient,
    CommentAction,
    ConfirmaClient,
    NotFoundError,
    RawResponse,
    serde,
)
from confirma_async.collection import AsyncCollectionClient
from confirma_async.models import (
    AccountingPayment,
    ClaimCancellationRequest,
    ClaimContract,
    ClaimCreditWaiverRequest,
    ClaimCustomer,
    ClaimInvoiceRequest,
    ClaimPaymentRequest,
    ClaimRequest,
    ClientCreateRequest,
    ClientDetails,
    ClientService,
    LedgerDocument,
)
from confirma_async.testing import FakeCollection, FakeConfirma
from tests.conftest import example_text
from tests.sandbox import test_sandbox_sdk as sandbox
from tests.sandbox.test_sandbox_sdk import invoice_due_in

# The sandbox and a client of it with fast retries, as the sandbox tests have them.
fake = sandbox.fake
client = sandbox.client

Call = Callable[[Any, Any], Awaitable[Any]]


def _first_open_case(fake: FakeConfirma) -> int:
    return next(c for c, v in fake.cases.items() if v["summary"]["status"] == "OPEN")


def _comment(fake: FakeConfirma) -> CommentAction:
    case_id = _first_open_case(fake)
    number = int(fake.cases[case_id]["invoices"][0]["invoiceNumber"])
    return CommentAction(invoice_number=number, case_id=case_id, comment="raw")


def _new_client() -> ClientCreateRequest:
    return ClientCreateRequest(
        service=ClientService(type="LIFECYCLE", partner_code="RAW1"),
        client=ClientDetails(name="Raakadata Oy", business_code="1234567-1",
                             postal_address="Testikuja 7", postal_code="33100",
                             postal_district="TAMPERE", country_code="FI",
                             email="billing@example.com", language_code="FI"),
    )


def _ledger() -> LedgerDocument:
    body = serde.loads(example_text("accounting_ledger.request.json"))["ledgers"]
    result: LedgerDocument = serde.structure(body, LedgerDocument)
    return result


def _payment(fake: FakeConfirma) -> AccountingPayment:
    return AccountingPayment(payment_identifier="raw-1", invoice_number="251600001",
                             payment_date=fake.today, amount=Decimal("10.00"),
                             currency="EUR", source_name="Raakadata Oy")


# Every method of the Confirma tree that sends one request: how to call it (on the plain
# tree or on ``with_raw_response``), and whether a second call answers the same.
CONFIRMA: dict[str, tuple[Callable[[Any, FakeConfirma], Awaitable[Any]], bool]] = {
    "cases.list": (lambda t, f: t.cases.list(case_id=_first_open_case(f)), True),
    "cases.get": (lambda t, f: t.cases.get(_first_open_case(f)), True),
    "distribution.list": (lambda t, f: t.distribution.list(), True),
    "distribution.get": (lambda t, f: t.distribution.get(f.invoice_numbers()[0]), True),
    "distribution.list_v2": (lambda t, f: t.distribution.list_v2(), True),
    "invoices.create_actions": (lambda t, f: t.invoices.create_actions([_comment(f)]), False),
    "invoices.create": (lambda t, f: t.invoices.create(invoice_due_in(f, 880001, 9)), False),
    "onboarding.create_client": (lambda t, f: t.onboarding.create_client(_new_client()), False),
    "onboarding.validate_token": (lambda t, f: t.onboarding.validate_token(), True),
    "onboarding.renew_token": (lambda t, f: t.onboarding.renew_token(apply=True), False),
    "payments.list": (lambda t, f: t.payments.list(), True),
    # Not repeatable: the sandbox stamps a settlement's apiFetchDate on its first fetch.
    "settlements.list": (lambda t, f: t.settlements.list(), False),
    "accounting.submit_ledger": (lambda t, f: t.accounting.submit_ledger(_ledger()), False),
    "accounting.ledger_status": (lambda t, f: t.accounting.ledger_status(), True),
    "accounting.submit_payments": (
        lambda t, f: t.accounting.submit_payments([_payment(f)]), False),
    "accounting.payment_status": (lambda t, f: t.accounting.payment_status(), True),
    "accounting.submit_invoice": (
        lambda t, f: t.accounting.submit_invoice({"invoiceNumber": f.invoice_numbers()[0]}),
        False),
    "accounting.invoice_status": (lambda t, f: t.accounting.invoice_status(), True),
    "operations.finvoice_credentials": (
        lambda t, f: t.operations.finvoice_credentials("0737546-2"), True),
    "request": (lambda t, f: t.request("GET", "/api/v1/partner/payments"), True),
}

NOT_OFFERED = {
    "cases.get_many": "sends many requests",
    "cases.iter_many": "iterates over many requests",
    "distribution.get_many": "sends many requests",
    "distribution.iter_many": "iterates over many requests",
    "invoices.track": "iterates over many requests",
    "close": "is not an API call",
    "set_api_key": "is not an API call",
    "with_options": "is not an API call",
    "base_url": "is not an API call",
}


def _offered(view: Any, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for name in dir(view):
        value = getattr(view, name)
        if callable(value):
            names.add(prefix + name)
        else:
            names |= _offered(value, f"{prefix}{name}.")
    return names


def _resolve(tree: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        tree = getattr(tree, part)
    return tree


def _return_type(client_class: type, dotted: str) -> Any:
    owner: Any = client_class
    *resources, method = dotted.split(".")
    for name in resources:
        owner = typing.get_type_hints(owner)[name]
    hint = typing.get_type_hints(getattr(owner, method))["return"]
    if typing.get_origin(hint) is typing.Union:  # the escape hatch: decoded JSON (Any)
        return object
    return typing.get_origin(hint) or hint


def test_the_table_covers_every_method_with_a_raw_variant() -> None:
    client = AsyncConfirmaClient(api_key="k")
    assert _offered(client.with_raw_response) == set(CONFIRMA)


@pytest.mark.parametrize("name", list(CONFIRMA))
async def test_raw_response_is_the_request_the_server_answered(
    name: str, fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    call, repeatable = CONFIRMA[name]
    raw = await call(client.with_raw_response, fake)
    logged = fake.request_log[-1]
    assert isinstance(raw, RawResponse)
    assert (raw.status, raw.method, raw.path) == (logged.status, logged.method, logged.path)
    assert raw.request_id == logged.request_id == raw.headers["X-Request-Id"]
    assert raw.elapsed > 0
    value = raw.parse()
    assert isinstance(value, _return_type(AsyncConfirmaClient, name))
    if repeatable:
        assert value == await call(client, fake)


@pytest.mark.parametrize("name", list(NOT_OFFERED))
def test_methods_without_a_raw_variant_say_why(name: str) -> None:
    client = AsyncConfirmaClient(api_key="k")
    expected = f"with_raw_response.{name} has no raw variant: it {NOT_OFFERED[name]}"
    with pytest.raises(AttributeError, match=re.escape(expected)):
        _resolve(client.with_raw_response, name)


def test_an_unknown_name_is_an_ordinary_attribute_error() -> None:
    client = AsyncConfirmaClient(api_key="k")
    with pytest.raises(AttributeError, match="gett"):
        client.with_raw_response.cases.gett  # noqa: B018


async def test_the_request_id_of_a_successful_post_is_reachable_without_hooks(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    """README: "the request id of a successful call, without hooks"."""
    raw = await client.with_raw_response.invoices.create_actions([_comment(fake)])
    assert raw.request_id is not None
    assert raw.request_id == fake.request_log.matching("*/invoice/action")[-1].request_id
    assert raw.parse().accepted == 1


async def test_an_error_answer_still_raises_the_usual_error(
    client: AsyncConfirmaClient,
) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.with_raw_response.cases.get(999999999)
    assert caught.value.status == 404 and caught.value.request_id is not None


async def test_per_call_options_pass_through_a_raw_call(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    case_id = _first_open_case(fake)
    raw = await client.with_raw_response.cases.get(
        case_id, timeout=5, max_retries=0, extra_query={"trace": "1"})
    assert raw.parse().summary.case_id == case_id
    assert fake.request_log[-1].query["trace"] == "1"


async def test_raw_response_repr_shows_no_headers_or_body(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    raw = await client.with_raw_response.cases.get(_first_open_case(fake))
    text = repr(raw)
    assert "request_id='sandbox-" in text and "status=200" in text
    assert "X-Request-Id" not in text and "summary" not in text


async def test_a_raw_call_on_a_view_uses_the_views_options(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    fake.faults.fail("/api/v1/partner/payments", status=503, times=1)
    view = client.with_options(max_retries=1)
    raw = await view.with_raw_response.payments.list()
    assert raw.status == 200 and len(fake.request_log.matching("*/payments")) == 2


def test_the_raw_signature_returns_a_raw_response() -> None:
    import inspect

    client = AsyncConfirmaClient(api_key="k")
    signature = inspect.signature(client.with_raw_response.cases.get)
    assert signature.return_annotation == "RawResponse[Case]"
    assert list(signature.parameters)[:2] == ["case_id", "timeout"]


# --- the sync client ------------------------------------------------------------------------


def test_sync_raw_response_parses_without_the_event_loop() -> None:
    """README: "`parse()` needs no event loop: it works after the client is closed"."""
    with FakeConfirma(invoices=30) as fake:
        case_id = _first_open_case(fake)
        client = ConfirmaClient(api_key=fake.api_key, base_url=fake.url)
        raw = client.with_raw_response.cases.get(case_id)
        assert raw.request_id == fake.request_log[-1].request_id
        client.close()  # the loop thread is gone
        parsed: list[int] = []
        worker = threading.Thread(target=lambda: parsed.append(raw.parse().summary.case_id))
        worker.start()
        worker.join()
    assert parsed == [case_id]


def test_sync_raw_response_refuses_bulk_calls_with_the_same_reason() -> None:
    with FakeConfirma(invoices=10) as fake, ConfirmaClient(
        api_key=fake.api_key, base_url=fake.url
    ) as client:
        with pytest.raises(AttributeError, match="it sends many requests"):
            client.with_raw_response.cases.get_many  # noqa: B018
        with pytest.raises(AttributeError, match="it iterates over many requests"):
            client.with_raw_response.invoices.track  # noqa: B018
        assert "get" in dir(client.with_raw_response.cases)


# --- the collection client --------------------------------------------------------------


def _claim() -> ClaimRequest:
    return ClaimRequest(
        customer=ClaimCustomer(customer_number="C1", type="PRIVATE", last_name="Raaka"),
        contracts=[ClaimContract(contract_number="V1", invoices=[ClaimInvoiceRequest(
            invoice_number="I1", invoice_date="2023-06-23", remaining_amount="100.50",
            original_amount=120, currency="EUR")])],
    )


def _money(cls: Any, **extra: Any) -> Any:
    return cls(invoice_number="I1", date=date(2024, 1, 2), amount=Decimal("1.00"),
               currency="EUR", **extra)


COLLECTION: dict[str, Callable[[Any, str], Awaitable[Any]]] = {
    "claims.create": lambda t, n: t.claims.create(_claim()),
    "claims.create_payment": lambda t, n: t.claims.create_payment(
        n, _money(ClaimPaymentRequest, payment_number="P1")),
    "claims.create_credit_waiver": lambda t, n: t.claims.create_credit_waiver(
        n, _money(ClaimCreditWaiverRequest, credit_waiver_number="W1")),
    "claims.create_recall": lambda t, n: t.claims.create_recall(n),
    "claims.cancel_accounting_document": lambda t, n: t.claims.cancel_accounting_document(
        n, ClaimCancellationRequest(reference_number="P1", date=date(2024, 1, 3),
                                    amount=Decimal("1.00"), currency="EUR")),
    "claims.search": lambda t, n: t.claims.search(claim_number=n),
    "claims.list_invoices": lambda t, n: t.claims.list_invoices(n),
    "claims.list_costs": lambda t, n: t.claims.list_costs(n),
    "transactions.list": lambda t, n: t.transactions.list(
        from_=date(2020, 1, 1), to=date.today() + timedelta(days=1)),
}


async def test_every_collection_call_with_one_request_has_a_raw_variant() -> None:
    async with FakeCollection(claims=3) as fake, AsyncCollectionClient(
        base_url=fake.url, client_id=fake.client_id, client_secret=fake.client_secret,
        token_url=fake.token_url, max_retries=0,
    ) as client:
        assert _offered(client.with_raw_response) == set(COLLECTION)
        number = fake.claim_numbers()[0]
        for name, call in COLLECTION.items():
            raw = await call(client.with_raw_response, number)
            logged = fake.request_log[-1]
            assert (raw.status, raw.method, raw.path) == (
                logged.status, logged.method, logged.path), name
            assert raw.request_id == logged.request_id, name
            assert isinstance(raw.parse(), _return_type(AsyncCollectionClient, name)), name
        assert fake.tokens_issued == 1  # the token request is not the raw response
        with pytest.raises(AttributeError, match="iterates over many requests"):
            client.with_raw_response.claims.iter_invoices  # noqa: B018


async def test_a_method_that_sent_two_requests_is_an_error_not_a_wrong_raw_response(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    """An unmarked bulk method (a programming error) cannot pass off one of its responses."""
    from confirma_async import ConfirmaError
    from confirma_async.api._resource import AsyncResource
    from confirma_async.api._views import RawView

    class Twice(AsyncResource):
        async def both(self) -> None:
            await self._call("GET", "/api/v1/partner/payments")
            await self._call("GET", "/api/v1/partner/payments")

    view: Any = RawView(Twice(client._transport), "twice")
    with pytest.raises(ConfirmaError, match=r"twice\.both received 2 responses instead of one"):
        await view.both()
