"""The README's "Creating an invoice" example runs as written (aioresponses answers)."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

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
