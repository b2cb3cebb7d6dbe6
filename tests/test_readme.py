"""The README quickstarts run as written (the remote hosts answered by aioresponses)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aioresponses import aioresponses

from confirma_async import serde
from tests.conftest import example_text

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
STAGING = "https://staging-integrations.confirmafinance.com/api/v1/partner"


def block_after(heading: str) -> str:
    section = README[README.index(heading):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, heading
    return match.group(1)


def case_body() -> bytes:
    body = serde.loads(example_text("invoice_case.response.v2.json"))
    body["cases"][0]["summary"]["caseId"] = 12345
    body["cases"][0]["balance"]["totalOutstanding"] = serde.loads("1234.50")
    return serde.dumps(body)


def distribution_body() -> bytes:
    body = serde.loads(example_text("invoice_distribution.response.json"))
    body["invoices"][0]["paymentControl"]["caseId"] = 12345
    return serde.dumps(body)


@pytest.mark.parametrize("heading", ["## Quickstart (async)", "## Quickstart (sync)"])
def test_confirma_quickstart_runs_as_written(
    heading: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = block_after(heading)
    with aioresponses() as mocked:
        mocked.get(re.compile(re.escape(STAGING) + r"/invoice/case\?.*"), body=case_body(),
                   repeat=True)
        mocked.get(re.compile(re.escape(STAGING) + r"/invoice/distribution\?.*"),
                   body=distribution_body())
        mocked.post(STAGING + "/invoice/action", payload={})
        exec(compile(code, heading, "exec"), {"__name__": "__main__"})
    assert "1234.50" in capsys.readouterr().out


def test_collection_quickstart_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    code = block_after("## Collection API")
    pattern = re.compile(r"https://collection\.example\.com/v1/claims/DE-S242243324007/.*")
    with aioresponses() as mocked:
        mocked.get(pattern, body=example_text("claims_invoices_response.json"), repeat=True)
        exec(compile(code, "collection quickstart", "exec"), {"__name__": "__main__"})
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "10"
    assert "I1684932565 535.37" in out
