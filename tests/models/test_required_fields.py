"""Fields the docs show on every record are required: without one, the decode error names it.

Each case removes one field from a documented example (Finvoice records, which have no
JSON example: ``test_operations.py``).
"""

from __future__ import annotations

from typing import Any

import pytest

from confirma_async import ResponseDecodeError, serde
from confirma_async.models import (
    ClaimCost,
    ClaimInvoice,
    ClaimSearchResult,
    LedgerStatusReport,
    Page,
    Payment,
    PaymentStatusReport,
    SettlementReport,
    Transaction,
)
from tests.cfis_samples import truncated_example
from tests.conftest import example_text


def example(name: str) -> Any:
    return serde.loads(example_text(name))


def payment_status_example() -> Any:
    # The first, complete record of accounting_payment_status.response.truncated.json.
    return {"payments": [{"sourceIdentifier": "abc-123-def-456", "invoiceNumber": "12345",
                          "paymentDate": "2025-10-15", "syncDate": None, "status": 0,
                          "description": "Pending"}]}


def search_result() -> Any:
    # The first item of the search page (its example was cut inside "pagination").
    return {"items": [{"claimNumber": "731770919", "customerNumber": "K1644779365",
                       "invoiceNumbers": ["I1724732257"], "customerDisplayName": "Eldridge Howe",
                       "status": "PROCESSING", "availableActions": ["CREATE_RECALL"],
                       "additionalProperties": {}}]}


def settlements() -> Any:
    return example("settlements.response.json")


def payments() -> Any:
    # Cut after the first item's paymentDate (the last complete field) and closed.
    return truncated_example("payments.response.truncated.json", None, "}]")


CASES: list[tuple[str, Any, Any, tuple[Any, ...], str]] = [
    *(("settlements", settlements, SettlementReport, ("settlements", 0, *remove),
       "$.settlements[0]." + path)
      for remove, path in [(("settlementId",), "settlementId"),
                           (("settlementDate",), "settlementDate"),
                           (("settlementAmount",), "settlementAmount"),
                           (("currency",), "currency"),
                           (("allocations", 0, "allocationDate"), "allocations[0].allocationDate"),
                           (("allocations", 1, "originalInvoiceNumber"),
                            "allocations[1].originalInvoiceNumber")]),
    ("payments", payments, list[Payment], (0, "invoiceNumber"), "$[0].invoiceNumber"),
    ("payments", payments, list[Payment], (0, "paymentDate"), "$[0].paymentDate"),
    ("ledger status", lambda: example("accounting_ledger_status.response.json"),
     LedgerStatusReport, ("ledgers", 0, "sourceIdentifier"), "$.ledgers[0].sourceIdentifier"),
    ("ledger status", lambda: example("accounting_ledger_status.response.json"),
     LedgerStatusReport, ("ledgers", 0, "status"), "$.ledgers[0].status"),
    ("ledger status", lambda: example("accounting_ledger_status.response.json"),
     LedgerStatusReport, ("ledgers", 0, "documentDate"), "$.ledgers[0].documentDate"),
    ("payment status", payment_status_example, PaymentStatusReport,
     ("payments", 0, "invoiceNumber"), "$.payments[0].invoiceNumber"),
    ("payment status", payment_status_example, PaymentStatusReport,
     ("payments", 0, "paymentDate"), "$.payments[0].paymentDate"),
    ("claim invoices", lambda: example("claims_invoices_response.json"), Page[ClaimInvoice],
     ("items", 3, "currency"), "$.items[3].currency"),
    ("claim invoices", lambda: example("claims_invoices_response.json"), Page[ClaimInvoice],
     ("items", 0, "remainingAmount"), "$.items[0].remainingAmount"),
    ("claim invoices", lambda: example("claims_invoices_response.json"), Page[ClaimInvoice],
     ("items", 9, "invoiceDate"), "$.items[9].invoiceDate"),
    ("claim costs", lambda: {"items": example("claims_fragment_costs.json")["costs"]},
     Page[ClaimCost], ("items", 0, "remainingAmount"), "$.items[0].remainingAmount"),
    ("claim costs", lambda: {"items": example("claims_fragment_costs.json")["costs"]},
     Page[ClaimCost], ("items", 0, "type"), "$.items[0].type"),
    ("search", search_result, Page[ClaimSearchResult], ("items", 0, "customerNumber"),
     "$.items[0].customerNumber"),
    ("transactions", lambda: example("claims_transactions_response.json"), list[Transaction],
     (1, "sortNumber"), "$[1].sortNumber"),
    ("transactions", lambda: example("claims_transactions_response.json"), list[Transaction],
     (0, "type"), "$[0].type"),
    ("transactions", lambda: example("claims_transactions_response.json"), list[Transaction],
     (0, "confirmation", "number"), "$[0].confirmation.number"),
    ("transactions", lambda: [example("claims_transaction_confirmation_item.json")],
     list[Transaction], (0, "confirmation", "date"), "$[0].confirmation.date"),
    ("transactions", lambda: [{"id": "r1", "sortNumber": 1, "type": "REJECTION",
                               **example("claims_transaction_rejection_object.json")}],
     list[Transaction], (0, "rejection", "type"), "$[0].rejection.type"),
]


@pytest.mark.parametrize(
    ("what", "body", "model", "remove", "path"), CASES,
    ids=[f"{c[0]}: {c[4]}" for c in CASES],
)
def test_a_record_without_a_field_every_example_shows_names_its_path(
    what: str, body: Any, model: Any, remove: tuple[Any, ...], path: str
) -> None:
    data = body()
    serde.structure(data, model)  # the example itself decodes
    target = data
    for step in remove[:-1]:
        target = target[step]
    del target[remove[-1]]
    with pytest.raises(ResponseDecodeError) as info:
        serde.structure(data, model)
    assert info.value.json_path == path


@pytest.mark.parametrize(
    ("body", "model"),
    [({"items": [{**example("claims_fragment_costs.json")["costs"][0], "taxRate": None,
                  "invoiceNumber": None, "date": None, "originalAmount": None}]},
      Page[ClaimCost]),
     ([{"id": "t1", "sortNumber": 1, "type": "CONFIRMATION", "claimNumber": None,
        "customerNumber": None,
        "confirmation": {"date": "2024-05-22", "type": "RECALL", "number": "I1"}}],
      list[Transaction])],
    ids=["cost nullable fields", "transaction without claim or amount"],
)
def test_fields_the_docs_leave_open_may_be_null_or_absent(body: Any, model: Any) -> None:
    assert serde.structure(body, model)
