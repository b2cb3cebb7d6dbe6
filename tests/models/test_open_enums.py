"""Open enums keep the server's text exactly: exact, case-variant and unknown values."""

from __future__ import annotations

import pickle

import pytest

import confirma_async.models  # noqa: F401  (imports every enum module)
from confirma_async import serde
from confirma_async.models import (
    AccountingDocument,
    AccountingDocumentType,
    Agency,
    ClaimCustomer,
    CustomerType,
    Gender,
    OpenEnum,
    SettlementReport,
)


def all_open_enums() -> list[type[OpenEnum]]:
    found: list[type[OpenEnum]] = []
    pending = list(OpenEnum.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__qualname__)


ENUMS = all_open_enums()
CASES = [(cls, member) for cls in ENUMS for member in cls]


def swap_case(text: str) -> str:
    # A spelling that differs from the member's value but folds to it.
    return text.swapcase() if text.swapcase() != text else text + "_"


def test_every_open_enum_of_both_apis_is_checked() -> None:
    names = {cls.__name__ for cls in ENUMS}
    # CFIS and collection enums alike; a new enum joins the checks below by itself.
    assert {"Agency", "BreakdownType", "ActionCode", "DistributionMethod", "ClosingType",
            "Gender", "TransactionType", "ClaimStatus"} <= names
    assert len(ENUMS) >= 29


@pytest.mark.parametrize(("cls", "member"), CASES, ids=[f"{c.__name__}.{m.name}" for c, m in CASES])
def test_exact_value_decodes_to_the_member_and_encodes_back(
    cls: type[OpenEnum], member: OpenEnum
) -> None:
    decoded = serde.structure(member.value, cls)
    assert decoded is member
    assert serde.unstructure(decoded) == member.value
    assert decoded.member is member and decoded.is_known


@pytest.mark.parametrize(("cls", "member"), CASES, ids=[f"{c.__name__}.{m.name}" for c, m in CASES])
def test_case_variant_keeps_its_text_and_names_its_member(
    cls: type[OpenEnum], member: OpenEnum
) -> None:
    """README: "every enum keeps the text it was given or sent, known or not (`str()`,
    `.value` and re-encoding give it back unchanged); `.member` names the documented value
    a spelling stands for"."""
    wire = swap_case(member.value)
    decoded = serde.structure(wire, cls)
    assert str(decoded) == wire
    assert decoded.value == wire
    assert serde.unstructure(decoded) == wire
    assert serde.dumps(serde.unstructure(decoded)) == serde.dumps(wire)
    assert decoded.member is cls(member.value)
    assert decoded.is_known


@pytest.mark.parametrize("cls", ENUMS, ids=[c.__name__ for c in ENUMS])
def test_unknown_value_keeps_its_text_and_is_not_known(cls: type[OpenEnum]) -> None:
    decoded = serde.structure("Not-A-Documented Value", cls)
    assert isinstance(decoded, cls)
    assert str(decoded) == decoded.value == "Not-A-Documented Value"
    assert serde.unstructure(decoded) == "Not-A-Documented Value"
    assert decoded.member is None
    assert not decoded.is_known
    assert decoded.name == "UNKNOWN"


def test_cash_in_spelled_as_on_the_older_settlements_page_is_not_rewritten() -> None:
    """Issue 10: ``"CashIn"`` decoded to ``"CASH-IN"``; the text sent is what comes back."""
    body = {"settlements": [{"settlementId": 1, "settlementDate": "2026-03-28",
                             "agency": "CashIn", "settlementAmount": 1, "currency": "EUR"}]}
    report: SettlementReport = serde.structure(body, SettlementReport)
    agency = report.settlements[0].agency
    assert agency is not None
    assert str(agency) == "CashIn"
    assert agency.member is Agency.CASH_IN
    assert serde.unstructure(report)["settlements"][0]["agency"] == "CashIn"


def test_alias_spelling_keeps_its_text_and_names_the_aliased_member() -> None:
    document: AccountingDocument = serde.structure(
        {"type": "CANCELLATION", "originalType": "agency_payment"}, AccountingDocument
    )
    assert document.original_type == "agency_payment"
    assert document.original_type is not None
    assert document.original_type.member is AccountingDocumentType.AGENCY_PAYMENTS


def test_request_enum_given_in_lower_case_is_sent_as_given() -> None:
    customer = ClaimCustomer(customer_number="C1", type="private", last_name="Virtanen",
                             gender="female")
    assert customer.type.member is CustomerType.PRIVATE
    assert customer.gender is not None and customer.gender.member is Gender.FEMALE
    body = serde.unstructure(customer)
    assert (body["type"], body["gender"]) == ("private", "female")


def test_case_variant_survives_pickling_with_its_text() -> None:
    value = Agency("CashIn")
    again = pickle.loads(pickle.dumps(value))
    assert str(again) == "CashIn" and again.member is Agency.CASH_IN
