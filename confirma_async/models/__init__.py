"""Every public model, importable from one place: ``from confirma_async.models import Case``."""

from ._base import OpenEnum
from .actions import (
    ActionCode,
    CommentAction,
    DirectPaymentAction,
    DueDateAction,
    InvoiceAction,
    ObjectionAction,
    PauseAction,
    PaymentPlanAction,
    WithdrawAction,
)
from .bulk import BulkError, BulkResult, Outcome, TrackedInvoice
from .cases import (
    Case,
    CaseAction,
    CaseBalance,
    CaseEnvelope,
    CaseEvent,
    CaseInvoice,
    CaseInvoiceDistribution,
    CaseNote,
    CasePayment,
    CaseSummary,
    TimelineEntry,
)
from .claims import (
    AdditionalProperty,
    ClaimInvoice,
    ClaimType,
    InterestCalculation,
    InterestCalculationType,
    Page,
    Pagination,
)
from .distribution import (
    DistributionDates,
    DistributionError,
    DistributionFile,
    DistributionMetaData,
    DistributionRecord,
    DistributionReport,
    FiltersApplied,
    PaymentControl,
)

__all__ = [
    # base
    "OpenEnum",
    # bulk results
    "Outcome",
    "BulkResult",
    "BulkError",
    "TrackedInvoice",
    # actions
    "ActionCode",
    "InvoiceAction",
    "CommentAction",
    "WithdrawAction",
    "DueDateAction",
    "PaymentPlanAction",
    "ObjectionAction",
    "PauseAction",
    "DirectPaymentAction",
    # cases
    "Case",
    "CaseAction",
    "CaseBalance",
    "CaseEnvelope",
    "CaseEvent",
    "CaseInvoice",
    "CaseInvoiceDistribution",
    "CaseNote",
    "CasePayment",
    "CaseSummary",
    "TimelineEntry",
    # distribution
    "DistributionDates",
    "DistributionError",
    "DistributionFile",
    "DistributionMetaData",
    "DistributionRecord",
    "DistributionReport",
    "FiltersApplied",
    "PaymentControl",
    # claims (collection API)
    "AdditionalProperty",
    "ClaimInvoice",
    "ClaimType",
    "InterestCalculation",
    "InterestCalculationType",
    "Page",
    "Pagination",
]
