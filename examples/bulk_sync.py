"""Bulk from synchronous code: the same iter_many, as a plain iterator."""

import os

from confirma_async import ConfirmaClient

with ConfirmaClient(base_url=os.environ.get("CONFIRMA_BASE_URL")) as client:
    ids = [r.case_id for r in client.distribution.list().invoices if r.case_id is not None]
    for outcome in client.cases.iter_many(ids[:10], concurrency=8):
        if outcome.ok:
            print(f"case {outcome.key}: {outcome.value.summary.status}")
        else:
            print(f"case {outcome.key}: failed ({outcome.error})")
