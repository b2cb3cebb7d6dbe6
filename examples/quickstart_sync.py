"""Sync quickstart: the same API from a plain script, no event loop in sight."""

import os

from confirma_async import ConfirmaClient, NotFoundError

with ConfirmaClient(base_url=os.environ.get("CONFIRMA_BASE_URL")) as client:
    validation = client.onboarding.validate_token()
    print(f"key valid: {validation.is_valid} ({validation.message})")
    report = client.distribution.list(fetch_type="FAILED")
    print(f"{len(report.invoices)} invoices failed delivery in the last 30 days")
    for record in report.invoices[:3]:
        print(f"  {record.invoice_number}: {[e.error_description for e in record.errors]}")
    try:
        client.cases.get(1)
    except NotFoundError as exc:
        print(f"case 1: {exc.status} not found (request id {exc.request_id})")
