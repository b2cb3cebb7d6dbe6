"""The pre-filter in front of the long-number scan is exact: it never lets a body with a
number longer than the bound through to msgspec (which would build it unbounded)."""

from __future__ import annotations

import random

import pytest

from confirma_async._config import MAX_NUMBER_DIGITS
from confirma_async._serde.json import has_long_number


def _full_scan(raw: bytes) -> bool:
    run = longest = 0
    for byte in raw:
        run = run + 1 if byte in b"0123456789." else 0
        longest = max(longest, run)
    return longest > MAX_NUMBER_DIGITS


@pytest.mark.parametrize(
    "length", [MAX_NUMBER_DIGITS, MAX_NUMBER_DIGITS + 1, 3 * MAX_NUMBER_DIGITS]
)
def test_a_run_is_found_at_every_offset_exactly_when_it_is_too_long(length: int) -> None:
    for offset in range(60):
        raw = b'{"pad": "' + b"x" * offset + b'", "n": ' + b"7" * length + b"}"
        assert has_long_number(raw) is (length > MAX_NUMBER_DIGITS), (offset, length)
        dotted = b'{"n": ' + b"x" * offset + b"1." + b"5" * (length - 2) + b"}"
        assert has_long_number(dotted) is (length > MAX_NUMBER_DIGITS), (offset, length)


def test_the_filter_agrees_with_a_plain_scan_on_digit_heavy_bodies() -> None:
    rng = random.Random(20261201)
    # Mostly digits, a separator now and then: runs near the bound on both sides.
    alphabet = b"0123456789." * 6 + b","
    seen = {True: 0, False: 0}
    for _ in range(400):
        raw = bytes(rng.choice(alphabet) for _ in range(rng.randrange(50, 1500)))
        expected = _full_scan(raw)
        seen[expected] += 1
        assert has_long_number(raw) is expected
    assert seen[True] and seen[False]  # both kinds of body were tried
