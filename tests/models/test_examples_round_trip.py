"""Every documented JSON example decodes into its model; request models re-encode to it.

``tests/examples/`` is a verbatim copy of ``../shared/confirma-api/examples/`` plus
``settlements.response.older_page.json`` (the older "Retrieve settlements" page). The JSON
examples of the seed pages are the same documents as these files: seed 000 is
``invoice_case.response.v2.json``, 001 ``invoice_distribution.response.json``, 003
``invoice_action.request.json`` (its response example ``{}`` is checked below), 004
``claims_invoices_response.json``.

Re-encoding is compared key for key and value for value, numbers by value (``120`` and
``120.00`` are the same number). Two documented normalisations apply: the claim request
builders leave unset optional fields out, so a ``null`` in the example may be an absent
key; and ISO codes (country, currency, language) are sent upper-case, which only shows
on the schema sample's ``"string"`` placeholders. Truncated examples are cut at their
last complete field and closed; their re-encoding must contain everything they show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from confirma_async import AsyncConfirmaClient, CommentAction, ConfirmaValueError, serde
from confirma_async.cli._commands import load_actions
from confirma_async.models import (
    AccountingPayment,
    CaseEnvelope,
    CaseSummary,
    ClaimCancellationRequest,
    ClaimCost,
    ClaimCostRequest,
    ClaimCreditWaiverRequest,
    ClaimCustomer,
    ClaimInterestRequest,
    ClaimInvoice,
    ClaimPaymentRequest,
    ClaimRecallRequest,
    ClaimReceipt,
    ClaimReferenceContact,
    ClaimRequest,
    ClientCreateRequest,
    Confirmation,
    DistributionReport,
    LedgerDocument,
    LedgerStatusReport,
    OAuthToken,
    Page,
    Payment,
    PaymentStatusReport,
    Rejection,
    SalesInvoiceRequest,
    SettlementReport,
    TokenValidation,
    Transaction,
)
from tests.cfis_samples import sales_invoice_example, truncated_example
from tests.conftest import EXAMPLES, example_text

CODE_KEYS = {"countryCode", "currencyCode", "languageCode"}


def load(name: str) -> Any:
    return serde.loads(example_text(name))


def wire(value: Any) -> Any:
    """What the SDK sends for ``value``, parsed back with exact numbers."""
    return serde.loads(serde.dumps(serde.unstructure(value)))


def each(key: str, cls: Any) -> Callable[[Any], Any]:
    """Decode ``{key: [...]}`` item by item into ``cls``."""
    return lambda data: {key: [serde.structure(item, cls) for item in data[key]]}


def under(key: str, cls: Any) -> Callable[[Any], Any]:
    """Decode ``{key: {...}}`` into ``cls``."""
    return lambda data: {key: serde.structure(data[key], cls)}


def model(cls: Any) -> Callable[[Any], Any]:
    return lambda data: serde.structure(data, cls)


@dataclass
class Example:
    name: str
    decode: Callable[[Any], Any]
    #: ``True`` when the decoded value is a request the SDK sends: it must re-encode.
    request: bool = False
    #: For a truncated example: how to read it (cut at the last complete field, closed).
    read: Callable[[], Any] | None = None

    def data(self) -> Any:
        return self.read() if self.read is not None else load(self.name)


EXAMPLE_TABLE = [
    Example("accounting_ledger.request.json", under("ledgers", LedgerDocument), request=True),
    Example("accounting_ledger_status.response.json", model(LedgerStatusReport)),
    Example("accounting_payment.request.truncated.json", each("payments", AccountingPayment),
            request=True,
            read=lambda: truncated_example("accounting_payment.request.truncated.json",
                                           None, "}]}")),
    Example("accounting_payment_status.response.truncated.json", model(PaymentStatusReport),
            read=lambda: truncated_example(
                "accounting_payment_status.response.truncated.json", ",\n        {", "]}")),
    Example("claims_auth_token_response.json", model(OAuthToken)),
    Example("claims_create_claim_request.json", model(ClaimRequest), request=True),
    Example("claims_create_claim_response.json", model(ClaimReceipt)),
    Example("claims_create_credit_waiver_request.json", model(ClaimCreditWaiverRequest),
            request=True),
    Example("claims_create_credit_waiver_response.json", model(ClaimReceipt)),
    Example("claims_create_payment_cancellation_response.json", model(ClaimReceipt)),
    Example("claims_create_payment_request.json", model(ClaimPaymentRequest), request=True),
    Example("claims_create_payment_response.json", model(ClaimReceipt)),
    Example("claims_create_recall_request.json", model(ClaimRecallRequest), request=True),
    Example("claims_create_recall_response.json", model(ClaimReceipt)),
    Example("claims_fragment_costs.json", each("costs", ClaimCostRequest), request=True),
    Example("claims_fragment_customer.json", under("customer", ClaimCustomer), request=True),
    Example("claims_fragment_interests.json", each("interests", ClaimInterestRequest),
            request=True),
    Example("claims_fragment_reference_contacts.json",
            each("referenceContacts", ClaimReferenceContact), request=True),
    Example("claims_invoices_response.json", model(Page[ClaimInvoice])),
    Example("claims_transaction_confirmation_item.json", model(Transaction)),
    Example("claims_transaction_confirmation_object.json", under("confirmation", Confirmation)),
    Example("claims_transaction_rejection_object.json", under("rejection", Rejection)),
    Example("claims_transactions_response.json", model(list[Transaction])),
    Example("invoice_action.request.json",
            lambda data: {"actions": load_actions(serde.dumps(data).decode())}, request=True),
    # Cut before the first object the copy does not hold whole; the required balance is
    # among what the copy lost, so only the summary it holds whole is decoded.
    Example("invoice_case.response.v1.truncated.json",
            lambda data: {"case": under("summary", CaseSummary)(data["case"])},
            read=lambda: truncated_example("invoice_case.response.v1.truncated.json",
                                           '"balance"', "}}")),
    Example("invoice_case.response.v2.json", model(CaseEnvelope)),
    Example("invoice_distribution.response.json", model(DistributionReport)),
    Example("invoice_distribution.response.truncated.json", model(DistributionReport),
            read=lambda: truncated_example("invoice_distribution.response.truncated.json",
                                           '"filtersApplied"', "}}")),
    Example("onboarding_client.request.truncated.json", model(ClientCreateRequest),
            request=True,
            read=lambda: truncated_example("onboarding_client.request.truncated.json",
                                           None, "}}")),
    Example("onboarding_validate.response.json", model(TokenValidation)),
    Example("payments.response.truncated.json", model(list[Payment]),
            read=lambda: truncated_example("payments.response.truncated.json", None, "}]")),
    Example("sales_invoice.request.truncated.json", model(SalesInvoiceRequest), request=True,
            read=sales_invoice_example),
    Example("sales_invoice_request.schema_sample.truncated.json", model(SalesInvoiceRequest),
            request=True,
            read=lambda: truncated_example(
                "sales_invoice_request.schema_sample.truncated.json", '"languageCode"\n',
                "}}}}")),
    Example("settlements.response.json", model(SettlementReport)),
    Example("settlements.response.older_page.json", model(SettlementReport)),
]

#: Examples checked elsewhere, through the resource that reads or writes them.
THROUGH_A_RESOURCE = {
    "accounting_ledger_status.request.json": "a {} body on a GET; ledger_status() sends none",
    "claims_create_recall_total_request.json": "create_recall() without a request sends it",
    "claims_create_payment_cancellation_request.json": "schema placeholders; see below",
    "onboarding_renew.response.json": "renew_token() reads its Message; see below",
}
BY_NAME = {example.name: example for example in EXAMPLE_TABLE}


def test_every_example_file_is_checked() -> None:
    files = {path.name for path in EXAMPLES.glob("*.json")}
    assert files == set(BY_NAME) | set(THROUGH_A_RESOURCE)
    assert not set(BY_NAME) & set(THROUGH_A_RESOURCE)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_example_decodes_into_its_model(name: str) -> None:
    example = BY_NAME[name]
    decoded = example.decode(example.data())
    assert decoded is not None
    if isinstance(decoded, list):
        assert decoded


def contains(sent: Any, shown: Any, path: str = "$", *, exact: bool) -> list[str]:
    """Where ``sent`` differs from ``shown`` (``exact``: no key beyond the example's)."""
    if isinstance(shown, dict) and isinstance(sent, dict):
        problems = [f"{path}.{key}: missing" for key in shown
                    if key not in sent and shown[key] is not None]
        if exact:
            problems += [f"{path}.{key}: not in the example" for key in sent if key not in shown]
        for key in (key for key in shown if key in sent):
            problems += contains(sent[key], shown[key], f"{path}.{key}", exact=exact)
        return problems
    if isinstance(shown, list) and isinstance(sent, list):
        if len(shown) != len(sent):
            return [f"{path}: {len(sent)} items, the example has {len(shown)}"]
        return [p for i, (a, b) in enumerate(zip(sent, shown, strict=True))
                for p in contains(a, b, f"{path}[{i}]", exact=exact)]
    if path.rsplit(".", 1)[-1] in CODE_KEYS and isinstance(shown, str):
        return [] if sent == shown.upper() else [f"{path}: {sent!r} != {shown!r}"]
    if isinstance(shown, (int, Decimal)) and not isinstance(shown, bool):
        same = isinstance(sent, (int, Decimal)) and not isinstance(sent, bool) and sent == shown
        return [] if same else [f"{path}: {sent!r} != {shown!r}"]
    return [] if sent == shown and type(sent) is type(shown) else [
        f"{path}: {sent!r} != {shown!r}"]


@pytest.mark.parametrize("name", sorted(n for n, e in BY_NAME.items() if e.request))
def test_request_example_re_encodes_to_the_same_keys_and_values(name: str) -> None:
    example = BY_NAME[name]
    shown = example.data()
    sent = wire(example.decode(shown))
    assert contains(sent, shown, exact=example.read is None) == []


def test_the_comparison_notices_a_changed_key_or_value() -> None:
    shown = {"a": 1, "b": {"c": "x", "d": None}, "e": [Decimal("1.50")]}
    assert contains({"a": 1, "b": {"c": "x"}, "e": [Decimal("1.5")]}, shown, exact=True) == []
    assert contains({"a": 2, "b": {"c": "x"}, "e": [1.5]}, shown, exact=True) == [
        "$.a: 2 != 1", "$.e[0]: 1.5 != Decimal('1.50')"]
    assert contains({"a": 1, "b": {"c": "X", "z": 0}, "e": []}, shown, exact=True) == [
        "$.b.z: not in the example", "$.b.c: 'X' != 'x'", "$.e: 0 items, the example has 1"]


def test_cancellation_example_placeholders_are_refused_and_its_keys_round_trip() -> None:
    """The cancellation example is a schema sample (``"amount": 0``, ``"currency": "str"``);
    the docs' own rules refuse both, and with real values the same keys come back."""
    shown = load("claims_create_payment_cancellation_request.json")
    placeholder: ClaimCancellationRequest = serde.structure(shown, ClaimCancellationRequest)
    with pytest.raises(ConfirmaValueError, match=r"cancellation\.amount: must be positive"):
        placeholder.validate()
    placeholder = serde.structure({**shown, "amount": 1}, ClaimCancellationRequest)
    with pytest.raises(ConfirmaValueError, match=r"cancellation\.currency"):
        placeholder.validate()
    real = {**shown, "amount": Decimal("12.50"), "currency": "EUR"}
    assert contains(wire(serde.structure(real, ClaimCancellationRequest)), real, exact=True) == []


async def test_renew_example_decodes_through_renew_token(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get("https://integrations.confirmafinance.com/api/v1/partner/renew",
                   body=example_text("onboarding_renew.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            renewed = await client.onboarding.renew_token()
    assert renewed.api_key == "string"


async def test_seed_003_empty_response_decodes_through_create_actions(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post("https://integrations.confirmafinance.com/api/v1/partner/invoice/action",
                    payload={})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            receipt = await client.invoices.create_actions(
                [CommentAction(invoice_number=123456789, case_id=12345, comment="c")])
    assert receipt.accepted == 1


def test_claim_costs_example_decodes_as_response_items_too() -> None:
    costs = [serde.structure(item, ClaimCost)
             for item in load("claims_fragment_costs.json")["costs"]]
    assert costs and costs[0].tax_rate is None
