"""Operations: the e-invoicing (Finvoice) registry records of a Finnish company.

Doc section: operations.md "Retrieve Finvoice Credentials" (the reference could not read
the page). Source: the Operations overview page
(``developer-partnerapi.confirmafinance.com/overview-363582m0``, section "Retrieve Finvoice
Credentials"): the call takes a Finnish Business ID (Y-tunnus); "the response is always
returned as an array of records", one per registered e-invoicing address, each with
``eInvoiceAddressName``, ``eInvoiceAddress``, ``eInvoiceAddressType``,
``eInvoiceOperatorId``, ``eInvoiceOperatorName`` and ``lastModified``. The page shows
no JSON example, so no field is documented as nullable.
"""

from __future__ import annotations

import re
from datetime import datetime

from attrs import frozen

__all__ = ["FinvoiceCredential", "business_id_problem"]

_BUSINESS_ID = re.compile(r"(\d{7})-(\d)")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_problem(value: object) -> str | None:
    """Why ``value`` is not a Finnish Business ID (``NNNNNNN-N`` with its mod-11 check
    digit), or ``None`` when it is one.
    """
    if not isinstance(value, str):
        return "must be a string such as '0737546-2'"
    match = _BUSINESS_ID.fullmatch(value)
    if match is None:
        return "must have the form NNNNNNN-N (seven digits, a hyphen, the check digit)"
    digits, check = match.groups()
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
    if remainder == 1:  # no check digit exists for these seven digits
        return "is not a valid Business ID (no check digit fits its digits)"
    if int(check) != (0 if remainder == 0 else 11 - remainder):
        return "has a wrong check digit"
    return None


@frozen(kw_only=True)
class FinvoiceCredential:
    """One registered e-invoicing address of a company (one item of the response array).

    Required: the address, its type and its operator, without which the record cannot
    be used to send an e-invoice; the names and ``last_modified`` may be missing.

    Schema "Finvoice Credentials Response" (operations.md), of which this is one item.
    """

    #: Name of the recipient organisation as registered.
    e_invoice_address_name: str | None = None
    #: The e-invoicing address (an EDI code or an IBAN-based identifier).
    e_invoice_address: str
    #: The address format, e.g. ``EDI`` or ``IBAN`` (values not enumerated by the docs).
    e_invoice_address_type: str
    #: Identifier of the e-invoicing operator.
    e_invoice_operator_id: str
    #: Name of the operator.
    e_invoice_operator_name: str | None = None
    #: When the registry last changed this record (timezone-aware).
    last_modified: datetime | None = None
