"""Collection API request bodies (claims.md), checked as a whole when they are sent.

``claims.create`` and the other writes check the body first, as every request of the SDK
is checked (``models._validate``); ``validate()`` on a request or any of its parts runs
the same check at once. A failed check raises ``ConfirmaValueError`` naming the field by
its wire path from the body's root: ``payment.paymentNumber``,
``claim.customer.addresses[0].countryCode``,
``claim.contracts[1].invoices[0].invoiceNumber`` (a part checked on its own starts at its
own name: ``address.countryCode``). Nothing is sent. Limits follow claims.md:
identifiers at most 40 characters, descriptions 256, amounts positive with at most two
decimals and 12 characters, ISO 4217 currencies, ISO dates. Enum values are accepted in
any case and sent as given.

The API's de-duplication keys, ``paymentNumber`` and ``creditWaiverNumber``, are
*required* here although the API makes them optional: with them a re-sent write is
processed only once by the agency.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from attrs import field, frozen

from .._base import OpenEnum
from .._validate import (
    RequestModel,
    Rule,
    at_least,
    in_code,
    in_date,
    in_enum,
    in_number,
    is_bic,
    is_country,
    is_currency,
    is_email,
    is_iban,
    is_known,
    is_language,
    is_number,
    is_text,
    not_before,
    rule,
)
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



# --- converters: typed for the constructors; they tidy, never refuse ----------------------


def _to_decimal(value: Decimal | int | str) -> Decimal:
    return in_number(value)  # type: ignore[no-any-return]


def _to_opt_decimal(value: Decimal | int | str | None) -> Decimal | None:
    return in_number(value)  # type: ignore[no-any-return]


def _to_date(value: dt.date | str) -> dt.date:
    return in_date(value)  # type: ignore[no-any-return]


def _to_opt_date(value: dt.date | str | None) -> dt.date | None:
    return in_date(value)  # type: ignore[no-any-return]


def _to_code(value: str) -> str:
    return in_code(value)  # type: ignore[no-any-return]


def _to_opt_code(value: str | None) -> str | None:
    return in_code(value)  # type: ignore[no-any-return]


def _to_iban(value: str) -> str:
    return value.replace(" ", "").strip().upper() if isinstance(value, str) else value


def _to_opt_lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


def _to_gender(value: Gender | str | None) -> Gender | None:
    return in_enum(Gender, value)  # type: ignore[no-any-return]


def _to_customer_type(value: CustomerType | str) -> CustomerType:
    return in_enum(CustomerType, value)  # type: ignore[no-any-return]


def _to_address_type(value: AddressType | str | None) -> AddressType | None:
    return in_enum(AddressType, value)  # type: ignore[no-any-return]


def _to_channel_type(value: CommunicationChannelType | str) -> CommunicationChannelType:
    return in_enum(CommunicationChannelType, value)  # type: ignore[no-any-return]


def _to_contact_type(value: ReferenceContactType | str | None) -> ReferenceContactType | None:
    return in_enum(ReferenceContactType, value)  # type: ignore[no-any-return]


def _to_interest_type(
    value: InterestCalculationType | str | None,
) -> InterestCalculationType | None:
    return in_enum(InterestCalculationType, value)  # type: ignore[no-any-return]


def _to_claim_type(value: ClaimType | str | None) -> ClaimType | None:
    return in_enum(ClaimType, value)  # type: ignore[no-any-return]


def _to_cost_type(value: CostType | str) -> CostType:
    return in_enum(CostType, value)  # type: ignore[no-any-return]


def _to_allocate_to(value: AllocateTo | str | None) -> AllocateTo | None:
    return in_enum(AllocateTo, value)  # type: ignore[no-any-return]


def _to_recall_type(value: RecallType | str | None) -> RecallType | None:
    return in_enum(RecallType, value)  # type: ignore[no-any-return]


# --- the rules of claims.md -----------------------------------------------------------------


def _text(max_length: int) -> Rule:
    # Every text the API takes has content; identifiers (40 characters) are one line.
    return is_text(max_length, non_empty=True, single_line=max_length <= _ID_MAX)


_id = _text(_ID_MAX)
_description = _text(_DESCRIPTION_MAX)
_amount = is_number(places=2, positive=True, max_chars=_AMOUNT_MAX_CHARS)
_rate = is_number(non_negative=True, at_most=100, max_chars=_AMOUNT_MAX_CHARS)


def _optional(*checks: Rule) -> dict[str, Any]:
    """An optional field: ``None`` (or an empty list) by default, left out of the body."""
    return rule(*checks, omit=True)


# --- the claim body (POST /v1/claims) ---------------------------------------------------


@frozen(kw_only=True)
class ClaimAddress(RequestModel):
    """A postal address of the customer or a reference contact."""

    _root: ClassVar[str] = "address"

    street: str | None = field(default=None, metadata=_optional(_text(256)), repr=False)
    house_number: str | None = field(default=None, metadata=_optional(_text(40)), repr=False)
    zip_code: str | None = field(default=None, metadata=_optional(_text(40)))
    city: str | None = field(default=None, metadata=_optional(_text(256)))
    country_code: str | None = field(
        default=None, converter=_to_opt_code, metadata=_optional(is_country)
    )
    care_of: str | None = field(default=None, metadata=_optional(_text(256)), repr=False)
    type: AddressType | None = field(
        default=None, converter=_to_address_type, metadata=_optional()
    )


@frozen(kw_only=True)
class ClaimCommunicationChannel(RequestModel):
    """A phone number or e-mail address (``type`` + ``value``)."""

    _root: ClassVar[str] = "communicationChannel"

    type: CommunicationChannelType = field(converter=_to_channel_type)
    value: str = field(metadata=rule(_text(256)))

    def cross_check(self) -> tuple[str, str] | None:
        if self.type.member is CommunicationChannelType.EMAIL:
            problem = is_email(self.value)
            if problem is not None:
                return "value", problem
        return None


@frozen(kw_only=True)
class ClaimBankAccount(RequestModel):
    """A bank account of the customer."""

    _root: ClassVar[str] = "bankAccount"

    iban: str = field(converter=_to_iban, metadata=rule(_text(34), is_iban), repr=False)
    bic: str | None = field(default=None, converter=_to_opt_code, metadata=_optional(is_bic))


@frozen(kw_only=True)
class ClaimCustomer(RequestModel):
    """The debtor. A ``PRIVATE`` customer needs ``last_name``, a ``COMPANY`` its name."""

    _root: ClassVar[str] = "customer"

    customer_number: str = field(metadata=rule(_id))
    type: CustomerType = field(converter=_to_customer_type, metadata=rule(is_known))
    first_name: str | None = field(default=None, metadata=_optional(_text(128)), repr=False)
    last_name: str | None = field(default=None, metadata=_optional(_text(256)), repr=False)
    company_name: str | None = field(default=None, metadata=_optional(_text(256)))
    title: str | None = field(default=None, metadata=_optional(_text(32)))
    gender: Gender | None = field(
        default=None, converter=_to_gender, metadata=_optional(is_known)
    )
    date_of_birth: dt.date | None = field(
        default=None, converter=_to_opt_date, metadata=_optional(), repr=False
    )
    date_of_death: dt.date | None = field(
        default=None, converter=_to_opt_date, metadata=_optional(), repr=False
    )
    identification_number: str | None = field(
        default=None, metadata=_optional(_text(128)), repr=False
    )
    segment: str | None = field(default=None, metadata=_optional(_text(70)))
    category: str | None = field(default=None, metadata=_optional(_text(128)))
    preferred_language: str | None = field(
        default=None, converter=_to_opt_lower, metadata=_optional(is_language)
    )
    addresses: list[ClaimAddress] = field(factory=list, metadata=_optional(), repr=False)
    communication_channels: list[ClaimCommunicationChannel] = field(
        factory=list, metadata=_optional(), repr=False
    )
    bank_accounts: list[ClaimBankAccount] = field(
        factory=list, metadata=_optional(), repr=False
    )

    def cross_check(self) -> tuple[str, str] | None:
        if self.type.member is CustomerType.PRIVATE and self.last_name is None:
            return "lastName", "is required for a PRIVATE customer"
        if self.type.member is CustomerType.COMPANY and self.company_name is None:
            return "companyName", "is required for a COMPANY customer"
        return not_before(self, "date_of_birth", "date_of_death")


@frozen(kw_only=True)
class ClaimReferenceContact(RequestModel):
    """A third party known for the case (spouse, lawyer, guardian, ...)."""

    _root: ClassVar[str] = "referenceContact"

    first_name: str | None = field(default=None, metadata=_optional(_text(128)), repr=False)
    last_name: str | None = field(default=None, metadata=_optional(_text(256)), repr=False)
    type: ReferenceContactType | None = field(
        default=None, converter=_to_contact_type, metadata=_optional()
    )
    liable: bool | None = field(default=None, metadata=_optional())
    address: ClaimAddress | None = field(default=None, metadata=_optional(), repr=False)
    communication_channels: list[ClaimCommunicationChannel] = field(
        factory=list, metadata=_optional(), repr=False
    )


@frozen(kw_only=True)
class InterestCalculationRequest(RequestModel):
    """How the client calculated interest on an invoice."""

    _root: ClassVar[str] = "interestCalculation"

    type: InterestCalculationType | None = field(
        default=None, converter=_to_interest_type, metadata=_optional()
    )
    rate: Decimal | None = field(
        default=None, converter=_to_opt_decimal, metadata=_optional(_rate)
    )
    last_calculation_date: dt.date | None = field(
        default=None, converter=_to_opt_date, metadata=_optional()
    )


@frozen(kw_only=True)
class ClaimInvoiceRequest(RequestModel):
    """One invoice of a contract: the principal claim."""

    _root: ClassVar[str] = "invoice"

    invoice_number: str = field(metadata=rule(_id))
    invoice_date: dt.date = field(converter=_to_date)
    remaining_amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    original_amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    currency: str = field(converter=_to_code, metadata=rule(is_currency))
    reference_number: str | None = field(default=None, metadata=_optional(_id))
    tax_rate: Decimal | None = field(
        default=None, converter=_to_opt_decimal, metadata=_optional(_rate)
    )
    due_date: dt.date | None = field(default=None, converter=_to_opt_date, metadata=_optional())
    placement_date: dt.date | None = field(
        default=None, converter=_to_opt_date, metadata=_optional()
    )
    interest_calculation: InterestCalculationRequest | None = field(
        default=None, metadata=_optional()
    )
    dunning_date: dt.date | None = field(
        default=None, converter=_to_opt_date, metadata=_optional()
    )
    second_dunning_date: dt.date | None = field(
        default=None, converter=_to_opt_date, metadata=_optional()
    )
    claim_type: ClaimType | None = field(
        default=None, converter=_to_claim_type, metadata=_optional(is_known)
    )
    legal_base: str | None = field(default=None, metadata=_optional(_id))
    description: str | None = field(default=None, metadata=_optional(_description))
    disputed: bool | None = field(default=None, metadata=_optional())
    additional_properties: list[AdditionalProperty] = field(factory=list, metadata=_optional())

    def cross_check(self) -> tuple[str, str] | None:
        if self.remaining_amount > self.original_amount:
            return "remainingAmount", "must not exceed originalAmount"
        return not_before(self, "invoice_date", "due_date") or not_before(
            self, "dunning_date", "second_dunning_date"
        )


@frozen(kw_only=True)
class ClaimContract(RequestModel):
    """A contract of the customer with the invoices that form the claim."""

    _root: ClassVar[str] = "contract"

    contract_number: str = field(metadata=rule(_id))
    invoices: list[ClaimInvoiceRequest] = field(metadata=rule(at_least(1)))
    start_date: dt.date | None = field(
        default=None, converter=_to_opt_date, metadata=_optional()
    )
    end_date: dt.date | None = field(default=None, converter=_to_opt_date, metadata=_optional())

    def cross_check(self) -> tuple[str, str] | None:
        return not_before(self, "start_date", "end_date")


@frozen(kw_only=True)
class ClaimCostRequest(RequestModel):
    """A client cost handed over with the claim (reminder fee, chargeback, ...)."""

    _root: ClassVar[str] = "cost"

    type: CostType = field(converter=_to_cost_type, metadata=rule(is_known))
    remaining_amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    original_amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    currency: str = field(converter=_to_code, metadata=rule(is_currency))
    date: dt.date | None = field(default=None, converter=_to_opt_date, metadata=_optional())
    tax_rate: Decimal | None = field(
        default=None, converter=_to_opt_decimal, metadata=_optional(_rate)
    )
    description: str | None = field(default=None, metadata=_optional(_description))
    #: Leave unset when the cost is not tied to one invoice.
    invoice_number: str | None = field(default=None, metadata=_optional(_id))


@frozen(kw_only=True)
class ClaimInterestRequest(RequestModel):
    """Interest the client calculated for an invoice over a period."""

    _root: ClassVar[str] = "interest"

    invoice_number: str = field(metadata=rule(_id))
    remaining_amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    original_amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    currency: str = field(converter=_to_code, metadata=rule(is_currency))
    from_date: dt.date | None = field(
        default=None, converter=_to_opt_date, metadata=_optional()
    )
    to_date: dt.date | None = field(default=None, converter=_to_opt_date, metadata=_optional())
    capitalized: bool | None = field(default=None, metadata=_optional())
    description: str | None = field(default=None, metadata=_optional(_description))

    def cross_check(self) -> tuple[str, str] | None:
        return not_before(self, "from_date", "to_date")


@frozen(kw_only=True)
class ClaimRequest(RequestModel):
    """The body of ``POST /v1/claims``: one customer and at least one contract."""

    _root: ClassVar[str] = "claim"

    customer: ClaimCustomer
    contracts: list[ClaimContract] = field(metadata=rule(at_least(1)))
    reference_contacts: list[ClaimReferenceContact] = field(
        factory=list, metadata=_optional()
    )
    costs: list[ClaimCostRequest] = field(factory=list, metadata=_optional())
    interests: list[ClaimInterestRequest] = field(factory=list, metadata=_optional())
    industry: str | None = field(default=None, metadata=_optional(_text(20)))
    additional_properties: list[AdditionalProperty] = field(factory=list, metadata=_optional())

    def cross_check(self) -> tuple[str, str] | None:
        seen: set[str] = set()
        for c, contract in enumerate(self.contracts):
            for i, invoice in enumerate(contract.invoices):
                if invoice.invoice_number in seen:
                    return f"contracts[{c}].invoices[{i}].invoiceNumber", (
                        "appears twice in this claim"
                    )
                seen.add(invoice.invoice_number)
        return None


# --- writes on an existing claim ---------------------------------------------------------


@frozen(kw_only=True)
class ClaimPaymentRequest(RequestModel):
    """A payment the debtor made to the client (``POST .../payments``).

    ``payment_number`` is required: the agency uses it to process a re-sent payment once.
    """

    _root: ClassVar[str] = "payment"

    invoice_number: str = field(metadata=rule(_id))
    payment_number: str = field(metadata=rule(_id))
    date: dt.date = field(converter=_to_date)
    amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    currency: str = field(converter=_to_code, metadata=rule(is_currency))
    contract_number: str | None = field(default=None, metadata=_optional(_id))
    description: str | None = field(default=None, metadata=_optional(_description))
    allocate_to: AllocateTo | None = field(
        default=None, converter=_to_allocate_to, metadata=_optional(is_known)
    )


@frozen(kw_only=True)
class ClaimCreditWaiverRequest(RequestModel):
    """Debt the client forgives (``POST .../creditWaivers``); one waiver per request.

    ``credit_waiver_number`` is required: the agency uses it to process a re-sent waiver once.
    """

    _root: ClassVar[str] = "creditWaiver"

    invoice_number: str = field(metadata=rule(_id))
    credit_waiver_number: str = field(metadata=rule(_id))
    date: dt.date = field(converter=_to_date)
    amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    currency: str = field(converter=_to_code, metadata=rule(is_currency))
    contract_number: str | None = field(default=None, metadata=_optional(_id))
    description: str | None = field(default=None, metadata=_optional(_description))


@frozen(kw_only=True)
class ClaimRecallRequest(RequestModel):
    """A *partial* recall of one invoice (``POST .../recalls``).

    For a total recall call ``claims.create_recall(claim_number)`` without a request.
    """

    _root: ClassVar[str] = "recall"

    invoice_number: str = field(metadata=rule(_id))
    contract_number: str | None = field(default=None, metadata=_optional(_id))
    type: RecallType | None = field(
        default=None, converter=_to_recall_type, metadata=_optional(is_known)
    )
    date: dt.date | None = field(default=None, converter=_to_opt_date, metadata=_optional())
    description: str | None = field(default=None, metadata=_optional(_description))
    amount: Decimal | None = field(
        default=None, converter=_to_opt_decimal, metadata=_optional(_amount)
    )
    currency: str | None = field(
        default=None, converter=_to_opt_code, metadata=_optional(is_currency)
    )

    def cross_check(self) -> tuple[str, str] | None:
        if self.amount is not None and self.currency is None:
            return "currency", "is required when amount is given"
        return None


@frozen(kw_only=True)
class ClaimCancellationRequest(RequestModel):
    """Cancel an earlier payment or credit waiver (``POST .../accountingDocuments/cancellations``).

    ``reference_number`` is the ``paymentNumber`` or ``creditWaiverNumber`` to cancel.
    """

    _root: ClassVar[str] = "cancellation"

    reference_number: str = field(metadata=rule(_id))
    date: dt.date = field(converter=_to_date)
    amount: Decimal = field(converter=_to_decimal, metadata=rule(_amount))
    currency: str = field(converter=_to_code, metadata=rule(is_currency))
