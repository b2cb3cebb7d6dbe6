"""The limits of claims.md §1.4 ("Formats") and §3, shared by the claim request builders.

Identifiers at most 40 characters, descriptions 256, amounts positive with at most two
decimals and 12 characters, ISO 4217 currencies, ISO dates. The ``to_*`` converters are
typed for the constructors; they tidy what is certainly meant and never refuse.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .._validate import Rule, in_code, in_date, in_number, is_number, is_text, rule

__all__ = [
    "IDENTIFIER",
    "DESCRIPTION",
    "AMOUNT",
    "RATE",
    "text",
    "optional",
    "to_decimal",
    "to_opt_decimal",
    "to_date",
    "to_opt_date",
    "to_code",
    "to_opt_code",
]

_ID_MAX = 40
_DESCRIPTION_MAX = 256
_AMOUNT_MAX_CHARS = 12


def text(max_length: int) -> Rule:
    # Every text the API takes has content; identifiers (40 characters) are one line.
    return is_text(max_length, non_empty=True, single_line=max_length <= _ID_MAX)


IDENTIFIER = text(_ID_MAX)
DESCRIPTION = text(_DESCRIPTION_MAX)
AMOUNT = is_number(places=2, positive=True, max_chars=_AMOUNT_MAX_CHARS)
RATE = is_number(non_negative=True, at_most=100, max_chars=_AMOUNT_MAX_CHARS)


def optional(*checks: Rule) -> dict[str, Any]:
    """An optional field: ``None`` (or an empty list) by default, left out of the body."""
    return rule(*checks, omit=True)


def to_decimal(value: Decimal | int | str) -> Decimal:
    return in_number(value)  # type: ignore[no-any-return]


def to_opt_decimal(value: Decimal | int | str | None) -> Decimal | None:
    return in_number(value)  # type: ignore[no-any-return]


def to_date(value: dt.date | str) -> dt.date:
    return in_date(value)  # type: ignore[no-any-return]


def to_opt_date(value: dt.date | str | None) -> dt.date | None:
    return in_date(value)  # type: ignore[no-any-return]


def to_code(value: str) -> str:
    return in_code(value)  # type: ignore[no-any-return]


def to_opt_code(value: str | None) -> str | None:
    return in_code(value)  # type: ignore[no-any-return]
