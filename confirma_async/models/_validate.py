"""Input checks shared by request models. Each raises ``ConfirmaValueError`` naming the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from .._errors import ConfirmaValueError

__all__ = [
    "ISO_4217",
    "to_money",
    "to_date",
    "to_currency",
    "positive_id",
    "non_empty_text",
    "optional",
]

# Active ISO 4217 alphabetic codes.
ISO_4217 = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK
    JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
    MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
    PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
    TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU
    XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG""".split()
)

_CENT = Decimal("0.01")


def to_money(field: str, *, allow_zero: bool = False) -> Callable[[Any], Decimal]:
    """A converter: Decimal/int/str to an exact Decimal with at most two decimals."""

    def convert(value: Any) -> Decimal:
        if isinstance(value, bool) or value is None:
            raise ConfirmaValueError(field, "must be a Decimal amount")
        if isinstance(value, float):
            raise ConfirmaValueError(
                field, "floats are not accepted for money; pass a Decimal or a string like '250.75'"
            )
        try:
            amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except InvalidOperation:
            raise ConfirmaValueError(field, "is not a number") from None
        if not amount.is_finite():
            raise ConfirmaValueError(field, "must be a finite number")
        if amount != amount.quantize(_CENT):
            raise ConfirmaValueError(field, "must have at most two decimals")
        if amount < 0 or (amount == 0 and not allow_zero):
            rule = "must not be negative" if allow_zero else "must be positive"
            raise ConfirmaValueError(field, rule)
        return amount

    return convert


def to_date(field: str) -> Callable[[Any], date]:
    """A converter: a ``date`` or an ISO ``YYYY-MM-DD`` string to a real calendar date."""

    def convert(value: Any) -> date:
        if isinstance(value, datetime):
            raise ConfirmaValueError(field, "must be a date, not a datetime")
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise ConfirmaValueError(field, "must be a real date in YYYY-MM-DD form") from None
        raise ConfirmaValueError(field, "must be a date")

    return convert


def to_currency(field: str) -> Callable[[Any], str]:
    """A converter: an ISO 4217 alphabetic currency code, upper-cased."""

    def convert(value: Any) -> str:
        if not isinstance(value, str) or value.strip().upper() not in ISO_4217:
            raise ConfirmaValueError(field, "must be an ISO 4217 currency code such as EUR or SEK")
        return value.strip().upper()

    return convert


def positive_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: a positive integer identifier."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfirmaValueError(attribute.name, "must be a positive integer")


def non_empty_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: a string with visible content."""
    if not isinstance(value, str) or not value.strip():
        raise ConfirmaValueError(attribute.name, "must be a non-empty string")


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: a string (possibly empty)."""
    if not isinstance(value, str):
        raise ConfirmaValueError(attribute.name, "must be a string")


def optional(
    validator: Callable[[Any, attrs.Attribute[Any], Any], None],
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return check
