"""Collection API transaction feed (``GET /v1/transactions``): confirmations, rejections,
accounting documents and closings, the only place where write outcomes show up.

Doc sections: claims.md §3.9 ``GET /v1/transactions`` and §4.9 "Transaction"; public pages
``docs.riverty.com/back_in_flow/documentation/transaction``, ``.../confirmation``,
``.../rejection``, ``.../accounting_document`` and ``.../closing``.

Every enum is open and matched case-insensitively: the docs send ``CONFIRMATION``,
``directPayment`` and ``direct_payment`` for the same kinds of values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from attrs import field, frozen

from .._base import FrozenMapping, OpenEnum
from .payments import AllocateTo

__all__ = [
    "TransactionType",
    "ConfirmationType",
    "RejectionReason",
    "AccountingDocumentType",
    "ClosingType",
    "Confirmation",
    "Rejection",
    "AccountingLineItem",
    "AccountingDocument",
    "Closing",
    "Transaction",
]


class TransactionType(OpenEnum):
    """Which kind of entry a transaction is (also the ``type`` filter of the feed)."""

    CONFIRMATION = "CONFIRMATION"
    REJECTION = "REJECTION"
    ACCOUNTING_DOCUMENT = "ACCOUNTING_DOCUMENT"
    CLOSING = "CLOSING"


class ConfirmationType(OpenEnum):
    """What a confirmation or rejection is about."""

    INVOICE = "INVOICE"
    CLIENT_INTERESTS = "CLIENT_INTERESTS"
    CLIENT_COSTS = "CLIENT_COSTS"
    CREDIT_WAIVER = "CREDIT_WAIVER"
    DIRECT_PAYMENT = "DIRECT_PAYMENT"
    RECALL = "RECALL"
    CANCELLATION = "CANCELLATION"


class RejectionReason(OpenEnum):
    """Why the agency rejected a claim or a claim write."""

    AMOUNT_TOO_LOW = "AMOUNT_TOO_LOW"
    AMOUNT_TOO_HIGH = "AMOUNT_TOO_HIGH"
    CLAIM_NOT_PLAUSIBLE = "CLAIM_NOT_PLAUSIBLE"
    BREACH_OF_CONTRACT = "BREACH_OF_CONTRACT"
    CONTRAVENTION = "CONTRAVENTION"
    INSOLVENCY = "INSOLVENCY"
    INCORRECT_CURRENCY = "INCORRECT_CURRENCY"
    NO_ASSIGNMENT_POSSIBLE = "NO_ASSIGNMENT_POSSIBLE"
    CUSTOMER_INCAPABLE_OF_CONTRACTING = "CUSTOMER_INCAPABLE_OF_CONTRACTING"
    CUSTOMER_ABROAD = "CUSTOMER_ABROAD"
    FRAUD_KNOWN = "FRAUD_KNOWN"


class AccountingDocumentType(OpenEnum):
    """What an accounting document books (payments, waivers, write-offs, ...)."""

    DIRECT_PAYMENT = "DIRECT_PAYMENT"
    AGENCY_PAYMENTS = "AGENCY_PAYMENTS"
    CREDIT_WAIVER = "CREDIT_WAIVER"
    DEBIT = "DEBIT"
    WRITE_OFF = "WRITE_OFF"
    CANCELLATION = "CANCELLATION"
    REALLOCATION = "REALLOCATION"
    # The cancellation guide spells the cancelled kind in the singular.
    AGENCY_PAYMENT = "AGENCY_PAYMENTS"


class ClosingType(OpenEnum):
    """Why the agency closed a claim."""

    IRRECOVERABLE = "IRRECOVERABLE"
    POOR_CREDIT_RATING = "POOR_CREDIT_RATING"
    WRITE_OFF = "WRITE_OFF"
    PARTIAL_SUCCESS = "PARTIAL_SUCCESS"
    RECALLED_BY_CLIENT = "RECALLED_BY_CLIENT"
    FRAUD = "FRAUD"
    FULL_PAYMENT = "FULL_PAYMENT"
    UNKNOWN_ADDRESS = "UNKNOWN_ADDRESS"
    CLAIM_DISPUTED = "CLAIM_DISPUTED"
    DEBTOR_LIVING_ABROAD = "DEBTOR_LIVING_ABROAD"
    CUSTOMER_INCAPABLE_OF_CONTRACTING = "CUSTOMER_INCAPABLE_OF_CONTRACTING"
    RETURNED_TO_CLIENT = "RETURNED_TO_CLIENT"
    COMPANY_LIQUIDATED = "COMPANY_LIQUIDATED"
    INSOLVENCY = "INSOLVENCY"
    COMPLETED_BY_CREDIT = "COMPLETED_BY_CREDIT"
    HIGH_COST_RISK = "HIGH_COST_RISK"
    LONGTERM_MONITORING = "LONGTERM_MONITORING"
    SOLDIER = "SOLDIER"
    MISSING_DATA = "MISSING_DATA"
    NO_CONTRACT_DOCUMENTATION = "NO_CONTRACT_DOCUMENTATION"
    CLAIM_DISMISSED = "CLAIM_DISMISSED"
    MINOR_DEBTOR = "MINOR_DEBTOR"
    PERIOD_OF_LIMITATION_REACHED = "PERIOD_OF_LIMITATION_REACHED"
    TOO_LOW_FOR_LEGAL_ACTION = "TOO_LOW_FOR_LEGAL_ACTION"
    DEBTOR_DECEASED = "DEBTOR_DECEASED"
    DUPLICATE_CONTRACT = "DUPLICATE_CONTRACT"
    PAYMENT_BEFORE_HANDOVER = "PAYMENT_BEFORE_HANDOVER"
    SECOND_PLACEMENT = "SECOND_PLACEMENT"
    COMPLETED_BY_SETTLEMENT = "COMPLETED_BY_SETTLEMENT"


@frozen(kw_only=True)
class Confirmation:
    """An item (invoice, cost, payment, ...) was accepted. ``number`` is the client's number.

    Required: ``date``, ``type`` and ``number`` (the item's identifier), shown in every
    documented confirmation; amount and currency may be absent (e.g. on a recall).

    Schema "Confirmation" (claims.md §4.9).
    """

    date: dt.date
    type: ConfirmationType
    number: str
    contract_number: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    additional_properties: FrozenMapping = field(factory=FrozenMapping)


@frozen(kw_only=True)
class Rejection:
    """An item was refused; ``reason`` says why and ``description`` may explain.

    Required like a confirmation: ``date``, ``type``, ``number``. ``reason`` stays
    optional: the recall guide describes a rejection explained by ``description``.

    Schema "Rejection" (claims.md §4.9).
    """

    date: dt.date
    type: ConfirmationType
    number: str
    contract_number: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    reason: RejectionReason | None = None
    description: str | None = None
    additional_properties: FrozenMapping = field(factory=FrozenMapping)


@frozen
class AccountingLineItem:
    """How one accounting document is split over the claim's invoices."""

    id: str | None = None
    amount: Decimal | None = None
    allocate_to: AllocateTo | None = None
    invoice_number: str | None = None
    contract_number: str | None = None


@frozen
class AccountingDocument:
    """Money moved on the claim. ``amount`` is negative for money received.

    ``original_type`` / ``original_number`` name the document a cancellation or
    reallocation refers to.

    Schema "AccountingDocument" (claims.md §4.9).
    """

    date: dt.date | None = None
    type: AccountingDocumentType | None = None
    number: str | None = None
    original_type: AccountingDocumentType | None = None
    original_number: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    line_items: list[AccountingLineItem] = field(factory=list)


@frozen
class Closing:
    """The claim was closed; ``invoice`` (contents not documented) is kept whole, read-only.

    Schema "Closing" (claims.md §4.9).
    """

    date: dt.date | None = None
    type: ClosingType | None = None
    invoice: FrozenMapping | None = None


@frozen(kw_only=True)
class Transaction:
    """One entry of the feed; exactly one of the four detail objects matches ``type``.

    Required: ``id``, ``type`` and ``sort_number`` (the feed's ordering key), on every
    documented transaction. ``claim_number`` may be missing (a claim rejected at
    hand-over has none).

    Schema "Transaction" (claims.md §4.9).
    """

    id: str
    type: TransactionType
    sort_number: int
    customer_number: str | None = None
    claim_number: str | None = None
    confirmation: Confirmation | None = None
    rejection: Rejection | None = None
    accounting_document: AccountingDocument | None = None
    closing: Closing | None = None

    @property
    def detail(self) -> Confirmation | Rejection | AccountingDocument | Closing | None:
        """The detail object this transaction carries, whatever its type."""
        return self.confirmation or self.rejection or self.accounting_document or self.closing
