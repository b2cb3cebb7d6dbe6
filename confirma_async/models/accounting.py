"""Accounting add-on: ledger, payment and invoice submissions and their sync status.

Doc sections: accounting.md §1 "Accounting invoice", §2 "Submit ledger", §3 "Ledger
status", §4 "Submit payments", §5 "Payment status", and the Accounting models of
schemas.md §5; public pages ``ledger-4083702e0``, ``ledger-4083704e0``,
``payment-4083705e0`` and ``payment-4083707e0``.

Quirks kept as the wire has them: the ledger POST body carries ``ledgers`` as one
*object* while the status response carries an *array*; ``isVatRow`` is an integer 0/1
(``VatRowFlag``, built from a bool or 0/1); invoice numbers are strings; sync status
codes are an open integer enum (``0`` pending, ``1`` synced, the failed code unknown).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any, ClassVar

from attrs import define, field, frozen

from ._base import OpenEnum
from ._validate import (
    RequestModel,
    in_code,
    in_date,
    in_enum,
    in_money,
    in_number,
    is_currency,
    is_money,
    is_number,
    is_text,
    rule,
)

__all__ = [
    "DocumentType",
    "CalculationMode",
    "DimensionType",
    "TargetIdentifier",
    "VatRowFlag",
    "SyncStatus",
    "LedgerDimension",
    "LedgerRow",
    "LedgerDocument",
    "AccountingPayment",
    "LedgerStatus",
    "LedgerStatusReport",
    "PaymentStatus",
    "PaymentStatusReport",
    "InvoiceStatus",
    "InvoiceStatusReport",
]


class DocumentType(OpenEnum):
    """``documentType``; the docs show ``ML`` (meaning not documented)."""

    ML = "ML"


class CalculationMode(OpenEnum):
    """``calculationMode``; the docs show ``GROSS`` (``NET`` is inferred)."""

    GROSS = "GROSS"
    NET = "NET"


class DimensionType(OpenEnum):
    """``ledgerDimensions[].dimensionType``; the docs show ``COST_CENTER``."""

    COST_CENTER = "COST_CENTER"


class TargetIdentifier(OpenEnum):
    """How a payment is matched in the accounting system; the docs show ``invoicenumber``."""

    INVOICE_NUMBER = "invoicenumber"


class VatRowFlag(enum.IntEnum):
    """``isVatRow``: an integer flag on the wire, not a JSON boolean."""

    NO = 0
    YES = 1


class SyncStatus(enum.IntEnum):
    """Sync status code of the status endpoints. Open: an unknown code (such as the
    undocumented *failed* code) becomes a member named ``UNKNOWN`` keeping its value.
    """

    PENDING = 0
    SYNCED = 1

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        pseudo = int.__new__(cls, value)
        pseudo._name_ = "UNKNOWN"
        pseudo._value_ = value
        return pseudo

    @property
    def is_known(self) -> bool:
        """False for a code the SDK did not know when it was released."""
        return self._name_ != "UNKNOWN"


def _document_type(value: Any) -> Any:
    return in_enum(DocumentType, value)


def _calculation_mode(value: Any) -> Any:
    return in_enum(CalculationMode, value)


def _dimension_type(value: Any) -> Any:
    return in_enum(DimensionType, value)


def _target_identifier(value: Any) -> Any:
    return in_enum(TargetIdentifier, value)


def _vat_flag(value: Any) -> Any:
    if isinstance(value, bool) or (type(value) is int and value in (0, 1)):
        return VatRowFlag(int(value))
    return value


def _invoice_number_text(value: Any) -> Any:
    # Invoice numbers are strings on the accounting wire; an int is written as its digits.
    if type(value) is int:
        return str(value)
    return value


def _sync_status(value: Any) -> Any:
    return SyncStatus(value) if type(value) is int else value


_name = is_text(non_empty=True)
_percentage = is_number(places=4)


@define(kw_only=True)
class LedgerDimension(RequestModel):
    """An extra dimension of a ledger row (``COST_CENTER`` = ``"1000"``)."""

    dimension_type: DimensionType = field(converter=_dimension_type)
    dimension_value: str = field(metadata=rule(_name))


@define(kw_only=True)
class LedgerRow(RequestModel):
    """One posting. Amounts are signed (debit positive, credit negative) ``Decimal`` with
    two decimals; ``is_vat_row`` marks the VAT posting and is sent as 0/1.

    Schema "LedgerRow" (schemas.md §5).
    """

    booking_date: dt.date = field(converter=in_date)
    account_number: str = field(metadata=rule(_name))
    vat_account_number: str | None = None
    vat_type: str | None = None
    vat_percentage: Decimal = field(
        default=Decimal(0), converter=in_number, metadata=rule(_percentage)
    )
    vat_code: str = ""
    amount: Decimal = field(converter=in_money, metadata=rule(is_money))
    net_amount: Decimal = field(converter=in_money, metadata=rule(is_money))
    is_vat_row: VatRowFlag = field(default=VatRowFlag.NO, converter=_vat_flag)
    project_number: str | None = None
    transaction_type: str | None = None
    transaction_description: str | None = None
    ledger_dimensions: list[LedgerDimension] = field(factory=list)


@define(kw_only=True)
class LedgerDocument(RequestModel):
    """The document sent as ``{"ledgers": {...}}`` by ``accounting.submit_ledger`` (so
    ``validate()`` names fields from ``ledgers``: ``ledgers.ledgerRows[1].amount``).

    ``ledger_identifier`` is your id; the status endpoint reports it as
    ``sourceIdentifier`` [inferred]. ``document_description`` holds at most 210
    characters (stated in the docs' example).

    Schema "LedgerDocument" (schemas.md §5).
    """

    ledger_identifier: str = field(metadata=rule(_name))
    company_identifier: str = field(metadata=rule(_name))
    document_type: DocumentType = field(converter=_document_type)
    document_name: str = field(metadata=rule(_name))
    document_date: dt.date = field(converter=in_date)
    document_description: str = field(default="", metadata=rule(is_text(max_length=210)))
    calculation_mode: CalculationMode = field(converter=_calculation_mode)
    ledger_rows: list[LedgerRow] = field(factory=list)

    _root: ClassVar[str] = "ledgers"


@define(kw_only=True)
class AccountingPayment(RequestModel):
    """One item of ``{"payments": [...]}`` for ``accounting.submit_payments``.

    The example is cut after ``sourceName``; further fields (allocation detail) were not
    captured. ``invoice_number`` is a string on this wire (an int is written as digits).

    Schema "AccountingPayment" (schemas.md §5).
    """

    payment_identifier: str = field(metadata=rule(_name))
    invoice_number: str = field(converter=_invoice_number_text, metadata=rule(_name))
    payment_date: dt.date = field(converter=in_date)
    booking_date: dt.date | None = field(default=None, converter=in_date)
    amount: Decimal = field(converter=in_money, metadata=rule(is_money))
    currency: str = field(converter=in_code, metadata=rule(is_currency))
    target_identifier: TargetIdentifier = field(
        default=TargetIdentifier.INVOICE_NUMBER,
        converter=_target_identifier,
    )
    payment_reference: str | None = None
    source_name: str | None = None


@frozen(kw_only=True)
class LedgerStatus:
    """Sync state of one submitted ledger document.

    Required: the document's identifier, date and name and the ``status`` code, shown
    non-null in the documented example. ``document_status`` (the target system's state;
    the example is a synced document), ``sync_date`` and the ``description`` label may
    be missing.

    Schema "LedgerStatus" (schemas.md §5).
    """

    source_identifier: str
    document_date: dt.date
    document_name: str
    document_status: str | None = None
    sync_date: dt.date | None = None
    status: SyncStatus = field(converter=_sync_status)
    description: str | None = None


@frozen
class LedgerStatusReport:
    """``{"ledgers": [...]}`` (an array here); empty when the server answers 204.

    Schema "LedgerStatusResponse" (schemas.md §5).
    """

    ledgers: list[LedgerStatus] = field(factory=list)


@frozen(kw_only=True)
class PaymentStatus:
    """Sync state of one submitted payment (``syncDate`` is ``null`` while pending).

    Required: the payment's identifier, invoice number and date and the ``status`` code,
    non-null in every documented record; ``sync_date`` and ``description`` may be missing.

    Schema "PaymentStatus" (schemas.md §5).
    """

    source_identifier: str
    invoice_number: str
    payment_date: dt.date
    sync_date: dt.date | None = None
    status: SyncStatus = field(converter=_sync_status)
    description: str | None = None


@frozen
class PaymentStatusReport:
    """``{"payments": [...]}``; empty when the server answers without a body.

    Schema "PaymentStatusResponse" (schemas.md §5).
    """

    payments: list[PaymentStatus] = field(factory=list)


@frozen
class InvoiceStatus:
    """Sync state of one invoice sent to the accounting system.

    INFERRED as a whole: the accounting introduction promises a status endpoint for every
    data type, but the invoice status page was not captured. The fields are modelled on
    the payment status (``invoiceNumber``, ``syncDate``, ``status``, ``description``,
    ``sourceIdentifier``) and are all optional; unknown fields are ignored.
    """

    source_identifier: str | None = None
    invoice_number: str | None = None
    sync_date: dt.date | None = None
    status: SyncStatus | None = field(default=None, converter=_sync_status)
    description: str | None = None


@frozen
class InvoiceStatusReport:
    """``{"invoices": [...]}`` [inferred, like its twins]; empty when there is no body."""

    invoices: list[InvoiceStatus] = field(factory=list)
