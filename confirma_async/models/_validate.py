"""Request validation: one rule set, checked when a request is sent.

Every request body (the CFIS invoice tree, onboarding, accounting, invoice actions, the
claim builders) is built freely and checked as a whole when it is sent, or earlier when
you call its ``validate()``. The first invalid field raises ``ConfirmaValueError`` named
by its wire path from the root of the body (``invoice.parties.buyerParty.address.
countryCode``, ``claim.contracts[1].invoices[0].invoiceNumber``, ``actions[0].data.amount``)
and nothing is sent. Messages describe the rule, never the value (values can be personal
data).

Why at send time and not when an object is built (README "Decisions"): only the whole
body knows a field's full path, which is also how the server and the docs name it; the
CFIS trees are built from parts, may be incomplete or changed until they are sent, and
send ``OMITTED`` parts as absent, so a part cannot judge itself where it is built; and
either way nothing invalid is sent. ``validate()`` on any request model (a part too) runs
the same check at once, for whoever wants the error where the object is built.

What a field is checked against, in this order:

* its type annotation: ``None`` only where the type admits it, ``OMITTED`` only where it
  is the default; a model class, a list of one (each item walked), an enum, ``str``,
  ``bool``, ``int``, ``Decimal`` (floats refused), ``date`` (not a datetime), a mapping;
* its rules, ``field(metadata=rule(is_currency))``: what the docs add to the type;
* its class's ``cross_check()``, for rules that span fields (a postal code against its
  country, a due date after the invoice date), run once the fields are valid.

The ``in_*`` converters tidy what is certainly meant when an object is built (an ISO date
text becomes a ``date``, ``"100.5"`` a ``Decimal``, codes are upper-cased, an enum text
becomes the open enum) and never raise: what they cannot tidy is kept for the check.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from types import UnionType
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin
from urllib.parse import urlsplit

import attrs

from .._errors import ConfirmaValueError
from .._naming import camel, wire_name
from ._base import OpenEnum

__all__ = [
    "ISO_4217",
    "ISO_3166_ALPHA2",
    "OMITTED",
    "Omitted",
    "RequestModel",
    "Rule",
    "rule",
    "validate",
    "find_problem",
    "not_before",
    "is_text",
    "is_positive_int",
    "is_number",
    "is_money",
    "is_currency",
    "is_country",
    "is_language",
    "is_email",
    "is_url",
    "is_known",
    "is_iban",
    "is_bic",
    "at_least",
    "in_date",
    "in_money",
    "in_number",
    "in_code",
    "in_enum",
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

#: A rule looks at a value of the field's type (never ``None``/``OMITTED``) and returns
#: what is wrong with it, or ``None`` when it is fine.
Rule = Callable[[Any], "str | None"]


def rule(
    *checks: Rule, omit: bool = False, wire: str | None = None, under: str | None = None
) -> dict[str, Any]:
    """Field metadata: ``field(metadata=rule(is_email))``.

    ``checks``: the field's rules, run in order after its type check. ``omit``: the field
    is left out of the body while it holds its default (``OMITTED``, ``None`` or ``[]``).
    ``wire``: an irregular JSON key. ``under``: the JSON object the field sits in (an
    action's ``data``), for error paths.
    """
    meta: dict[str, Any] = {}
    if checks:
        meta["rules"] = checks
    if omit:
        meta["omit_if_default"] = True  # read by the converter's unstructure factory
    if wire:
        meta["wire"] = wire
    if under:
        meta["under"] = under
    return meta


# --- the walk ----------------------------------------------------------------------------


@attrs.frozen
class _Step:
    """How one field is checked, derived once per class from its type and metadata."""

    name: str
    key: str
    nullable: bool
    omittable: bool
    checks: tuple[Rule, ...]
    part: type | None  # a model class: walked into
    items: type | None  # the model class of a list's items: each walked into


@cache
def _plan(cls: type) -> tuple[_Step, ...]:
    attrs.resolve_types(cls)
    steps = []
    for field in attrs.fields(cls):
        nullable, kind = _unwrap(field.type)
        expect, part, items = _expectation(kind)
        key = wire_name(field)
        under = field.metadata.get("under")
        steps.append(
            _Step(
                name=field.name,
                key=f"{under}.{key}" if under else key,
                nullable=nullable,
                omittable=field.default is OMITTED,
                checks=(*((expect,) if expect else ()), *field.metadata.get("rules", ())),
                part=part,
                items=items,
            )
        )
    return tuple(steps)


def _unwrap(annotation: Any) -> tuple[bool, Any]:
    """Whether ``None`` is allowed, and the one type left (``None`` if several or none)."""
    union = get_origin(annotation) in (Union, UnionType)
    members = get_args(annotation) if union else (annotation,)
    rest = [t for t in members if t is not type(None) and t is not Omitted]
    return type(None) in members, rest[0] if len(rest) == 1 else None


def _expectation(kind: Any) -> tuple[Rule | None, type | None, type | None]:
    """The type check of a field's type, and the model class(es) to walk into."""
    if get_origin(kind) is list:
        (item,) = get_args(kind) or (Any,)
        if isinstance(item, type) and attrs.has(item):
            return _sequence(f"must be a list of {item.__name__}"), None, item
        return _sequence("must be a list"), None, None
    if get_origin(kind) is dict:
        return _is_mapping, None, None
    if not isinstance(kind, type):
        return None, None, None  # Any, or a union of several types
    if attrs.has(kind):
        return _instance(kind, f"must be a {kind.__name__}"), kind, None
    if issubclass(kind, OpenEnum):
        return _instance(kind, f"must be a {kind.__name__} or a non-empty string"), None, None
    if issubclass(kind, enum.Enum):
        return _instance(kind, "must be " + _either(str(m.value) for m in kind)), None, None
    if issubclass(kind, Mapping):
        return _is_mapping, None, None
    simple = _SIMPLE.get(kind)
    if simple is not None:
        return simple, None, None
    return _instance(kind, f"must be a {kind.__name__}"), None, None


def _instance(cls: type, message: str) -> Rule:
    return lambda value: None if isinstance(value, cls) else message


def _sequence(message: str) -> Rule:
    return lambda value: (
        message if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) else None
    )


def _is_mapping(value: Any) -> str | None:
    return None if isinstance(value, Mapping) else "must be an object (a mapping)"


def _is_str(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _is_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be an integer"
    return None


def _is_decimal(value: Any) -> str | None:
    """An exact number: a ``Decimal`` (or an ``int``), finite; floats are refused."""
    if isinstance(value, float):
        return "floats are not accepted; pass a Decimal or a string like '100.25'"
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        return "must be a Decimal number"
    if isinstance(value, Decimal) and not value.is_finite():
        return "must be a finite number"
    return None


def _is_date(value: Any) -> str | None:
    if isinstance(value, datetime) or not isinstance(value, date):
        return "must be an ISO 8601 date (YYYY-MM-DD) or a datetime.date"
    return None


_SIMPLE: dict[type, Rule] = {
    str: _is_str, bool: _is_bool, int: _is_int, Decimal: _is_decimal, date: _is_date,
}


def _either(values: Iterable[str]) -> str:
    *head, last = values
    return f"{', '.join(head)} or {last}" if head else last


def find_problem(obj: Any, path: str = "") -> tuple[str, str] | None:
    """The first invalid field under ``obj`` as ``(wire path, message)``, or ``None``."""
    for step in _plan(obj.__class__):
        value = getattr(obj, step.name)
        where = f"{path}.{step.key}" if path else step.key
        if value is OMITTED:
            if step.omittable:
                continue
            return where, "cannot be left out (OMITTED); use None to send null"
        if value is None:
            if step.nullable:
                continue
            return where, "is required"
        for check in step.checks:
            message = check(value)
            if message is not None:
                return where, message
        if step.part is not None:
            problem = find_problem(value, where)
            if problem is not None:
                return problem
        elif step.items is not None:
            for index, item in enumerate(value):
                at = f"{where}[{index}]"
                if not isinstance(item, step.items):
                    return at, f"must be a {step.items.__name__}"
                problem = find_problem(item, at)
                if problem is not None:
                    return problem
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


R = TypeVar("R", bound="RequestModel")


class RequestModel:
    """Base of the request models: ``validate()`` runs the check sending would run."""

    __slots__ = ()

    #: What the paths of a stand-alone ``validate()`` start with ("" when the body's keys
    #: are the root, ``"payment"`` for ``payment.amount`` ...).
    _root: ClassVar[str] = ""

    def validate(self: R, path: str | None = None) -> R:
        """Raise ``ConfirmaValueError`` naming the first invalid field by its wire path, as
        sending this would; return ``self`` when it is valid. ``path`` replaces the root.
        """
        validate(self, self._root if path is None else path)
        return self

    def cross_check(self) -> tuple[str, str] | None:
        """A rule across fields, run once each field is valid: ``(wire key, problem)`` when
        the fields disagree (a due date before the invoice date), else ``None``."""
        return None


def not_before(obj: Any, first: str, second: str, message: str = "") -> tuple[str, str] | None:
    """A cross-check: the date ``second`` is not before ``first`` (either may be unset)."""
    start, end = getattr(obj, first), getattr(obj, second)
    if isinstance(start, date) and isinstance(end, date) and end < start:
        return camel(second), message or f"must not be before {camel(first)}"
    return None


# --- rules -------------------------------------------------------------------------------


def is_text(
    max_length: int | None = None, *, non_empty: bool = False, single_line: bool = False
) -> Rule:
    """A string; ``non_empty``: with visible content; ``single_line``: no line breaks."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "must be a string"
        if non_empty and not value.strip():
            return "must not be empty"
        if max_length is not None and len(value) > max_length:
            return f"must be at most {max_length} characters"
        if single_line and ("\n" in value or "\r" in value):
            return "must not contain line breaks"
        return None

    return check


def is_positive_int(value: Any) -> str | None:
    """An identifier: a positive integer."""
    return None if _is_int(value) is None and value > 0 else "must be a positive integer"


def is_number(
    places: int | None = None,
    *,
    positive: bool = False,
    non_negative: bool = False,
    at_most: int | None = None,
    max_chars: int | None = None,
) -> Rule:
    """An exact number with at most ``places`` decimals, within the given bounds;
    ``max_chars``: at most that many characters as written on the wire."""

    def check(value: Any) -> str | None:
        problem = _is_decimal(value)
        if problem is not None:
            return problem
        amount = Decimal(value)
        exponent = amount.as_tuple().exponent
        if places is not None and isinstance(exponent, int) and -exponent > places:
            try:
                exact = amount == amount.quantize(Decimal(1).scaleb(-places))
            except InvalidOperation:  # more digits than a quantize can hold
                exact = False
            if not exact:
                return f"must have at most {places} decimals"
        if positive and amount <= 0:
            return "must be positive"
        if non_negative and amount < 0:
            return "must not be negative"
        if at_most is not None and amount > at_most:
            return f"must be at most {at_most}"
        if max_chars is not None and len(format(amount, "f")) > max_chars:
            return f"must be at most {max_chars} characters long"
        return None

    return check


#: Money on the wire: a number with (at most) two decimals (Data validation page).
is_money = is_number(places=2)


def _member_of(allowed: frozenset[str], message: str) -> Rule:
    return lambda value: None if isinstance(value, str) and value in allowed else message


def _matching(pattern: str, message: str) -> Rule:
    whole = re.compile(pattern).fullmatch
    return lambda value: None if isinstance(value, str) and whole(value) else message


is_currency = _member_of(ISO_4217, "must be an ISO 4217 currency code such as EUR or SEK")
is_country = _member_of(
    ISO_3166_ALPHA2, "must be an ISO 3166-1 alpha-2 country code such as FI or SE"
)
#: Two letters, in the case each API's examples use (the converters set it: upper-case
#: FI, SV, EN for CFIS, lower-case de for claims). Not checked against ISO 639-1: the
#: CFIS docs' own list has "DK", which is a country code (README gap 12).
is_language = _matching(r"[A-Za-z]{2}", "must be a two-letter language code such as FI or de")
is_bic = _matching(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?", "must be an 8 or 11 character BIC")


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


def is_known(value: Any) -> str | None:
    """An open-enum value that names a documented member (in any case); the type check
    has made sure it is one of the field's enum."""
    if value.is_known:
        return None
    return "must be " + _either(member.value for member in type(value))


_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}\Z")


def is_iban(value: Any) -> str | None:
    """An IBAN: country, check digits and account, with a correct mod-97 checksum."""
    if not isinstance(value, str) or not _IBAN.match(value):
        return "is not a valid IBAN"
    rearranged = value[4:] + value[:4]
    if int("".join(str(int(c, 36)) for c in rearranged)) % 97 != 1:
        return "is not a valid IBAN"
    return None


def at_least(count: int) -> Rule:
    """A list with at least ``count`` items."""
    return lambda value: None if len(value) >= count else (
        f"must contain at least {count} item(s)"
    )


# --- lenient converters: tidy what is certainly meant, keep the rest for the check -------

E = TypeVar("E", bound=enum.Enum)
_CENT = Decimal("0.01")


def in_date(value: Any) -> Any:
    """An ISO ``YYYY-MM-DD`` string becomes a ``date``; anything else is kept for the check."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def in_number(value: Any) -> Any:
    """``int``/``str`` numbers become an exact ``Decimal``; anything else is kept."""
    if isinstance(value, bool) or isinstance(value, float):
        return value
    if isinstance(value, (int, str)):
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            return value
    return value


def in_money(value: Any) -> Any:
    """An exact amount with at most two decimals becomes a two-decimal ``Decimal``.

    ``100`` and ``"100.5"`` become ``Decimal("100.00")`` / ``Decimal("100.50")``, so the
    body carries two decimals as the Data validation page asks. Floats and anything else
    are kept unchanged for the check to refuse.
    """
    value = in_number(value)
    if isinstance(value, Decimal) and value.is_finite():
        try:
            if value == value.quantize(_CENT):
                return value.quantize(_CENT)
        except InvalidOperation:
            return value
    return value


def in_code(value: Any) -> Any:
    """Code strings (currency, country, language) are trimmed and upper-cased."""
    return value.strip().upper() if isinstance(value, str) else value


def in_enum(cls: type[E], value: Any) -> Any:
    """A non-empty string becomes a value of the open enum ``cls``, trimmed and otherwise
    kept as given (``"female"`` is sent as ``"female"``; ``member`` tells which documented
    value it matches)."""
    if isinstance(value, str) and not isinstance(value, enum.Enum) and value.strip():
        return cls(value.strip())
    return value
