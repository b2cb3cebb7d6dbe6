"""The debtor and the people around the claim: customer, addresses, communication
channels, bank accounts, reference contacts.

Doc sections: claims.md §4.1 "Customer (debtor)", §4.2 "Address, CommunicationChannel",
§4.3 "ReferenceContact"; public pages
``docs.riverty.com/back_in_flow/documentation/the_customer_object`` and
``.../documentation/the_contact_object``. These are parts of the ``POST /v1/claims``
body (``claims.ClaimRequest``), checked as a whole when it is sent (``models._validate``);
enum values are accepted in any case and sent as given.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from .._base import OpenEnum
from .._validate import (
    RequestModel,
    in_enum,
    is_bic,
    is_country,
    is_email,
    is_iban,
    is_known,
    is_language,
    not_before,
    rule,
)
from ._rules import IDENTIFIER, optional, text, to_opt_code, to_opt_date

__all__ = [
    "Gender",
    "CustomerType",
    "AddressType",
    "CommunicationChannelType",
    "ReferenceContactType",
    "ClaimAddress",
    "ClaimCommunicationChannel",
    "ClaimBankAccount",
    "ClaimCustomer",
    "ClaimReferenceContact",
]


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


@frozen(kw_only=True)
class ClaimAddress(RequestModel):
    """A postal address of the customer or a reference contact.

    Schema "Address" (claims.md §4.2).
    """

    _root: ClassVar[str] = "address"

    street: str | None = field(default=None, metadata=optional(text(256)), repr=False)
    house_number: str | None = field(default=None, metadata=optional(text(40)), repr=False)
    zip_code: str | None = field(default=None, metadata=optional(text(40)))
    city: str | None = field(default=None, metadata=optional(text(256)))
    country_code: str | None = field(
        default=None, converter=to_opt_code, metadata=optional(is_country)
    )
    care_of: str | None = field(default=None, metadata=optional(text(256)), repr=False)
    type: AddressType | None = field(
        default=None, converter=_to_address_type, metadata=optional()
    )


@frozen(kw_only=True)
class ClaimCommunicationChannel(RequestModel):
    """A phone number or e-mail address (``type`` + ``value``).

    Schema "CommunicationChannel" (claims.md §4.2).
    """

    _root: ClassVar[str] = "communicationChannel"

    type: CommunicationChannelType = field(converter=_to_channel_type)
    value: str = field(metadata=rule(text(256)))

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

    iban: str = field(converter=_to_iban, metadata=rule(text(34), is_iban), repr=False)
    bic: str | None = field(default=None, converter=to_opt_code, metadata=optional(is_bic))


@frozen(kw_only=True)
class ClaimCustomer(RequestModel):
    """The debtor. A ``PRIVATE`` customer needs ``last_name``, a ``COMPANY`` its name.

    Schema "Customer" (claims.md §4.1).
    """

    _root: ClassVar[str] = "customer"

    customer_number: str = field(metadata=rule(IDENTIFIER))
    type: CustomerType = field(converter=_to_customer_type, metadata=rule(is_known))
    first_name: str | None = field(default=None, metadata=optional(text(128)), repr=False)
    last_name: str | None = field(default=None, metadata=optional(text(256)), repr=False)
    company_name: str | None = field(default=None, metadata=optional(text(256)))
    title: str | None = field(default=None, metadata=optional(text(32)))
    gender: Gender | None = field(
        default=None, converter=_to_gender, metadata=optional(is_known)
    )
    date_of_birth: dt.date | None = field(
        default=None, converter=to_opt_date, metadata=optional(), repr=False
    )
    date_of_death: dt.date | None = field(
        default=None, converter=to_opt_date, metadata=optional(), repr=False
    )
    identification_number: str | None = field(
        default=None, metadata=optional(text(128)), repr=False
    )
    segment: str | None = field(default=None, metadata=optional(text(70)))
    category: str | None = field(default=None, metadata=optional(text(128)))
    preferred_language: str | None = field(
        default=None, converter=_to_opt_lower, metadata=optional(is_language)
    )
    addresses: list[ClaimAddress] = field(factory=list, metadata=optional(), repr=False)
    communication_channels: list[ClaimCommunicationChannel] = field(
        factory=list, metadata=optional(), repr=False
    )
    bank_accounts: list[ClaimBankAccount] = field(
        factory=list, metadata=optional(), repr=False
    )

    def cross_check(self) -> tuple[str, str] | None:
        if self.type.member is CustomerType.PRIVATE and self.last_name is None:
            return "lastName", "is required for a PRIVATE customer"
        if self.type.member is CustomerType.COMPANY and self.company_name is None:
            return "companyName", "is required for a COMPANY customer"
        return not_before(self, "date_of_birth", "date_of_death")


@frozen(kw_only=True)
class ClaimReferenceContact(RequestModel):
    """A third party known for the case (spouse, lawyer, guardian, ...).

    Schema "ReferenceContact" (claims.md §4.3).
    """

    _root: ClassVar[str] = "referenceContact"

    first_name: str | None = field(default=None, metadata=optional(text(128)), repr=False)
    last_name: str | None = field(default=None, metadata=optional(text(256)), repr=False)
    type: ReferenceContactType | None = field(
        default=None, converter=_to_contact_type, metadata=optional()
    )
    liable: bool | None = field(default=None, metadata=optional())
    address: ClaimAddress | None = field(default=None, metadata=optional(), repr=False)
    communication_channels: list[ClaimCommunicationChannel] = field(
        factory=list, metadata=optional(), repr=False
    )
