"""The generated fast decoders behave exactly like the cattrs path they replace."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from confirma_async import ResponseDecodeError, serde
from confirma_async.models import Case, CaseEnvelope, CaseNote
from tests.bodies import case_json


def test_missing_lists_decode_as_fresh_empty_lists() -> None:
    first = serde.structure(case_json(1), Case)
    second = serde.structure(case_json(2), Case)
    assert first.payments == [] and first.payments is not second.payments


def test_scalar_of_another_json_type_still_goes_through_its_hook() -> None:
    case = serde.structure(case_json(caseId="12", activeDays="3"), Case)
    assert case.summary.case_id == 12 and case.summary.active_days == 3


def test_integer_money_becomes_an_exact_decimal() -> None:
    data = case_json(1)
    data["balance"]["capitalAmount"] = 5
    case = serde.structure(data, Case)
    assert case.balance.capital_amount == Decimal(5)
    assert isinstance(case.balance.capital_amount, Decimal)


def test_a_non_object_where_a_model_belongs_names_the_path() -> None:
    with pytest.raises(ResponseDecodeError) as caught:
        serde.structure({"cases": [{"summary": "oops"}]}, CaseEnvelope)
    assert caught.value.json_path.startswith("$.cases[0].summary")


def test_a_boolean_in_an_optional_integer_field_is_refused() -> None:
    with pytest.raises(ResponseDecodeError) as caught:
        serde.structure(case_json(1, activeDays=True), Case)
    assert caught.value.json_path == "$.summary.activeDays"


def test_decoded_models_equal_and_hash_like_constructed_ones() -> None:
    data = {**case_json(3), "notes": [{"title": "t"}]}
    decoded = serde.structure(data, Case)
    built = attrs.evolve(serde.structure(case_json(3), Case), notes=[CaseNote(title="t")])
    assert decoded == built
    assert hash(decoded.summary) == hash(built.summary)


def test_classes_with_validators_still_run_them() -> None:
    @attrs.frozen
    class Positive:
        amount: int = attrs.field(validator=attrs.validators.gt(0))

    with pytest.raises(ResponseDecodeError):
        serde.structure({"amount": -1}, Positive)
