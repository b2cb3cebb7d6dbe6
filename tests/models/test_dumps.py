"""A body the SDK cannot send as JSON is refused naming the value's path; nothing is sent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from confirma_async import AsyncConfirmaClient, ConfirmaValueError, serde


@pytest.mark.parametrize(("document", "field", "reason"), [
    ({"rows": [{"amount": 1.5}]}, "rows[0].amount", "floats are not sent"),
    (2.5, "body", "floats are not sent"),
    ({"total": Decimal("NaN")}, "total", "must be a finite number"),
    ({"total": Decimal("-Infinity")}, "total", "must be a finite number"),
    ({"tags": {"a", "b"}}, "tags", "cannot be sent as JSON (set)"),
    ({"a": {7: "x"}}, "a", "has a key that is not text (int)"),
    ([{"ok": 1}, {"when": object()}], "[1].when", "cannot be sent as JSON (object)"),
])
def test_dumps_names_what_json_cannot_carry(document: Any, field: str, reason: str) -> None:
    with pytest.raises(ConfirmaValueError) as caught:
        serde.dumps(document)
    assert caught.value.field == field
    assert reason in str(caught.value)


def test_exact_values_are_written_as_they_are() -> None:
    document = {"amount": Decimal("10.10"), "n": 3, "ok": True, "none": None, "l": [1, "x"]}
    assert serde.dumps(document) == (
        b'{"amount":10.10,"n":3,"ok":true,"none":null,"l":[1,"x"]}'
    )


async def test_a_mapping_body_with_a_float_is_refused_before_sending() -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key="k" * 24, environment="staging") as client:
            with pytest.raises(ConfirmaValueError) as caught:
                await client.accounting.submit_invoice({"invoiceNumber": 5, "amount": 9.99})
            with pytest.raises(ConfirmaValueError, match=r"^rows\[0\]\.vat: "):
                await client.request("POST", "/api/v1/partner/x", json={"rows": [{"vat": 0.24}]})
        assert mocked.requests == {}
    assert caught.value.field == "amount"
