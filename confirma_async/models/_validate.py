"""Input checks shared by request models.

Two styles live here. The small action models check each field when they are built
(``to_money``, ``positive_id`` ...: the error names the attribute). The large request trees
(``SalesInvoiceRequest``, ledgers, clients) are built freely from parts and checked as a
whole by ``validate``: every field carries a *rule* in its metadata, and the walk reports
the first bad field by its full wire path, e.g.
``invoice.parties.buyerParty.address.countryCode``. Messages describe the rule, never the
value (values can be personal data).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from urllib.parse import urlsplit

import attrs

from .._errors import ConfirmaValueError
from .._naming import wire_name

__all__ = [
    "ISO_4217",
    "ISO_3166_ALPHA2",
    "OMITTED",
    "Omitted",
    "Rule",
    "rule",
    "validate",
    "find_problem",
    "is_text",
    "is_bool",
    "is_int",
    "is_date",
    "is_money",
    "is_number",
    "is_currency",
    "is_country",
    "is_language",
    "is_email",
    "is_url",
    "is_a",
    "is_enum",
    "list_of",
    "in_date",
    "in_money",
    "in_code",
    "in_enum",
    "in_number",
    "is_mapping",
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


# --- whole-tree validation for request models -------------------------------------------

# Officially assigned ISO 3166-1 alpha-2 country codes (249).
ISO_3166_ALPHA2 = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK
    DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR
    GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
    KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST
    SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS YE YT ZA ZM ZW""".split()
)


class Omitted(enum.Enum):
    """Marks an optional field that is left out of the JSON body (``None`` sends ``null``).

    The docs do not say whether an absent key and ``null`` mean the same, so the models
    keep the difference: fields the documented examples send as ``null`` default to
    ``None``; fields that only some examples carry (and every inferred field) default to
    ``OMITTED`` and are not sent unless given.
    """

    OMITTED = "OMITTED"

    def __repr__(self) -> str:
        return "OMITTED"


OMITTED = Omitted.OMITTED

#: A rule looks at a value that is not ``None``/``OMITTED`` and returns what is wrong
#: with it, or ``None`` when it is fine.
Rule = Callable[[Any], "str | None"]


def rule(
    check: Rule | None = None,
    *,
    required: bool = False,
    omit: bool = False,
    wire: str | None = None,
    items: type | None = None,
) -> dict[str, Any]:
    """Field metadata: ``field(metadata=rule(is_email))``.

    ``required``: ``None`` is refused. ``omit``: the field is left out of the body while it
    holds ``OMITTED`` (use with ``default=OMITTED``). ``wire``: an irregular JSON key.
    ``items``: the model class of a list's items (each item is checked and walked).
    """
    meta: dict[str, Any] = {}
    if check is not None:
        meta["rule"] = check
    if required:
        meta["required"] = True
    if omit:
        meta["omit_if_none"] = True  # the converter omits a field equal to its default
    if wire:
        meta["wire"] = wire
    if items is not None:
        meta["items"] = items
    return meta


def find_problem(obj: Any, path: str = "") -> tuple[str, str] | None:
    """The first invalid field under ``obj`` as ``(wire path, message)``, or ``None``."""
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        where = f"{path}.{wire_name(field)}" if path else wire_name(field)
        meta = field.metadata
        if value is OMITTED:
            if not meta.get("omit_if_none"):
                return where, "cannot be left out (OMITTED); use None to send null"
            continue
        if value is None:
            if meta.get("required"):
                return where, "is required"
            continue
        check = meta.get("rule")
        if check is not None:
            message = check(value)
            if message is not None:
                return where, message
        item_cls = meta.get("items")
        if item_cls is not None:
            if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
                return where, f"must be a list of {item_cls.__name__}"
            for index, item in enumerate(value):
                if not isinstance(item, item_cls):
                    return f"{where}[{index}]", f"must be a {item_cls.__name__}"
                problem = find_problem(item, f"{where}[{index}]")
                if problem is not None:
                    return problem
        elif attrs.has(type(value)):
            problem = find_problem(value, where)
            if problem is not None:
                return problem
    # Rules that span fields (a postal code checked against the country, ...).
    cross_check = getattr(obj, "cross_check", None)
    if callable(cross_check):
        found = cross_check()
        if found is not None:
            key, message = found
            return (f"{path}.{key}" if path else key), message
    return None


def validate(obj: Any, path: str = "") -> None:
    """Raise ``ConfirmaValueError`` naming the first invalid field's wire path."""
    problem = find_problem(obj, path)
    if problem is not None:
        raise ConfirmaValueError(*problem)


# --- rules -------------------------------------------------------------------------------


def is_text(*, max_length: int | None = None, non_empty: bool = False) -> Rule:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        if non_empty and not value.strip():
            return "must not be empty"
        if max_length is not None and len(value) > max_length:
            return f"must be at most {max_length} characters"
        return None

    return check


def is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def is_int(*, positive: bool = False) -> Rule:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be an integer"
        if positive and value <= 0:
            return "must be a positive integer"
        return None

    return check


def is_date(value: Any) -> str | None:
    if isinstance(value, datetime) or not isinstance(value, date):
        return "must be an ISO 8601 date (YYYY-MM-DD) or a datetime.date"
    return None


def is_number(*, places: int | None = None, non_negative: bool = False) -> Rule:
    """An exact number (Decimal or int; floats are refused) with at most ``places`` decimals."""

    def check(value: Any) -> str | None:
        if isinstance(value, float):
            return "floats are not accepted; pass a Decimal or a string like '100.25'"
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            return "must be a Decimal number"
        amount = Decimal(value)
        if not amount.is_finite():
            return "must be a finite number"
        exponent = amount.as_tuple().exponent
        if places is not None and isinstance(exponent, int) and -exponent > places:
            if amount != amount.quantize(Decimal(1).scaleb(-places)):
                return f"must have at most {places} decimals"
        if non_negative and amount < 0:
            return "must not be negative"
        return None

    return check


#: Money on the wire: a number with (at most) two decimals (Data validation page).
is_money = is_number(places=2)


def is_currency(value: Any) -> str | None:
    if not isinstance(value, str) or value not in ISO_4217:
        return "must be an ISO 4217 currency code such as EUR or SEK"
    return None


def is_country(value: Any) -> str | None:
    if not isinstance(value, str) or value not in ISO_3166_ALPHA2:
        return "must be an ISO 3166-1 alpha-2 country code such as FI or SE"
    return None


_LANGUAGE = re.compile(r"[A-Z]{2}\Z")


def is_language(value: Any) -> str | None:
    # Sent as the examples send it (upper-case FI, SV, EN ...). Not checked against
    # ISO 639-1: the docs' own list has "DK", which is a country code (README gap 12).
    if not isinstance(value, str) or not _LANGUAGE.match(value):
        return "must be a two-letter language code such as FI, SV or EN"
    return None


# The WHATWG "valid e-mail address" pattern (what the W3C HTML spec checks).
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z"
)


def is_email(value: Any) -> str | None:
    """An e-mail address; ``""`` counts as "not given" (the examples send empty strings)."""
    if not isinstance(value, str):
        return "must be a string"
    if value and not _EMAIL.match(value):
        return "must be a valid e-mail address"
    return None


_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z|localhost\Z"
)


def is_url(value: Any) -> str | None:
    """A web address: ``https://host/...``, ``http://...`` or a bare ``www.host.fi``.

    ``""`` counts as "not given" (the onboarding example sends ``"website": ""``).
    """
    if not isinstance(value, str):
        return "must be a string"
    if not value:
        return None
    text = value if "://" in value else "https://" + value
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError:
        return "must be a valid URL"
    if parts.scheme not in ("http", "https") or not _HOST.match(host) or any(
        c.isspace() for c in value
    ):
        return "must be a valid http(s) URL"
    return None


def is_a(cls: type) -> Rule:
    """The value is an instance of the model class ``cls``."""

    def check(value: Any) -> str | None:
        return None if isinstance(value, cls) else f"must be a {cls.__name__}"

    return check


def is_enum(value: Any) -> str | None:
    """An open-enum value: a known member, or any non-empty string the server may know."""
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    return None


def list_of(value: Any) -> str | None:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        return "must be a list"
    return None


def is_mapping(value: Any) -> str | None:
    return None if isinstance(value, Mapping) else "must be an object (a mapping)"


# --- lenient input converters: tidy what is certainly meant, keep the rest for validate -----

E = TypeVar("E", bound=enum.Enum)


def in_date(value: Any) -> Any:
    """An ISO ``YYYY-MM-DD`` string becomes a ``date``; anything else is kept for ``validate``."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def in_money(value: Any) -> Any:
    """An exact amount with at most two decimals becomes a two-decimal ``Decimal``.

    ``100`` and ``"100.5"`` become ``Decimal("100.00")`` / ``Decimal("100.50")``, so the
    body carries two decimals as the Data validation page asks. Floats and anything else
    are kept unchanged for ``validate`` to refuse.
    """
    if isinstance(value, bool) or isinstance(value, float):
        return value
    if isinstance(value, (int, str)):
        try:
            value = Decimal(str(value).strip())
        except InvalidOperation:
            return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.quantize(_CENT):
        return value.quantize(_CENT)
    return value


def in_number(value: Any) -> Any:
    """``int``/``str`` numbers become ``Decimal`` (exact); anything else is kept."""
    if isinstance(value, bool) or isinstance(value, float):
        return value
    if isinstance(value, (int, str)):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            return value
    return value


def in_code(value: Any) -> Any:
    """Code strings (currency, country, language) are trimmed and upper-cased."""
    return value.strip().upper() if isinstance(value, str) else value


def in_enum(cls: type[E], value: Any) -> Any:
    """A string becomes a member of the open enum ``cls`` (unknown values are kept)."""
    if isinstance(value, str) and not isinstance(value, cls) and value.strip():
        return cls(value)
    return value
