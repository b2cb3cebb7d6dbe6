"""JSON text: ``loads`` and ``dumps``, with every number bounded and money exact.

Every non-integer number becomes an exact ``Decimal`` (never a float); a number beyond the
bounds of ``_config`` (``MAX_NUMBER_DIGITS``, ``MAX_NUMBER_EXPONENT``), malformed text or
nesting too deep is a ``JSONError`` that names the offending value's path.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

import msgspec

from .._config import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT
from .._errors import ConfirmaValueError

__all__ = [
    "JSONError", "NUMBER_OUT_OF_RANGE", "OutOfRange", "bounded_decimal", "bounded_int",
    "dumps", "has_long_number", "loads",
]


# Every number read from the wire is bounded before it is converted (``_config``:
# ``MAX_NUMBER_DIGITS`` digits, a decimal exponent within ``MAX_NUMBER_EXPONENT``), so a
# hostile ``1e1000000`` never costs a million-digit integer.
NUMBER_OUT_OF_RANGE: Final = (
    f"number out of range (more than {MAX_NUMBER_DIGITS} digits, or an exponent beyond "
    f"\u00b1{MAX_NUMBER_EXPONENT})"
)


class JSONError(ValueError):
    """A body the SDK will not use: malformed JSON, nested too deeply, or a number out of
    range. ``path`` names the offending value (``$`` when it is the whole document)."""

    def __init__(self, reason: str, path: str = "$") -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"{reason} at {path}")


class OutOfRange(ValueError):
    """A number literal beyond the bounds (raised inside the parser's hooks)."""


# A C-level converter: a literal with more digits, or an exponent past the bounds, raises
# one of the trapped signals instead of being rounded or clamped. No Python call per number.
_BOUNDED = decimal.Context(
    prec=MAX_NUMBER_DIGITS,
    Emax=MAX_NUMBER_EXPONENT,
    Emin=-MAX_NUMBER_EXPONENT,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.Underflow, decimal.Subnormal,
           decimal.Inexact, decimal.Rounded, decimal.Clamped],
)
bounded_decimal: Callable[[str], Decimal] = _BOUNDED.create_decimal
_NUMBER_ERRORS = (decimal.DecimalException, OutOfRange)


def bounded_int(text: str) -> int:
    """An integer literal; ``OutOfRange`` past ``MAX_NUMBER_DIGITS`` digits."""
    if len(text) > MAX_NUMBER_DIGITS and len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise OutOfRange
    return int(text)


def _non_finite(name: str) -> Any:
    # ``NaN`` and ``Infinity`` are not JSON; the stdlib would accept them as floats.
    raise OutOfRange


# The explaining parser: run only on a body msgspec refused (or one with a very long run of
# digits), to accept what is valid after all and to name what is not, with its path.
_explaining_decode = json.JSONDecoder(
    parse_float=bounded_decimal, parse_int=bounded_int, parse_constant=_non_finite
).decode


def _explaining_loads(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
        return _explaining_decode(text)
    except _NUMBER_ERRORS:
        raise JSONError(NUMBER_OUT_OF_RANGE, _locate_bad_number(text)) from None
    except RecursionError:
        raise JSONError("JSON is nested too deeply") from None
    except ValueError:  # json.JSONDecodeError, UnicodeDecodeError
        raise JSONError("not valid JSON") from None


_UNUSABLE = object()


def _locating(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def hook(text: str) -> Any:
        try:
            return parse(text)
        except _NUMBER_ERRORS:
            return _UNUSABLE

    return hook


_decode_locating = json.JSONDecoder(
    parse_float=_locating(bounded_decimal),
    parse_int=_locating(bounded_int),
    parse_constant=lambda name: _UNUSABLE,
).decode


def _locate_bad_number(text: str) -> str:
    """The JSON path of the first number beyond the bounds (only run after a failure)."""
    try:
        document = _decode_locating(text)
    except (ValueError, RecursionError):
        return "$"
    for value, path, _ in _walk(document, "$"):
        if value is _UNUSABLE:
            return path
    return "$"


def _walk(document: Any, root: str) -> Iterator[tuple[Any, str, int]]:
    """Every value of ``document`` with its path (``root.key[0]``; ``key[0]`` when ``root``
    is empty) and depth, depth-first in document order, without recursion. A mapping is
    yielded before its items are looked at, so a caller can judge its keys first."""
    stack: list[tuple[Any, str, int]] = [(document, root, 0)]
    while stack:
        value, path, depth = stack.pop()
        yield value, path, depth
        if isinstance(value, Mapping):
            stack.extend((item, f"{path}.{key}" if path else str(key), depth + 1)
                         for key, item in reversed(list(value.items())))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, f"{path}[{i}]", depth + 1)
                         for i, item in reversed(list(enumerate(value))))


# msgspec hands every non-integer literal to ``float_hook`` (bounded like the explaining
# parser) but builds integers, and the Decimals of typed mirrors, itself. One scan finds
# any run of more digit-or-dot characters than the bound allows in a number's mantissa;
# such a body goes to the explaining parser, which checks every number exactly (a long
# run inside a string only costs the slower parse).
_NUMBER_CHARS = bytes(0x31 if 0x30 <= i <= 0x39 or i == 0x2E else 0x30 for i in range(256))
_TOO_LONG_NUMBER = b"1" * (MAX_NUMBER_DIGITS + 1)
_msgspec_decode: Callable[[bytes], Any] = msgspec.json.Decoder(
    float_hook=bounded_decimal
).decode


# A cheap exact pre-filter: any run of ``len(_TOO_LONG_NUMBER)`` characters covers at least
# ``len(_SAMPLED_RUN)`` consecutive positions of a ``_SAMPLE_STEP`` stride, so a body whose
# strided sample has no such run of digits and dots has no long number (most bodies stop
# here, after translating one byte in ``_SAMPLE_STEP``).
_SAMPLE_STEP: Final = 25
_SAMPLED_RUN = b"1" * (len(_TOO_LONG_NUMBER) // _SAMPLE_STEP)


def has_long_number(raw: bytes) -> bool:
    """Whether ``raw`` holds a run of digits and dots longer than a number may have."""
    if _SAMPLED_RUN not in raw[::_SAMPLE_STEP].translate(_NUMBER_CHARS):
        return False
    return _TOO_LONG_NUMBER in raw.translate(_NUMBER_CHARS)


def loads(data: bytes | str) -> Any:
    """Parse JSON (bytes or text); every non-integer number becomes an exact ``Decimal``
    (msgspec hands ``float_hook`` the literal text, never a float).

    Raises ``JSONError`` (a ``ValueError``) for a body that cannot be used: malformed,
    nested too deeply, or holding a number beyond the bounds (with that number's path).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if has_long_number(raw):
        return _explaining_loads(raw)
    try:
        return _msgspec_decode(raw)
    except Exception:
        # Explained by the stdlib parser, which also names a bad number's path.
        return _explaining_loads(raw)


_encode_str = json.encoder.encode_basestring_ascii


def _encode(value: Any, out: list[str]) -> None:
    # A tiny encoder because json.dumps cannot write a Decimal as a number literal.
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_encode_str(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("cannot encode a non-finite Decimal")
        out.append(format(value, "f"))
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        raise TypeError("floats are not sent; use Decimal for money and rates")
    elif isinstance(value, Mapping):
        out.append("{")
        first = True
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("JSON object keys must be strings")
            if not first:
                out.append(",")
            first = False
            out.append(_encode_str(key))
            out.append(":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _encode(item, out)
        out.append("]")
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def dumps(value: Any) -> bytes:
    """Encode already-unstructured data as compact JSON, Decimals as exact literals.

    A value JSON cannot carry (a float, a non-finite ``Decimal``, a set, a non-text key)
    raises ``ConfirmaValueError`` naming its path from the root (``rows[0].amount``;
    ``body`` for the root itself).
    """
    out: list[str] = []
    try:
        _encode(value, out)
    except (TypeError, ValueError, RecursionError):
        path, reason = _unencodable(value)
        raise ConfirmaValueError(path, reason) from None
    return "".join(out).encode("utf-8")


def _unencodable(document: Any) -> tuple[str, str]:
    """The path and reason of the first value ``_encode`` refuses (run only on failure)."""
    for value, path, depth in _walk(document, ""):
        where = path or "body"
        if depth > _MAX_DEPTH:
            return where, "is nested too deeply to be sent as JSON"
        if isinstance(value, float):
            return where, "floats are not sent; use Decimal for money and rates"
        if isinstance(value, Decimal) and not value.is_finite():
            return where, "must be a finite number"
        if isinstance(value, Mapping):
            for key in value:
                if not isinstance(key, str):
                    return where, f"has a key that is not text ({type(key).__name__})"
        elif not isinstance(value, (list, tuple, str, int, Decimal)) and value is not None:
            return where, f"cannot be sent as JSON ({type(value).__name__})"
    return "body", "cannot be sent as JSON"


# Deeper than any document the SDK builds; the encoder recurses, Python's stack would not.
_MAX_DEPTH: Final = 500
