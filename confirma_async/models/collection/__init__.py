"""Data of the collection agency's claims API (``confirma_async.collection``), one module
per object of claims.md, each naming its sections:

* ``claims``: the ``POST /v1/claims`` body, search results, the receipt of every write;
* ``customers``: the debtor, addresses, communication channels, reference contacts;
* ``contracts``: a contract and its invoices (the principal claim);
* ``costs``: the client's costs and interests;
* ``payments``: payments, credit waivers, recalls and cancellations on a claim;
* ``transactions``: the feed of confirmations, rejections, accounting documents, closings;
* ``pages``: the paged-list envelope; ``auth``: the OAuth2 token answer.

Pure data like the rest of ``models``: it imports nothing above ``models``. Every name is
also importable from ``confirma_async.models``. Enum values are open: their text is kept
as sent, ``member`` matches it to a documented value ignoring case (the collection docs
mix cases). Identifiers (claim, invoice, contract numbers) are strings in this API.
"""

from .auth import (
    OAuthToken,
)
from .claims import (
    ClaimReceipt,
    ClaimRequest,
    ClaimSearchResult,
    ClaimStatus,
)
from .contracts import (
    AdditionalProperty,
    ClaimContract,
    ClaimInvoice,
    ClaimInvoiceRequest,
    ClaimType,
    InterestCalculation,
    InterestCalculationRequest,
    InterestCalculationType,
)
from .costs import (
    ClaimCost,
    ClaimCostRequest,
    ClaimInterestRequest,
    CostType,
)
from .customers import (
    AddressType,
    ClaimAddress,
    ClaimBankAccount,
    ClaimCommunicationChannel,
    ClaimCustomer,
    ClaimReferenceContact,
    CommunicationChannelType,
    CustomerType,
    Gender,
    ReferenceContactType,
)
from .pages import (
    Page,
    Pagination,
)
from .payments import (
    AllocateTo,
    ClaimCancellationRequest,
    ClaimCreditWaiverRequest,
    ClaimPaymentRequest,
    ClaimRecallRequest,
    RecallType,
)
from .transactions import (
    AccountingDocument,
    AccountingDocumentType,
    AccountingLineItem,
    Closing,
    ClosingType,
    Confirmation,
    ConfirmationType,
    Rejection,
    RejectionReason,
    Transaction,
    TransactionType,
)

__all__ = [
    # customers
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
    # contracts
    "InterestCalculationType",
    "ClaimType",
    "InterestCalculation",
    "AdditionalProperty",
    "ClaimInvoice",
    "InterestCalculationRequest",
    "ClaimInvoiceRequest",
    "ClaimContract",
    # costs
    "CostType",
    "ClaimCost",
    "ClaimCostRequest",
    "ClaimInterestRequest",
    # claims
    "ClaimRequest",
    "ClaimStatus",
    "ClaimSearchResult",
    "ClaimReceipt",
    # payments
    "AllocateTo",
    "RecallType",
    "ClaimPaymentRequest",
    "ClaimCreditWaiverRequest",
    "ClaimRecallRequest",
    "ClaimCancellationRequest",
    # transactions
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
    # pages
    "Pagination",
    "Page",
    # auth
    "OAuthToken",
]
