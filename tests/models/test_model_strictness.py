"""Which response fields are required, per the README's "Decisions" rule.

Every leaf of the docs' examples is removed in turn: a required field must make the
decode fail with a ``ResponseDecodeError`` naming its wire path, every other field must
decode to ``None`` (or ``[]``). So the rule is tested field by field, not by sampling.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from confirma_async import ResponseDecodeError, serde
from confirma_async.models import CaseEnvelope, DistributionReport
from confirma_async.testing import FakeConfirma
from tests.conftest import example_text

CASE_EXAMPLE = serde.loads(example_text("invoice_case.response.v2.json"))
DISTRIBUTION_EXAMPLE = serde.loads(example_text("invoice_distribution.response.json"))

REQUIRED_IN_A_CASE = {
    "summary", "summary.caseId", "summary.status", "summary.currency", "summary.createdAt",
    "balance", "balance.capitalAmount", "balance.interestAmount", "balance.costsAmount",
    "balance.capitalPaid", "balance.interestPaid", "balance.costsPaid",
    "balance.capitalOutstanding", "balance.interestOutstanding", "balance.costsOutstanding",
    "balance.totalOutstanding",
    "invoices[0].invoiceNumber", "invoices[0].invoiceDate", "invoices[0].dueDate",
    "invoices[0].createdDate", "invoices[0].capitalAmount", "invoices[0].capitalPaid",
    "invoices[0].interestAmount", "invoices[0].interestPaid",
    "payments[0].amount", "payments[0].currency",
}
REQUIRED_IN_A_DISTRIBUTION_REPORT = {
    "metaData", "metaData.totalCount", "metaData.successfulCount", "metaData.failedCount",
    "invoices[0].invoiceNumber", "invoices[0].distributionStatus",
    "invoices[0].dates", "invoices[0].dates.createdAt",
    "invoices[0].paymentControl.enabled", "invoices[0].errors[0].errorCode",
}


def paths(value: Any, prefix: str = "") -> Iterator[str]:
    """Every key path of a JSON value (objects and the first item of each list)."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from paths(item, path)
    elif isinstance(value, list) and value:
        yield from paths(value[0], f"{prefix}[0]")


def without(data: Any, path: str) -> Any:
    """A deep copy of ``data`` with the key at ``path`` removed."""
    copied = copy.deepcopy(data)
    *parents, last = path.replace("[0]", ".0").split(".")
    node = copied
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    del node[last]
    return copied


CASE_PATHS = sorted(paths(CASE_EXAMPLE["cases"][0]))
DISTRIBUTION_PATHS = sorted(paths(DISTRIBUTION_EXAMPLE))


def test_every_required_field_is_in_the_docs_examples() -> None:
    assert set(CASE_PATHS) >= REQUIRED_IN_A_CASE
    assert set(DISTRIBUTION_PATHS) >= REQUIRED_IN_A_DISTRIBUTION_REPORT


@pytest.mark.parametrize("path", CASE_PATHS)
def test_a_case_field_is_required_exactly_when_the_rule_says_so(path: str) -> None:
    body = {"cases": [without(CASE_EXAMPLE["cases"][0], path)]}
    if path in REQUIRED_IN_A_CASE:
        with pytest.raises(ResponseDecodeError) as caught:
            serde.structure(body, CaseEnvelope)
        assert caught.value.json_path == f"$.cases[0].{path}"
        assert "required field is missing" in str(caught.value)
    else:
        serde.structure(body, CaseEnvelope)


@pytest.mark.parametrize("path", DISTRIBUTION_PATHS)
def test_a_distribution_field_is_required_exactly_when_the_rule_says_so(path: str) -> None:
    body = without(DISTRIBUTION_EXAMPLE, path)
    if path in REQUIRED_IN_A_DISTRIBUTION_REPORT:
        with pytest.raises(ResponseDecodeError) as caught:
            serde.structure(body, DistributionReport)
        assert caught.value.json_path == f"$.{path}"
    else:
        serde.structure(body, DistributionReport)


def test_a_missing_case_id_names_its_wire_path() -> None:
    """Guards the README: "A response without one raises `ResponseDecodeError` naming its
    JSON path (`$.cases[0].summary.caseId`)"."""
    body = without(CASE_EXAMPLE, "cases[0].summary.caseId")
    with pytest.raises(ResponseDecodeError) as caught:
        serde.structure(body, CaseEnvelope)
    assert caught.value.json_path == "$.cases[0].summary.caseId"


def test_the_older_single_case_envelope_names_its_own_path() -> None:
    body = {"case": without(CASE_EXAMPLE["cases"][0], "balance.totalOutstanding")}
    with pytest.raises(ResponseDecodeError) as caught:
        serde.structure(body, CaseEnvelope)
    assert caught.value.json_path == "$.case.balance.totalOutstanding"


def test_null_in_a_required_field_is_an_error_naming_it() -> None:
    body = copy.deepcopy(CASE_EXAMPLE)
    body["cases"][0]["balance"]["totalOutstanding"] = None
    with pytest.raises(ResponseDecodeError) as caught:
        serde.structure(body, CaseEnvelope)
    assert caught.value.json_path == "$.cases[0].balance.totalOutstanding"


def test_null_or_absent_optional_fields_and_lists_decode_as_none_and_empty() -> None:
    record = copy.deepcopy(DISTRIBUTION_EXAMPLE["invoices"][0])
    record["paymentControl"] = None
    del record["file"]
    record["errors"] = None
    report = serde.structure({**DISTRIBUTION_EXAMPLE, "invoices": [record]}, DistributionReport)
    decoded = report.invoices[0]
    assert decoded.payment_control is None and decoded.case_id is None
    assert decoded.file is None and decoded.errors == []
    assert decoded.distribution_method is None  # null in the docs' example


async def test_the_sandbox_sends_every_required_field_in_every_case_state() -> None:
    async with FakeConfirma(invoices=150, seed=3) as fake:
        cases = [fake.cases[case_id] for case_id in fake.case_ids()]
        records = [fake.distribution[number] for number in fake.invoice_numbers()]
    assert {case["summary"]["status"] for case in cases} >= {"OPEN", "CLOSED"}
    assert len(serde.structure({"cases": cases}, CaseEnvelope).all()) == len(cases)
    report = serde.structure(
        {"metaData": {"totalCount": 0, "successfulCount": 0, "failedCount": 0},
         "invoices": records}, DistributionReport)
    assert {r.distribution_status for r in report.invoices} >= {"DISTRIBUTED", "FAILED"}
