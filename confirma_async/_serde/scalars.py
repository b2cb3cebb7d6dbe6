"""Strict hooks for the wire's scalars: a wrong JSON type is an error, never coerced.

Integers, strings, booleans, exact ``Decimal`` money, ISO dates, timezone-aware
timestamps and open enums. Error messages name the JSON type only, never the value
(values may be personal data).
"""

from __future__ import annotations

import decimal
import re
import sys
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from ..models._base import OpenEnum
from .json import NUMBER_OUT_OF_RANGE, OutOfRange, bounded_decimal, bounded_int

__all__ = [
    "parse_date", "parse_datetime", "structure_bool", "structure_decimal", "structure_int",
    "structure_open_enum", "structure_str",
]


_FAST_ISO = sys.version_info >= (3, 11)
_INT_TEXT = re.compile(r"[+-]?\d+\Z")
_FRACTION = re.compile(r"\.(\d+)")


def structure_int(value: Any, _: Any) -> int:
    if type(value) is int:
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)  # bounded when parsed: at most a 101-digit integer
    if isinstance(value, str) and _INT_TEXT.match(value.strip()):
        try:
            return bounded_int(value.strip().lstrip("+"))
        except OutOfRange:
            raise ValueError(NUMBER_OUT_OF_RANGE) from None
    raise TypeError(f"expected an integer, got {_describe(value)}")


def structure_str(value: Any, _: Any) -> str:
    if type(value) is str:
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {_describe(value)}")


def structure_bool(value: Any, _: Any) -> bool:
    if value is True or value is False:
        return value
    raise TypeError(f"expected true or false, got {_describe(value)}")


def structure_decimal(value: Any, _: Any) -> Decimal:
    if type(value) is Decimal:
        return value
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, str):
        try:
            parsed = bounded_decimal(value.strip())
        except InvalidOperation:
            raise ValueError("expected a number") from None
        except decimal.DecimalException:
            raise ValueError(NUMBER_OUT_OF_RANGE) from None
        if parsed.is_finite():
            return parsed
    raise TypeError(f"expected a number, got {_describe(value)}")


def parse_date(value: Any) -> date:
    """An ISO ``YYYY-MM-DD`` date (a ``date`` passes through)."""
    if isinstance(value, datetime):
        raise TypeError("expected a date, got a datetime")
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, got {_describe(value)}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("expected an ISO date (YYYY-MM-DD)") from None


def parse_datetime(value: Any) -> datetime:
    """An ISO 8601 timestamp, with or without fractions, ``Z`` or an offset.

    The result is always timezone-aware; a timestamp without an offset is read as UTC.
    Digits past the microsecond round to the nearest microsecond (half up, on the
    seventh digit), as the typed fast path of ``decode`` does.
    """
    if type(value) is str and _FAST_ISO:
        # Python 3.11+ parses "Z" and any fraction length itself: the hot path, unless
        # the fraction has more than six digits (fromisoformat would cut, not round).
        # An RFC 3339 timestamp shorter than 27 characters has no seventh digit: the
        # usual "...T09:11:22.123Z" costs one len(). (ISO forms msgspec does not read,
        # such as a comma before the fraction, are cut as before.)
        if len(value) < 27 or (dot := value.find(".")) < 0 or not value[
            dot + 7 : dot + 8
        ].isdigit():
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = _parse_datetime_text(value)
        else:
            parsed = _parse_datetime_text(value)
    elif isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = _parse_datetime_text(value)
    else:
        raise TypeError(f"expected an ISO date-time string, got {_describe(value)}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


_MICROSECOND = timedelta(microseconds=1)
_COMPACT_OFFSET = re.compile(r"([+-]\d\d)(\d\d)\Z")


def _parse_datetime_text(value: str) -> datetime:
    text = value.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    # Python 3.10's fromisoformat wants "+hh:mm" and 3 or 6 fraction digits: give it
    # both; a seventh digit of 5 or more rounds the microseconds up.
    text = _COMPACT_OFFSET.sub(r"\1:\2", text)
    round_up = False
    fraction = _FRACTION.search(text)
    if fraction is not None:
        digits = fraction.group(1)
        round_up = len(digits) > 6 and digits[6] >= "5"
        text = f"{text[: fraction.start()]}.{(digits + '000000')[:6]}{text[fraction.end() :]}"
    try:
        parsed = datetime.fromisoformat(text)
        return parsed + _MICROSECOND if round_up else parsed
    except (ValueError, OverflowError):
        raise ValueError("expected an ISO 8601 date-time") from None


def _describe(value: Any) -> str:
    # Names the JSON type only: values may be personal data and go into messages.
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def structure_open_enum(value: Any, cls: type[OpenEnum]) -> OpenEnum:
    # ``cls(value)`` keeps the text exactly as sent, known member or not.
    if isinstance(value, cls):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_describe(value)}")
    return cls(value)
