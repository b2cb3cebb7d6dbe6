"""The smallest wire bodies the response models accept: every required field, nothing else.

Tests that only need "a case" or "a distribution record" build it here, so a field that
becomes required is added in one place.
"""

from __future__ import annotations

from typing import Any


def case_json(case_id: int = 7, **summary: Any) -> dict[str, Any]:
    """One case; ``summary`` overrides (wire names) are merged into its summary."""
    return {
        "summary": {"caseId": case_id, "status": "OPEN", "currency": "EUR",
                    "createdAt": "2026-10-01T07:00:00Z", **summary},
        # Whole numbers: plain JSON for aioresponses, and exact as Python values too.
        "balance": {
            "capitalAmount": 100, "interestAmount": 0, "costsAmount": 23,
            "capitalPaid": 0, "interestPaid": 0, "costsPaid": 0,
            "capitalOutstanding": 100, "interestOutstanding": 0, "costsOutstanding": 23,
            "totalOutstanding": 123,
        },
    }


def case_body(case_id: int = 7, **summary: Any) -> dict[str, Any]:
    """The case-details response for one case (``{"cases": [...]}``)."""
    return {"cases": [case_json(case_id, **summary)]}


def distribution_record_json(invoice_number: int, case_id: int | None = None) -> dict[str, Any]:
    """One distribution record; with ``case_id`` its payment control names that case."""
    record: dict[str, Any] = {
        "invoiceNumber": invoice_number,
        "distributionStatus": "DISTRIBUTED",
        "dates": {"createdAt": "2026-10-01T08:00:00Z"},
    }
    if case_id is not None:
        record["paymentControl"] = {"enabled": True, "caseId": case_id}
    return record


def distribution_body(*records: dict[str, Any]) -> dict[str, Any]:
    """The distribution response holding ``records``."""
    return {
        "metaData": {"totalCount": len(records), "successfulCount": len(records),
                     "failedCount": 0},
        "invoices": list(records),
    }
