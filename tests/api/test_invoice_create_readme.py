"""The README's "Creating an invoice" example runs as written (aioresponses answers)."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

from confirma_async.testing import FakeConfirma
from tests.cfis_samples import sent_requests
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
STAGING_INVOICE = "https://staging-integrations.confirmafinance.com/api/v1/partner/invoice"


def test_readme_invoice_example_runs_and_sends_only_the_corrected_invoice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    section = README[README.index("### Creating an invoice"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match
    with aioresponses() as mocked:
        mocked.post(STAGING_INVOICE, status=201, payload={}, headers={"X-Request-Id": "r-1"})
        exec(compile(match.group(1), "README", "exec"), {"__name__": "__main__"})
        assert len(sent_requests(mocked)) == 1  # the invalid first attempt sent nothing
    out = capsys.readouterr().out.split()
    assert out == ["invoice.parties.buyerParty.address.countryCode", "201", "r-1"]


def test_readme_invoice_example_is_accepted_by_the_sandbox(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same example against the shipped sandbox, whose invoice checks follow the
    documented request: a user who tries it there gets a receipt, not a 400."""
    section = README[README.index("### Creating an invoice"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match
    with FakeConfirma(invoices=1) as fake:
        code = match.group(1).replace(
            'api_key="...", environment="staging"',
            f'api_key="{fake.api_key}", base_url="{fake.url}"',
        )
        assert code != match.group(1)
        exec(compile(code, "README", "exec"), {"__name__": "__main__"})
        created = [r for r in fake.request_log if r.method == "POST"]
    out = capsys.readouterr().out.split()
    assert out[0] == "invoice.parties.buyerParty.address.countryCode"
    assert out[1] in {"200", "201"} and out[2] == created[-1].request_id
    assert len(created) == 1
