"""The general path and its explanations: ``structure`` decodes already-parsed JSON with
the fast converter; when that fails, a detailed converter re-runs the decode only to name
the first bad value by its wire path (``$.cases[0].balance.capitalOutstanding``).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)

from .._errors import ResponseDecodeError
from .._naming import camel, wire_name
from .converter import converter, make_converter

__all__ = ["structure"]

T = TypeVar("T")

_explaining_converter = make_converter(detailed_validation=True)


def structure(data: Any, cl: type[T] | Any, *, status: int | None = None,
              request_id: str | None = None) -> T:
    """Decode JSON data into ``cl``; a mismatch raises ``ResponseDecodeError`` with the path."""
    try:
        return cast(T, converter.structure(data, cl))
    except Exception:
        path, reason = _explain(data, cl)
        raise ResponseDecodeError(
            f"response does not match {_type_name(cl)}: {reason}",
            json_path=path,
            status=status,
            request_id=request_id,
        ) from None


def _type_name(cl: Any) -> str:
    return getattr(cl, "__name__", None) or str(cl)


def _explain(data: Any, cl: Any) -> tuple[str, str]:
    """Re-run a failed decode with detailed validation to find the first bad field."""
    try:
        _explaining_converter.structure(data, cl)
    except Exception as exc:
        return _first_failure(exc, "$")
    return "$", "unexpected shape"


def _first_failure(exc: BaseException, path: str) -> tuple[str, str]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            segment = ""
            for note in getattr(sub, "__notes__", []):
                if isinstance(note, AttributeValidationNote):
                    segment = "." + _attr_wire_name(exc, note.name)
                elif isinstance(note, IterableValidationNote):
                    segment = f"[{note.index}]"
            return _first_failure(sub, path + segment)
    if isinstance(exc, KeyError):
        return path, "required field is missing"
    message = str(exc) or type(exc).__name__
    return path, message


def _attr_wire_name(exc: BaseException, name: str) -> str:
    cl = getattr(exc, "cl", None)
    if cl is not None and attrs.has(cl):
        for field in attrs.fields(cl):
            if field.name == name:
                return wire_name(field)
    return camel(name)
