"""Decoding the collection API's examples into models: real values, not just 'no error'."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from confirma_async import ResponseDecodeError, serde
from confirma_async.models import (
    AccountingDocument,
    AccountingDocumentType,
    AllocateTo,
    ClaimCost,
    ClaimReceipt,
    ClaimSearchResult,
    ClaimStatus,
    ClosingType,
    Confirmation,
    ConfirmationType,
    CostType,
    OAuthToken,
    Page,
    Rejection,
    RejectionReason,
    Transaction,
    TransactionType,
)
from tests.conftest import example_text


def decode(name: str, cl: object) -> object:
    return serde.structure(serde.loads(example_text(name)), cl)


def test_transactions_feed_decodes_both_confirmations_exactly() -> None:
    feed = decode("claims_transactions_response.json", list[Transaction])
    assert isinstance(feed, list)
    assert [t.sort_number for t in feed] == [1, 2]
    first, second = feed
    assert first.id == "ea9011de-726e-4127-8057-55f2e863b14a"
    assert first.type is TransactionType.CONFIRMATION
    assert first.customer_number == "400000535"
    assert first.claim_number == "DE-S242243324007"
    assert first.confirmation == Confirmation(
        date=date(2024, 5, 22),
        type=ConfirmationType.CLIENT_COSTS,
        number="117976352",
        amount=Decimal(16),
        currency="EUR",
    )
    assert second.confirmation is not None
    assert second.confirmation.type is ConfirmationType.INVOICE
    assert second.confirmation.amount == Decimal("160")
    assert second.rejection is None and second.accounting_document is None
    assert second.detail is second.confirmation


def test_single_confirmation_item_keeps_cents_and_contract_number() -> None:
    item = decode("claims_transaction_confirmation_item.json", Transaction)
    assert isinstance(item, Transaction)
    assert item.sort_number == 0
    assert item.claim_number == "951104528"
    assert item.confirmation is not None
    assert item.confirmation.amount == Decimal("43.76")
    assert item.confirmation.date == date(2023, 1, 12)
    assert item.confirmation.contract_number == "V113951839"
    assert item.confirmation.number == "I87999387"


def test_confirmation_object_example_decodes() -> None:
    data = serde.loads(example_text("claims_transaction_confirmation_object.json"))
    confirmation: Confirmation = serde.structure(data["confirmation"], Confirmation)
    assert confirmation.type is ConfirmationType.INVOICE
    assert confirmation.amount == Decimal("43.76")
    assert confirmation.additional_properties == {}


def test_rejection_object_example_carries_its_reason() -> None:
    data = serde.loads(example_text("claims_transaction_rejection_object.json"))
    rejection: Rejection = serde.structure(data["rejection"], Rejection)
    assert rejection.reason is RejectionReason.INSOLVENCY
    assert rejection.type is ConfirmationType.CLIENT_INTERESTS
    assert rejection.amount == Decimal("328.25")
    assert rejection.date == date(2019, 6, 10)
    assert rejection.number == "I1015271223"


def test_accounting_document_reads_camel_case_enums_and_negative_amounts() -> None:
    # Shape from the accounting-document page (its sample was cut off; values as shown).
    item = {
        "sortNumber": 7,
        "id": "a1",
        "type": "accountingDocument",
        "claimNumber": "DE-S1",
        "accountingDocument": {
            "date": "2024-06-01",
            "type": "directPayment",
            "number": "P5803137068",
            "originalType": None,
            "amount": -100,
            "currency": "EUR",
            "lineItems": [
                {"id": "l1", "amount": -100, "allocateTo": "principalClaim",
                 "invoiceNumber": "I1", "contractNumber": "V1"}
            ],
        },
    }
    transaction: Transaction = serde.structure(item, Transaction)
    assert transaction.type is not None
    assert transaction.type.member is TransactionType.ACCOUNTING_DOCUMENT
    assert str(transaction.type) == "accountingDocument"
    document = transaction.accounting_document
    assert document is not None
    assert document.type is not None
    assert document.type.member is AccountingDocumentType.DIRECT_PAYMENT
    assert document.amount == Decimal(-100)
    assert document.original_type is None
    allocate_to = document.line_items[0].allocate_to
    assert allocate_to is not None and allocate_to.member is AllocateTo.PRINCIPAL_CLAIM
    assert transaction.detail is document


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("direct_payment", AccountingDocumentType.DIRECT_PAYMENT),
        ("agency_payment", AccountingDocumentType.AGENCY_PAYMENTS),
        ("AGENCY_PAYMENTS", AccountingDocumentType.AGENCY_PAYMENTS),
        ("credit_waiver", AccountingDocumentType.CREDIT_WAIVER),
        ("write_off", AccountingDocumentType.WRITE_OFF),
    ],
)
def test_cancellation_original_type_spellings_map_to_one_member(
    wire: str, expected: AccountingDocumentType
) -> None:
    document: AccountingDocument = serde.structure(
        {"type": "CANCELLATION", "originalType": wire, "originalNumber": "P1"},
        AccountingDocument,
    )
    assert document.original_type is not None
    assert document.original_type.member is expected
    assert document.original_type == wire  # the text sent, not the member's spelling


def test_unknown_original_type_is_kept_as_an_open_value() -> None:
    document: AccountingDocument = serde.structure(
        {"type": "CANCELLATION", "originalType": "direct_debit"},
        AccountingDocument,
    )
    assert document.original_type == "direct_debit"
    assert not document.original_type.is_known


def test_closing_transaction_decodes_reason_and_passes_invoice_through() -> None:
    item = {
        "id": "c1",
        "type": "CLOSING",
        "sortNumber": 9,
        "closing": {"date": "2024-09-30", "type": "recalled_by_client", "invoice": {"x": 1}},
    }
    transaction: Transaction = serde.structure(item, Transaction)
    assert transaction.closing is not None
    assert transaction.closing.type is not None
    assert transaction.closing.type.member is ClosingType.RECALLED_BY_CLIENT
    assert transaction.closing.date == date(2024, 9, 30)
    assert transaction.closing.invoice == {"x": 1}


def test_cost_fragment_decodes_as_claim_costs() -> None:
    data = serde.loads(example_text("claims_fragment_costs.json"))
    costs: list[ClaimCost] = serde.structure(data["costs"], list[ClaimCost])
    (cost,) = costs
    assert cost.type is CostType.CHARGEBACK
    assert cost.remaining_amount == Decimal("46.96")
    assert cost.original_amount == Decimal("49.75")
    assert cost.tax_rate is None
    assert cost.date == date(2022, 12, 12)
    assert cost.invoice_number == "F7222245113"


@pytest.mark.parametrize(
    ("name", "request_id"),
    [
        ("claims_create_claim_response.json", "8ec4f2b1-964b-42fd-9b1a-abd9274af9c1"),
        ("claims_create_payment_response.json", "13fd0e6c-3bc5-4242-a246-cda29c052273"),
        ("claims_create_credit_waiver_response.json", "224e8e3f-3508-4305-83b3-ddc96fde7ca4"),
        ("claims_create_recall_response.json", "eebc4f79-2288-4a2d-9439-50113f30d852"),
        (
            "claims_create_payment_cancellation_response.json",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ),
    ],
)
def test_every_write_response_decodes_to_a_receipt(name: str, request_id: str) -> None:
    assert decode(name, ClaimReceipt) == ClaimReceipt(request_id=request_id)


def test_token_response_decodes_and_hides_the_token_in_repr() -> None:
    token = decode("claims_auth_token_response.json", OAuthToken)
    assert isinstance(token, OAuthToken)
    assert token.access_token == "eyJhbG..."
    assert token.expires_in == 86400
    assert token.token_type == "Bearer"
    assert token.scope == "fullcontrol:users"
    assert "eyJhbG" not in repr(token)


def test_search_result_item_as_documented_decodes() -> None:
    # The only item the docs show (the page's sample was cut off inside pagination).
    page: Page[ClaimSearchResult] = serde.structure(
        {
            "items": [
                {
                    "status": "PROCESSING",
                    "claimNumber": "731770919",
                    "customerNumber": "K1644779365",
                    "invoiceNumbers": ["I1724732257"],
                    "availableActions": ["CREATE_RECALL"],
                    "customerDisplayName": "Eldridge Howe",
                    "additionalProperties": {},
                }
            ],
            "pagination": {"totalItems": 1, "pageSize": 10, "currentPage": 1, "totalPages": 1},
        },
        Page[ClaimSearchResult],
    )
    (hit,) = page.items
    assert hit.status is ClaimStatus.PROCESSING
    assert hit.invoice_numbers == ["I1724732257"]
    assert hit.available_actions == ["CREATE_RECALL"]
    assert "Eldridge" not in repr(hit)
    assert page.pagination.total_pages == 1


def test_status_matches_case_insensitively() -> None:
    hit: ClaimSearchResult = serde.structure(
        {"claimNumber": "1", "customerNumber": "K1", "status": "in_creation"}, ClaimSearchResult
    )
    assert hit.status is not None and hit.status.member is ClaimStatus.IN_CREATION
    assert hit.status == "in_creation"


def test_transaction_without_id_names_the_missing_field() -> None:
    with pytest.raises(ResponseDecodeError) as caught:
        serde.structure([{"type": "CONFIRMATION"}], list[Transaction])
    assert caught.value.json_path == "$[0].id"
