"""The optional fast JSON parser (msgspec) reads everything exactly as the stdlib one does."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import msgspec
import pytest

from confirma_async import serde

from .conftest import EXAMPLES

STDLIB = serde.stdlib_loads
FAST: Callable[[bytes | str], Any] = msgspec.json.Decoder(float_hook=Decimal).decode
EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.glob("*.json"))


@pytest.mark.fast_json
def test_the_fast_parser_is_used_when_installed() -> None:
    assert serde.loads is not serde.stdlib_loads


def test_in_process_tests_run_on_the_stdlib_parser() -> None:
    assert serde.loads is serde.stdlib_loads


@pytest.mark.fast_json
async def test_a_client_round_trip_with_the_fast_parser_keeps_exact_money() -> None:
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
        assert case.balance is not None
        assert isinstance(case.balance.total_outstanding, Decimal)


def outcome(parse: Callable[[bytes], Any], body: bytes) -> Any:
    try:
        return parse(body)
    except ValueError:
        return ValueError


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_both_parsers_agree_on_every_api_example(name: str) -> None:
    # The "*.truncated.json" copies are cut short, so both parsers must refuse them.
    body = (EXAMPLES / name).read_bytes()
    assert outcome(FAST, body) == outcome(STDLIB, body)


def test_most_api_examples_are_complete_json() -> None:
    parsed = [outcome(STDLIB, (EXAMPLES / name).read_bytes()) for name in EXAMPLE_FILES]
    assert sum(result is not ValueError for result in parsed) > len(parsed) // 2


@pytest.mark.parametrize("parse", [STDLIB, FAST], ids=["stdlib", "msgspec"])
def test_numbers_keep_every_digit(parse: Callable[[bytes], Any]) -> None:
    data = parse(b'{"a": 1251.90, "b": 12345678901234567.89, "c": 7, "d": 1.0E-2}')
    assert str(data["a"]) == "1251.90"
    assert data["b"] == Decimal("12345678901234567.89")
    assert data["c"] == 7 and type(data["c"]) is int
    assert data["d"] == Decimal("0.010")


@pytest.mark.parametrize("parse", [STDLIB, FAST], ids=["stdlib", "msgspec"])
@pytest.mark.parametrize("body", [b"<html>502</html>", b"", b"\xff", b'{"a": 1'])
def test_malformed_json_raises_value_error(parse: Callable[[bytes], Any], body: bytes) -> None:
    with pytest.raises(ValueError):
        parse(body)
