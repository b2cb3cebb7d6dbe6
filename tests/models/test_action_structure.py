"""Invoice actions read back from their documented JSON by the converter: the class is
chosen by ``code``, the values are checked, problems are named by their path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from confirma_async import (
    CommentAction,
    ConfirmaValueError,
    DirectPaymentAction,
    DueDateAction,
    InvoiceAction,
    PauseAction,
    ResponseDecodeError,
    serde,
)
from tests.api.test_actions import documented_actions
from tests.conftest import example_text

IDS = {"invoiceNumber": 1, "caseId": 2}


def example() -> Any:
    return serde.loads(example_text("invoice_action.request.json"))


def test_the_documented_example_round_trips_through_the_hook() -> None:
    """README: "the documented `{"actions": [{"code", "comment", "data"}]}` body (or the
    bare list) becomes the action classes of their codes, checked, problems named by
    their path." """
    document = example()
    actions = serde.structure_actions(document)
    assert actions == documented_actions()
    assert {"actions": [serde.unstructure(a) for a in actions]} == document


def test_the_converter_structures_a_list_of_actions_into_their_classes() -> None:
    actions = serde.structure(example()["actions"], list[InvoiceAction])
    assert [type(a) for a in actions] == [type(a) for a in documented_actions()]
    assert actions == documented_actions()


@pytest.mark.parametrize("action", documented_actions(), ids=lambda a: a.code.value)
def test_each_code_comes_back_as_its_class(action: InvoiceAction) -> None:
    back = serde.structure(serde.unstructure(action), InvoiceAction)
    assert type(back) is type(action) and back == action


@pytest.mark.parametrize("code", ["duedate", "DueDate", " DUEDATE "])
def test_a_code_is_read_in_any_case(code: str) -> None:
    (action,) = serde.structure_actions(
        [{"code": code, "data": {**IDS, "dueDate": "2026-03-15"}}])
    assert action == DueDateAction(invoice_number=1, case_id=2, due_date=date(2026, 3, 15))


def test_a_bare_list_is_read_too_and_values_are_tidied() -> None:
    (action,) = serde.structure_actions([{"code": "DIRECTPAYMENT", "data": {
        **IDS, "amount": Decimal("250.75"), "currency": "sek", "paymentDate": "2026-02-09"}}])
    assert isinstance(action, DirectPaymentAction)
    assert (action.amount, action.currency, action.payment_date) == (
        Decimal("250.75"), "SEK", date(2026, 2, 9))
    assert action.comment == ""


BAD = [
    ({"actions": "PAUSE"}, "actions", "must be a list"),
    ({"actions": []}, "actions", "at least one action"),
    ({}, "actions", "must be a list"),
    ([{"code": "PAUSE", "data": IDS}, {"code": "NOPE", "data": IDS}], "actions[1].code",
     "must be one of COMMENT, WITHDRAW"),
    ([{"data": IDS}], "actions[0].code", "must be one of"),
    (["PAUSE"], "actions[0]", "must be an object"),
    ([{"code": "PAUSE"}], "actions[0].data", "must be an object"),
    ([{"code": "PAUSE", "data": {**IDS, "amount": 1}}], "actions[0].data.amount",
     "not a field of a PAUSE action"),
    ([{"code": "DUEDATE", "data": IDS}], "actions[0].data.dueDate",
     "is required for a DUEDATE action"),
    ([{"code": "COMMENT", "data": IDS}], "actions[0].comment", "is required"),
    ([{"code": "COMMENT", "comment": " ", "data": IDS}], "actions[0].comment", "empty"),
    ([{"code": "PAUSE", "data": {"invoiceNumber": "1", "caseId": 2}}],
     "actions[0].data.invoiceNumber", "integer"),
    ([{"code": "DIRECTPAYMENT", "data": {**IDS, "amount": Decimal("1.005"), "currency": "EUR",
                                          "paymentDate": "2026-01-01"}}],
     "actions[0].data.amount", "2 decimals"),
    ([{"code": "DIRECTPAYMENT", "data": {**IDS, "amount": 5, "currency": "EURO",
                                          "paymentDate": "2026-01-01"}}],
     "actions[0].data.currency", "ISO 4217"),
]


@pytest.mark.parametrize(("document", "path", "reason"), BAD, ids=[b[1] for b in BAD])
def test_a_bad_document_is_named_by_its_path(document: Any, path: str, reason: str) -> None:
    with pytest.raises(ConfirmaValueError, match=reason) as info:
        serde.structure_actions(document)
    assert info.value.field == path


def test_a_code_of_another_class_is_not_structured_as_this_one() -> None:
    with pytest.raises(ResponseDecodeError, match="must be PAUSE for a PauseAction"):
        serde.structure(serde.unstructure(documented_actions()[0]), PauseAction)
    assert isinstance(serde.structure(serde.unstructure(documented_actions()[0]),
                                      CommentAction), CommentAction)
