"""JSON parsing: msgspec reads every number exactly and refuses what is not JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.metadata import metadata
from typing import Any

import pytest

from confirma_async import serde
from tests.conftest import EXAMPLES

EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.glob("*.json"))


def outcome(body: bytes) -> Any:
    try:
        return serde.loads(body)
    except ValueError:
        return ValueError


def reference(body: bytes) -> Any:
    # The standard library with exact decimals: what the parser must agree with.
    try:
        return json.loads(body, parse_float=Decimal)
    except ValueError:
        return ValueError


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_the_parser_reads_every_api_example_as_the_standard_library_does(name: str) -> None:
    # The "*.truncated.json" copies are cut short, so both must refuse them.
    body = (EXAMPLES / name).read_bytes()
    assert outcome(body) == reference(body)


def test_most_api_examples_are_complete_json() -> None:
    parsed = [outcome((EXAMPLES / name).read_bytes()) for name in EXAMPLE_FILES]
    assert sum(result is not ValueError for result in parsed) > len(parsed) // 2


def test_numbers_keep_every_digit() -> None:
    data = serde.loads(b'{"a": 1251.90, "b": 12345678901234567.89, "c": 7, "d": 1.0E-2}')
    assert str(data["a"]) == "1251.90"
    assert data["b"] == Decimal("12345678901234567.89")
    assert data["c"] == 7 and type(data["c"]) is int
    assert data["d"] == Decimal("0.010")


@pytest.mark.parametrize(
    "body", [b"<html>502</html>", b"", b"\xff", b'{"a": 1', b'{"a": NaN}', b"[Infinity]"]
)
def test_malformed_json_raises_value_error(body: bytes) -> None:
    with pytest.raises(ValueError):
        serde.loads(body)


async def test_a_client_round_trip_keeps_exact_money() -> None:
    from confirma_async import AsyncConfirmaClient
    from confirma_async.testing import FakeConfirma

    async with FakeConfirma(invoices=40) as fake, AsyncConfirmaClient(
        api_key=fake.api_key, base_url=fake.url
    ) as client:
        report = await client.distribution.list(from_date=fake.today.replace(year=2025))
        case_ids = [r.case_id for r in report.invoices if r.case_id is not None]
        assert case_ids
        result = await client.cases.get_many(case_ids)
    assert not result.failed
    for case in result.succeeded.values():
        assert isinstance(case.balance.total_outstanding, Decimal)


def test_msgspec_is_required_and_the_speedups_extra_still_installs() -> None:
    """Guards the README: "The `speedups` extra that used to add it is kept as an empty
    alias, so `pip install "confirma-async[speedups]"` still works."
    """
    meta = metadata("confirma-async")
    requires = meta.get_all("Requires-Dist") or []
    assert any(req.replace(" ", "").startswith("msgspec>=") and "extra" not in req
               for req in requires)
    assert "speedups" in (meta.get_all("Provides-Extra") or [])
    assert not [req for req in requires if 'extra == "speedups"' in req]
