"""The README's OAuth/claims/transactions example runs as written (hosts via aioresponses)."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses
from yarl import URL

from confirma_async import serde
from tests.conftest import ROOT, example_text

README = (ROOT / "README.md").read_text(encoding="utf-8")
HEADING = "### Claims, payments and the transaction feed"
API = "https://collection.example.com/v1"


def test_claims_example_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    section = README[README.index(HEADING):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match
    with aioresponses() as mocked:
        mocked.post("https://identity.example.com/oauth/token",
                    body=example_text("claims_auth_token_response.json"))
        mocked.post(f"{API}/claims", status=202,
                    body=example_text("claims_create_claim_response.json"))
        mocked.get(re.compile(re.escape(f"{API}/transactions") + r"\?.*"),
                   body=example_text("claims_transactions_response.json"))
        mocked.post(f"{API}/claims/DE-S242243324007/payments",
                    body=example_text("claims_create_payment_response.json"))
        mocked.post(f"{API}/claims/DE-S242243324007/recalls",
                    body=example_text("claims_create_recall_response.json"))
        exec(compile(match.group(1), "claims example", "exec"), {"__name__": "__main__"})
        recall_calls = mocked.requests[("POST", URL(f"{API}/claims/DE-S242243324007/recalls"))]
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "request 8ec4f2b1-964b-42fd-9b1a-abd9274af9c1",
        "DE-S242243324007 CLIENT_COSTS 117976352",
        "DE-S242243324007 INVOICE 318040697",
    ]
    assert serde.loads(recall_calls[0].kwargs["data"]) == {}
