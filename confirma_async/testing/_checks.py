"""Request-body checks of the fakes, following the docs' data-validation rules.

A ``Checker`` walks a decoded JSON body and collects ``{"field": path, "message": ...}``
errors; the fake answers 400 with all of them, the first one in ``message``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from ..models._validate import ISO_4217

__all__ = ["Checker", "POSTAL_CODE"]

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2}$")
#: Postal-code rules per country (the docs: "validated against the postal country").
POSTAL_CODE = {
    "FI": re.compile(r"^\d{5}$"),
    "SE": re.compile(r"^\d{3} ?\d{2}$"),
    "NO": re.compile(r"^\d{4}$"),
    "DK": re.compile(r"^\d{4}$"),
    "DE": re.compile(r"^\d{5}$"),
    "EE": re.compile(r"^\d{5}$"),
}
_MISSING = object()


class Checker:
    """Collects field errors; every method returns the value when it is valid, else None."""

    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def __bool__(self) -> bool:
        return bool(self.errors)

    def fail(self, path: str, message: str) -> None:
        self.errors.append({"field": path, "message": message})

    def summary(self) -> str:
        first = self.errors[0]
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        return f"{first['field']}: {first['message']}{more}"

    def _present(self, parent: Any, key: str, path: str, required: bool) -> Any:
        """The value at ``key``; ``_MISSING`` when absent or null (recorded if required)."""
        value = _get(parent, key)
        if value is _MISSING or value is None:
            if required:
                self.fail(path, "is required")
            return _MISSING
        return value

    # --- structure ----------------------------------------------------------------------

    def obj(self, parent: Any, key: str, path: str, *, required: bool = True) -> dict[str, Any]:
        value = self._present(parent, key, path, required)
        if value is _MISSING:
            return {}
        if not isinstance(value, dict):
            self.fail(path, "must be an object")
            return {}
        return value

    def array(
        self, parent: Any, key: str, path: str, *, required: bool = True, min_items: int = 0
    ) -> list[Any]:
        value = self._present(parent, key, path, required)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.fail(path, "must be an array")
            return []
        if len(value) < min_items:
            self.fail(path, f"must contain at least {min_items} item(s)")
        return value

    # --- scalars ------------------------------------------------------------------------

    def text(
        self, parent: Any, key: str, path: str, *, required: bool = True,
        max_length: int | None = None, allow_empty: bool = False,
    ) -> str | None:
        value = self._present(parent, key, path, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.fail(path, "must be a string")
            return None
        if not allow_empty and required and not value.strip():
            self.fail(path, "must not be empty")
            return None
        if max_length is not None and len(value) > max_length:
            self.fail(path, f"must be at most {max_length} characters")
            return None
        return value

    def boolean(self, parent: Any, key: str, path: str, *, required: bool = True) -> bool | None:
        value = self._present(parent, key, path, required)
        if value is _MISSING:
            return None
        if not isinstance(value, bool):
            self.fail(path, "must be true or false")
            return None
        return value

    def integer(
        self, parent: Any, key: str, path: str, *, required: bool = True, minimum: int = 1
    ) -> int | None:
        value = self._present(parent, key, path, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "must be an integer")
            return None
        if value < minimum:
            self.fail(path, f"must be at least {minimum}")
            return None
        return value

    def money(
        self, parent: Any, key: str, path: str, *, required: bool = True,
        positive: bool = True, signed: bool = False,
    ) -> Decimal | None:
        """A JSON number with at most two decimals (``number<double>``, 2 decimals)."""
        amount = self.number(parent, key, path, required=required)
        if amount is None:
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.fail(path, "must have at most two decimals")
            return None
        if not signed and (amount < 0 or (positive and amount == 0)):
            self.fail(path, "must be greater than zero" if positive else "must not be negative")
            return None
        return amount.quantize(Decimal("0.01"))

    def number(self, parent: Any, key: str, path: str, *, required: bool = True) -> Decimal | None:
        value = self._present(parent, key, path, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(path, "must be a number")
            return None
        return Decimal(value)

    def day(self, parent: Any, key: str, path: str, *, required: bool = True) -> date | None:
        value = self._present(parent, key, path, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.fail(path, "must be a date in YYYY-MM-DD form")
            return None
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(path, "must be a real date in YYYY-MM-DD form")
            return None

    def _code(
        self, parent: Any, key: str, path: str, valid: Callable[[str], object], rule: str,
        required: bool,
    ) -> str | None:
        value = self.text(parent, key, path, required=required)
        if value is not None and not valid(value):
            self.fail(path, rule)
            return None
        return value

    def currency(self, parent: Any, key: str, path: str, *, required: bool = True) -> str | None:
        return self._code(parent, key, path, ISO_4217.__contains__,
                          "must be an ISO 4217 currency code such as EUR", required)

    def country(self, parent: Any, key: str, path: str, *, required: bool = True) -> str | None:
        return self._code(parent, key, path, _COUNTRY.match,
                          "must be an ISO 3166-1 alpha-2 country code such as FI", required)

    def language(self, parent: Any, key: str, path: str, *, required: bool = True) -> str | None:
        return self._code(parent, key, path, _LANGUAGE.match,
                          "must be a two-letter language code such as FI", required)

    def email(self, parent: Any, key: str, path: str, *, required: bool = False) -> str | None:
        value = self.text(parent, key, path, required=required, allow_empty=not required)
        if value and not _EMAIL.match(value):
            self.fail(path, "must be a valid e-mail address")
            return None
        return value

    def postal_code(self, value: str | None, country: str | None, path: str) -> None:
        if value is None or country is None:
            return
        rule = POSTAL_CODE.get(country)
        if rule is not None and not rule.match(value):
            self.fail(path, f"is not a valid postal code for {country}")

    def one_of(
        self, parent: Any, key: str, path: str, allowed: Iterable[str], *, required: bool = True
    ) -> str | None:
        value = self.text(parent, key, path, required=required)
        if value is None:
            return None
        known = {a.upper(): a for a in allowed}
        if value.upper() not in known:
            self.fail(path, "must be one of " + ", ".join(sorted(known)))
            return None
        return known[value.upper()]


def _get(parent: Any, key: str) -> Any:
    if not isinstance(parent, dict):
        return _MISSING
    return parent.get(key, _MISSING)
