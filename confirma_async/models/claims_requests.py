"""Collection API request bodies, checked when they are built so a bad one never leaves.

A failed check raises ``ConfirmaValueError`` naming the field as ``<object>.<wireName>``
(e.g. ``payment.paymentNumber``, ``address.countryCode``; checks across a whole claim
name the full path, e.g. ``claim.contracts[1].invoices[0].invoiceNumber``). Limits follow
claims.md: identifiers at most 40 characters, descriptions 256, amounts positive with at
most two decimals and 12 characters, ISO 4217 currencies, ISO dates. Enums are sent in
the schema's UPPER_SNAKE spelling whatever case the caller used.

The API's de-duplication keys, ``paymentNumber`` and ``creditWaiverNumber``, are
*required* here although the API makes them optional: with them a re-sent write is
processed only once by the agency.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, NoReturn, TypeVar

import attrs
from attrs import field, frozen

from .._errors import ConfirmaValueError
from .._naming import camel
from ._base import OpenEnum
from ._validate import ISO_3166_ALPHA2, ISO_4217
from .claims import AdditionalProperty, AllocateTo, ClaimType, CostType, InterestCalculationType

__all__ = [
    "Gender",
    "CustomerType",
    "AddressType",
    "CommunicationChannelType",
    "ReferenceContactType",
    "RecallType",
    "ClaimAddress",
    "ClaimCommunicationChannel",
    "ClaimBankAccount",
    "ClaimCustomer",
    "ClaimReferenceContact",
    "InterestCalculationRequest",
    "ClaimInvoiceRequest",
    "ClaimContract",
    "ClaimCostRequest",
    "ClaimInterestRequest",
    "ClaimRequest",
    "ClaimPaymentRequest",
    "ClaimCreditWaiverRequest",
    "ClaimRecallRequest",
    "ClaimCancellationRequest",
]

E = TypeVar("E", bound=OpenEnum)
C = TypeVar("C", bound=type)
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_ID_MAX = 40
_DESCRIPTION_MAX = 256
_AMOUNT_MAX_CHARS = 12


# --- enums the requests use (responses reuse those in .claims) --------------------------


class Gender(OpenEnum):
    """``customer.gender`` of a private customer."""

    MALE = "MALE"
    FEMALE = "FEMALE"
    DIVERSE = "DIVERSE"


class CustomerType(OpenEnum):
    """``customer.type``: a private person or a company."""

    PRIVATE = "PRIVATE"
    COMPANY = "COMPANY"


class AddressType(OpenEnum):
    """Only ``BILLING`` is documented; other values are sent as given."""

    BILLING = "BILLING"


class CommunicationChannelType(OpenEnum):
    """``communicationChannels[].type``: how the customer can be reached."""

    PHONE = "PHONE"
    MOBILE_PHONE = "MOBILE_PHONE"
    EMAIL = "EMAIL"


class ReferenceContactType(OpenEnum):
    """Relation to the customer; the full list is not documented (``LAWYER`` is seen)."""

    SPOUSE = "SPOUSE"
    LAWYER = "LAWYER"


class RecallType(OpenEnum):
    """Why (part of) a claim is recalled."""

    PAYMENT = "PAYMENT"
    CREDIT_WAIVER = "CREDIT_WAIVER"
    INSOLVENCY = "INSOLVENCY"
    COMPANY_LIQUIDATED = "COMPANY_LIQUIDATED"
    RECALL = "RECALL"
    NO_DOCUMENTATION = "NO_DOCUMENTATION"
    CUSTOMER_DECEASED = "CUSTOMER_DECEASED"
    NO_GOODS_OR_SERVICE_TRANSFER = "NO_GOODS_OR_SERVICE_TRANSFER"
    STATUTE_BARRED = "STATUTE_BARRED"
    FRAUD = "FRAUD"
    CUSTOMER_INCAPABLE_OF_CONTRACTING = "CUSTOMER_INCAPABLE_OF_CONTRACTING"
    CUSTOMER_RELOCATED = "CUSTOMER_RELOCATED"
    SECOND_PLACEMENT = "SECOND_PLACEMENT"


# --- error naming ---------------------------------------------------------------------


def _where(instance: Any, attribute: attrs.Attribute[Any] | str) -> str:
    name = attribute if isinstance(attribute, str) else camel(attribute.name)
    return f"{getattr(type(instance), '_prefix', type(instance).__name__)}.{name}"


def _fail(instance: Any, attribute: attrs.Attribute[Any] | str, message: str) -> NoReturn:
    raise ConfirmaValueError(_where(instance, attribute), message)


# --- converters: normalise what the caller may reasonably pass; never raise ------------
# (A value they cannot normalise passes through unchanged and the validator names it.)


def _to_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return value  # type: ignore[return-value]
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value  # type: ignore[return-value]


def _to_opt_decimal(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else _to_decimal(value)


def _to_date(value: dt.date | str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value  # type: ignore[return-value]
    return value


def _to_opt_date(value: dt.date | str | None) -> dt.date | None:
    return None if value is None else _to_date(value)


def _to_code(value: str) -> str:
    return value.strip().upper() if isinstance(value, str) else value


def _to_opt_code(value: str | None) -> str | None:
    return None if value is None else _to_code(value)


def _to_iban(value: str) -> str:
    return value.replace(" ", "").strip().upper() if isinstance(value, str) else value


def _to_opt_lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


def _enum(cls: type[E], value: Any) -> Any:
    # The text is kept as given (``"female"`` is sent as ``"female"``, as the docs' own
    # example does); ``member`` tells which documented value it matches.
    if isinstance(value, str) and not isinstance(value, OpenEnum) and value.strip():
        return cls(value.strip())
    return value


def _to_gender(value: Gender | str | None) -> Gender | None:
    return _enum(Gender, value)  # type: ignore[no-any-return]


def _to_customer_type(value: CustomerType | str) -> CustomerType:
    return _enum(CustomerType, value)  # type: ignore[no-any-return]


def _to_address_type(value: AddressType | str | None) -> AddressType | None:
    return _enum(AddressType, value)  # type: ignore[no-any-return]


def _to_channel_type(value: CommunicationChannelType | str) -> CommunicationChannelType:
    return _enum(CommunicationChannelType, value)  # type: ignore[no-any-return]


def _to_contact_type(value: ReferenceContactType | str | None) -> ReferenceContactType | None:
    return _enum(ReferenceContactType, value)  # type: ignore[no-any-return]


def _to_interest_type(
    value: InterestCalculationType | str | None,
) -> InterestCalculationType | None:
    return _enum(InterestCalculationType, value)  # type: ignore[no-any-return]


def _to_claim_type(value: ClaimType | str | None) -> ClaimType | None:
    return _enum(ClaimType, value)  # type: ignore[no-any-return]


def _to_cost_type(value: CostType | str) -> CostType:
    return _enum(CostType, value)  # type: ignore[no-any-return]


def _to_allocate_to(value: AllocateTo | str | None) -> AllocateTo | None:
    return _enum(AllocateTo, value)  # type: ignore[no-any-return]


def _to_recall_type(value: RecallType | str | None) -> RecallType | None:
    return _enum(RecallType, value)  # type: ignore[no-any-return]


# --- validators ------------------------------------------------------------------------


def _text(max_len: int, *, required: bool = True) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip():
            _fail(instance, attribute, "must be a non-empty string")
        if len(value) > max_len:
            _fail(instance, attribute, f"must be at most {max_len} characters")
        if any(c in value for c in "\r\n") and max_len <= _ID_MAX:
            _fail(instance, attribute, "must not contain line breaks")

    return check


def _money(*, required: bool = True) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and not required:
            return
        if isinstance(value, float):
            _fail(instance, attribute, "floats are not accepted for money; pass a Decimal")
        if not isinstance(value, Decimal) or not value.is_finite():
            _fail(instance, attribute, "must be a Decimal amount")
        if value <= 0:
            _fail(instance, attribute, "must be positive")
        if value != value.quantize(Decimal("0.01")):
            _fail(instance, attribute, "must have at most two decimals")
        if len(format(value, "f")) > _AMOUNT_MAX_CHARS:
            _fail(instance, attribute, f"must be at most {_AMOUNT_MAX_CHARS} characters long")

    return check


def _rate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        _fail(instance, attribute, "must be a Decimal percentage")
    if not 0 <= value <= 100:
        _fail(instance, attribute, "must be between 0 and 100")
    if len(format(value, "f")) > _AMOUNT_MAX_CHARS:
        _fail(instance, attribute, f"must be at most {_AMOUNT_MAX_CHARS} characters long")


def _date(*, required: bool = True) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and not required:
            return
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            _fail(instance, attribute, "must be a date (or an ISO YYYY-MM-DD string)")

    return check


def _currency(*, required: bool = True) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and not required:
            return
        if value not in ISO_4217:
            _fail(instance, attribute, "must be an ISO 4217 currency code such as EUR")

    return check


def _country(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and value not in ISO_3166_ALPHA2:
        _fail(instance, attribute, "must be an ISO 3166-1 alpha-2 country code such as DE")


_LANGUAGE = re.compile(r"[a-z]{2}\Z")


def _language(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    # The docs cite ISO 3166-1 but show a language code in lower case ("de"): two letters.
    if value is not None and not (isinstance(value, str) and _LANGUAGE.match(value)):
        _fail(instance, attribute, "must be a two-letter code such as de")


def _known(cls: type[OpenEnum], *, required: bool = True) -> Validator:
    allowed = ", ".join(member.value for member in cls)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and not required:
            return
        if not isinstance(value, cls) or not value.is_known:
            _fail(instance, attribute, f"must be one of {allowed}")

    return check


def _open(cls: type[OpenEnum], *, required: bool = True) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and not required:
            return
        if not isinstance(value, cls):
            _fail(instance, attribute, f"must be a {cls.__name__} or a non-empty string")

    return check


def _flag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, bool):
        _fail(instance, attribute, "must be True or False")


def _items(cls: type[Any], *, min_len: int = 0) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, (list, tuple)):
            _fail(instance, attribute, f"must be a list of {cls.__name__}")
        if len(value) < min_len:
            _fail(instance, attribute, f"must contain at least {min_len} item(s)")
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                raise ConfirmaValueError(
                    f"{_where(instance, attribute)}[{index}]", f"must be a {cls.__name__}"
                )

    return check


def _one(cls: type[Any], *, required: bool = True) -> Validator:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and not required:
            return
        if not isinstance(value, cls):
            _fail(instance, attribute, f"must be a {cls.__name__}")

    return check


def _order(instance: Any, first: str, second: str) -> None:
    start, end = getattr(instance, first), getattr(instance, second)
    if start is not None and end is not None and end < start:
        _fail(instance, camel(second), f"must not be before {camel(first)}")


def _builder(cls: C) -> C:
    """Name a missing required field as ``ConfirmaValueError`` (not a bare ``TypeError``)."""
    required = [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]
    init = vars(cls)["__init__"]

    @functools.wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        for name in required:
            if name not in kwargs and not args:
                _fail(self, camel(name), "is required")
        init(self, *args, **kwargs)

    cls.__init__ = __init__  # type: ignore[misc]
    return cls


# Optional fields are left out of the JSON body when unset.
_OMIT = {"omit_if_default": True}


# --- the claim body (POST /v1/claims) ---------------------------------------------------


@_builder
@frozen(kw_only=True)
class ClaimAddress:
    """A postal address of the customer or a reference contact."""

    _prefix: ClassVar[str] = "address"

    street: str | None = field(
        default=None, validator=_text(256, required=False), metadata=_OMIT, repr=False
    )
    house_number: str | None = field(
        default=None, validator=_text(40, required=False), metadata=_OMIT, repr=False
    )
    zip_code: str | None = field(default=None, validator=_text(40, required=False), metadata=_OMIT)
    city: str | None = field(default=None, validator=_text(256, required=False), metadata=_OMIT)
    country_code: str | None = field(
        default=None, converter=_to_opt_code, validator=_country, metadata=_OMIT
    )
    care_of: str | None = field(
        default=None, validator=_text(256, required=False), metadata=_OMIT, repr=False
    )
    type: AddressType | None = field(
        default=None,
        converter=_to_address_type,
        validator=_open(AddressType, required=False),
        metadata=_OMIT,
    )


@_builder
@frozen(kw_only=True)
class ClaimCommunicationChannel:
    """A phone number or e-mail address (``type`` + ``value``)."""

    _prefix: ClassVar[str] = "communicationChannel"

    type: CommunicationChannelType = field(
        converter=_to_channel_type, validator=_open(CommunicationChannelType)
    )
    value: str = field(validator=_text(256))

    def __attrs_post_init__(self) -> None:
        if self.type.member is CommunicationChannelType.EMAIL and not re.fullmatch(
            r"[^@\s]+@[^@\s]+\.[^@\s]+", self.value
        ):
            _fail(self, "value", "must be an e-mail address")


@_builder
@frozen(kw_only=True)
class ClaimBankAccount:
    """A bank account of the customer."""

    _prefix: ClassVar[str] = "bankAccount"

    iban: str = field(converter=_to_iban, validator=_text(34), repr=False)
    bic: str | None = field(default=None, converter=_to_opt_code, metadata=_OMIT)

    def __attrs_post_init__(self) -> None:
        iban = self.iban
        if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban) or _iban_mod97(iban) != 1:
            _fail(self, "iban", "is not a valid IBAN")
        if self.bic is not None and not _BIC.fullmatch(self.bic):
            _fail(self, "bic", "must be an 8 or 11 character BIC")


_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")


def _iban_mod97(iban: str) -> int:
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97


@_builder
@frozen(kw_only=True)
class ClaimCustomer:
    """The debtor. A ``PRIVATE`` customer needs ``last_name``, a ``COMPANY`` its name."""

    _prefix: ClassVar[str] = "customer"

    customer_number: str = field(validator=_text(_ID_MAX))
    type: CustomerType = field(converter=_to_customer_type, validator=_known(CustomerType))
    first_name: str | None = field(
        default=None, validator=_text(128, required=False), metadata=_OMIT, repr=False
    )
    last_name: str | None = field(
        default=None, validator=_text(256, required=False), metadata=_OMIT, repr=False
    )
    company_name: str | None = field(
        default=None, validator=_text(256, required=False), metadata=_OMIT
    )
    title: str | None = field(default=None, validator=_text(32, required=False), metadata=_OMIT)
    gender: Gender | None = field(
        default=None,
        converter=_to_gender,
        validator=_known(Gender, required=False),
        metadata=_OMIT,
    )
    date_of_birth: dt.date | None = field(
        default=None,
        converter=_to_opt_date,
        validator=_date(required=False),
        metadata=_OMIT,
        repr=False,
    )
    date_of_death: dt.date | None = field(
        default=None,
        converter=_to_opt_date,
        validator=_date(required=False),
        metadata=_OMIT,
        repr=False,
    )
    identification_number: str | None = field(
        default=None, validator=_text(128, required=False), metadata=_OMIT, repr=False
    )
    segment: str | None = field(default=None, validator=_text(70, required=False), metadata=_OMIT)
    category: str | None = field(
        default=None, validator=_text(128, required=False), metadata=_OMIT
    )
    preferred_language: str | None = field(
        default=None, converter=_to_opt_lower, validator=_language, metadata=_OMIT
    )
    addresses: list[ClaimAddress] = field(
        factory=list, validator=_items(ClaimAddress), metadata=_OMIT, repr=False
    )
    communication_channels: list[ClaimCommunicationChannel] = field(
        factory=list, validator=_items(ClaimCommunicationChannel), metadata=_OMIT, repr=False
    )
    bank_accounts: list[ClaimBankAccount] = field(
        factory=list, validator=_items(ClaimBankAccount), metadata=_OMIT, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if self.type.member is CustomerType.PRIVATE and self.last_name is None:
            _fail(self, "lastName", "is required for a PRIVATE customer")
        if self.type.member is CustomerType.COMPANY and self.company_name is None:
            _fail(self, "companyName", "is required for a COMPANY customer")
        _order(self, "date_of_birth", "date_of_death")


@_builder
@frozen(kw_only=True)
class ClaimReferenceContact:
    """A third party known for the case (spouse, lawyer, guardian, ...)."""

    _prefix: ClassVar[str] = "referenceContact"

    first_name: str | None = field(
        default=None, validator=_text(128, required=False), metadata=_OMIT, repr=False
    )
    last_name: str | None = field(
        default=None, validator=_text(256, required=False), metadata=_OMIT, repr=False
    )
    type: ReferenceContactType | None = field(
        default=None,
        converter=_to_contact_type,
        validator=_open(ReferenceContactType, required=False),
        metadata=_OMIT,
    )
    liable: bool | None = field(default=None, validator=_flag, metadata=_OMIT)
    address: ClaimAddress | None = field(
        default=None, validator=_one(ClaimAddress, required=False), metadata=_OMIT, repr=False
    )
    communication_channels: list[ClaimCommunicationChannel] = field(
        factory=list, validator=_items(ClaimCommunicationChannel), metadata=_OMIT, repr=False
    )


@_builder
@frozen(kw_only=True)
class InterestCalculationRequest:
    """How the client calculated interest on an invoice."""

    _prefix: ClassVar[str] = "interestCalculation"

    type: InterestCalculationType | None = field(
        default=None,
        converter=_to_interest_type,
        validator=_open(InterestCalculationType, required=False),
        metadata=_OMIT,
    )
    rate: Decimal | None = field(
        default=None, converter=_to_opt_decimal, validator=_rate, metadata=_OMIT
    )
    last_calculation_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )


@_builder
@frozen(kw_only=True)
class ClaimInvoiceRequest:
    """One invoice of a contract: the principal claim."""

    _prefix: ClassVar[str] = "invoice"

    invoice_number: str = field(validator=_text(_ID_MAX))
    invoice_date: dt.date = field(converter=_to_date, validator=_date())
    remaining_amount: Decimal = field(converter=_to_decimal, validator=_money())
    original_amount: Decimal = field(converter=_to_decimal, validator=_money())
    currency: str = field(converter=_to_code, validator=_currency())
    reference_number: str | None = field(
        default=None, validator=_text(_ID_MAX, required=False), metadata=_OMIT
    )
    tax_rate: Decimal | None = field(
        default=None, converter=_to_opt_decimal, validator=_rate, metadata=_OMIT
    )
    due_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    placement_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    interest_calculation: InterestCalculationRequest | None = field(
        default=None, validator=_one(InterestCalculationRequest, required=False), metadata=_OMIT
    )
    dunning_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    second_dunning_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    claim_type: ClaimType | None = field(
        default=None,
        converter=_to_claim_type,
        validator=_known(ClaimType, required=False),
        metadata=_OMIT,
    )
    legal_base: str | None = field(
        default=None, validator=_text(_ID_MAX, required=False), metadata=_OMIT
    )
    description: str | None = field(
        default=None, validator=_text(_DESCRIPTION_MAX, required=False), metadata=_OMIT
    )
    disputed: bool | None = field(default=None, validator=_flag, metadata=_OMIT)
    additional_properties: list[AdditionalProperty] = field(
        factory=list, validator=_items(AdditionalProperty), metadata=_OMIT
    )

    def __attrs_post_init__(self) -> None:
        if self.remaining_amount > self.original_amount:
            _fail(self, "remainingAmount", "must not exceed originalAmount")
        _order(self, "invoice_date", "due_date")
        _order(self, "dunning_date", "second_dunning_date")


@_builder
@frozen(kw_only=True)
class ClaimContract:
    """A contract of the customer with the invoices that form the claim."""

    _prefix: ClassVar[str] = "contract"

    contract_number: str = field(validator=_text(_ID_MAX))
    invoices: list[ClaimInvoiceRequest] = field(validator=_items(ClaimInvoiceRequest, min_len=1))
    start_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    end_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )

    def __attrs_post_init__(self) -> None:
        _order(self, "start_date", "end_date")


@_builder
@frozen(kw_only=True)
class ClaimCostRequest:
    """A client cost handed over with the claim (reminder fee, chargeback, ...)."""

    _prefix: ClassVar[str] = "cost"

    type: CostType = field(converter=_to_cost_type, validator=_known(CostType))
    remaining_amount: Decimal = field(converter=_to_decimal, validator=_money())
    original_amount: Decimal = field(converter=_to_decimal, validator=_money())
    currency: str = field(converter=_to_code, validator=_currency())
    date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    tax_rate: Decimal | None = field(
        default=None, converter=_to_opt_decimal, validator=_rate, metadata=_OMIT
    )
    description: str | None = field(
        default=None, validator=_text(_DESCRIPTION_MAX, required=False), metadata=_OMIT
    )
    #: Leave unset when the cost is not tied to one invoice.
    invoice_number: str | None = field(
        default=None, validator=_text(_ID_MAX, required=False), metadata=_OMIT
    )


@_builder
@frozen(kw_only=True)
class ClaimInterestRequest:
    """Interest the client calculated for an invoice over a period."""

    _prefix: ClassVar[str] = "interest"

    invoice_number: str = field(validator=_text(_ID_MAX))
    remaining_amount: Decimal = field(converter=_to_decimal, validator=_money())
    original_amount: Decimal = field(converter=_to_decimal, validator=_money())
    currency: str = field(converter=_to_code, validator=_currency())
    from_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    to_date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    capitalized: bool | None = field(default=None, validator=_flag, metadata=_OMIT)
    description: str | None = field(
        default=None, validator=_text(_DESCRIPTION_MAX, required=False), metadata=_OMIT
    )

    def __attrs_post_init__(self) -> None:
        _order(self, "from_date", "to_date")


@_builder
@frozen(kw_only=True)
class ClaimRequest:
    """The body of ``POST /v1/claims``: one customer and at least one contract."""

    _prefix: ClassVar[str] = "claim"

    customer: ClaimCustomer = field(validator=_one(ClaimCustomer))
    contracts: list[ClaimContract] = field(validator=_items(ClaimContract, min_len=1))
    reference_contacts: list[ClaimReferenceContact] = field(
        factory=list, validator=_items(ClaimReferenceContact), metadata=_OMIT
    )
    costs: list[ClaimCostRequest] = field(
        factory=list, validator=_items(ClaimCostRequest), metadata=_OMIT
    )
    interests: list[ClaimInterestRequest] = field(
        factory=list, validator=_items(ClaimInterestRequest), metadata=_OMIT
    )
    industry: str | None = field(default=None, validator=_text(20, required=False), metadata=_OMIT)
    additional_properties: list[AdditionalProperty] = field(
        factory=list, validator=_items(AdditionalProperty), metadata=_OMIT
    )

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for c, contract in enumerate(self.contracts):
            for i, invoice in enumerate(contract.invoices):
                if invoice.invoice_number in seen:
                    raise ConfirmaValueError(
                        f"claim.contracts[{c}].invoices[{i}].invoiceNumber",
                        "appears twice in this claim",
                    )
                seen.add(invoice.invoice_number)


# --- writes on an existing claim ---------------------------------------------------------


@_builder
@frozen(kw_only=True)
class ClaimPaymentRequest:
    """A payment the debtor made to the client (``POST .../payments``).

    ``payment_number`` is required: the agency uses it to process a re-sent payment once.
    """

    _prefix: ClassVar[str] = "payment"

    invoice_number: str = field(validator=_text(_ID_MAX))
    payment_number: str = field(validator=_text(_ID_MAX))
    date: dt.date = field(converter=_to_date, validator=_date())
    amount: Decimal = field(converter=_to_decimal, validator=_money())
    currency: str = field(converter=_to_code, validator=_currency())
    contract_number: str | None = field(
        default=None, validator=_text(_ID_MAX, required=False), metadata=_OMIT
    )
    description: str | None = field(
        default=None, validator=_text(_DESCRIPTION_MAX, required=False), metadata=_OMIT
    )
    allocate_to: AllocateTo | None = field(
        default=None,
        converter=_to_allocate_to,
        validator=_known(AllocateTo, required=False),
        metadata=_OMIT,
    )


@_builder
@frozen(kw_only=True)
class ClaimCreditWaiverRequest:
    """Debt the client forgives (``POST .../creditWaivers``); one waiver per request.

    ``credit_waiver_number`` is required: the agency uses it to process a re-sent waiver once.
    """

    _prefix: ClassVar[str] = "creditWaiver"

    invoice_number: str = field(validator=_text(_ID_MAX))
    credit_waiver_number: str = field(validator=_text(_ID_MAX))
    date: dt.date = field(converter=_to_date, validator=_date())
    amount: Decimal = field(converter=_to_decimal, validator=_money())
    currency: str = field(converter=_to_code, validator=_currency())
    contract_number: str | None = field(
        default=None, validator=_text(_ID_MAX, required=False), metadata=_OMIT
    )
    description: str | None = field(
        default=None, validator=_text(_DESCRIPTION_MAX, required=False), metadata=_OMIT
    )


@_builder
@frozen(kw_only=True)
class ClaimRecallRequest:
    """A *partial* recall of one invoice (``POST .../recalls``).

    For a total recall call ``claims.create_recall(claim_number)`` without a request.
    """

    _prefix: ClassVar[str] = "recall"

    invoice_number: str = field(validator=_text(_ID_MAX))
    contract_number: str | None = field(
        default=None, validator=_text(_ID_MAX, required=False), metadata=_OMIT
    )
    type: RecallType | None = field(
        default=None,
        converter=_to_recall_type,
        validator=_known(RecallType, required=False),
        metadata=_OMIT,
    )
    date: dt.date | None = field(
        default=None, converter=_to_opt_date, validator=_date(required=False), metadata=_OMIT
    )
    description: str | None = field(
        default=None, validator=_text(_DESCRIPTION_MAX, required=False), metadata=_OMIT
    )
    amount: Decimal | None = field(
        default=None, converter=_to_opt_decimal, validator=_money(required=False), metadata=_OMIT
    )
    currency: str | None = field(
        default=None, converter=_to_opt_code, validator=_currency(required=False), metadata=_OMIT
    )

    def __attrs_post_init__(self) -> None:
        if self.amount is not None and self.currency is None:
            _fail(self, "currency", "is required when amount is given")


@_builder
@frozen(kw_only=True)
class ClaimCancellationRequest:
    """Cancel an earlier payment or credit waiver (``POST .../accountingDocuments/cancellations``).

    ``reference_number`` is the ``paymentNumber`` or ``creditWaiverNumber`` to cancel.
    """

    _prefix: ClassVar[str] = "cancellation"

    reference_number: str = field(validator=_text(_ID_MAX))
    date: dt.date = field(converter=_to_date, validator=_date())
    amount: Decimal = field(converter=_to_decimal, validator=_money())
    currency: str = field(converter=_to_code, validator=_currency())
