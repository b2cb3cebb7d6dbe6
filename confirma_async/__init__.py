"""confirma-async: async-first SDK for the Confirma Finance Integrations API (CFIS).

The whole public face is here; every model is also importable from ``confirma_async.models``.
"""

from ._config import Timeout
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfirmaError,
    ConfirmaValueError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    UnprocessableEntityError,
)
from ._version import __version__
from .api.invoices import ActionsReceipt
from .client import AsyncConfirmaClient
from .core.hooks import Hooks, RequestEvent, ResponseEvent, RetryEvent
from .core.retry import RetryPolicy
from .models import (
    BulkError,
    BulkResult,
    CommentAction,
    DirectPaymentAction,
    DueDateAction,
    InvoiceAction,
    ObjectionAction,
    Outcome,
    PauseAction,
    PaymentPlanAction,
    TrackedInvoice,
    WithdrawAction,
)
from .models.invoice import SalesInvoiceRequest
from .models.receipts import SubmissionReceipt
from .sync import ConfirmaClient

__all__ = [
    "__version__",
    # clients
    "AsyncConfirmaClient",
    "ConfirmaClient",
    # configuration
    "Timeout",
    "RetryPolicy",
    "Hooks",
    "RequestEvent",
    "ResponseEvent",
    "RetryEvent",
    # bulk
    "BulkResult",
    "Outcome",
    "TrackedInvoice",
    "BulkError",
    # actions
    "InvoiceAction",
    "CommentAction",
    "WithdrawAction",
    "DueDateAction",
    "PaymentPlanAction",
    "ObjectionAction",
    "PauseAction",
    "DirectPaymentAction",
    "ActionsReceipt",
    # invoices and other submissions (the models' parts: ``confirma_async.models``)
    "SalesInvoiceRequest",
    "SubmissionReceipt",
    # errors
    "ConfirmaError",
    "ConfirmaValueError",
    "APIConnectionError",
    "APITimeoutError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "ServerError",
    "RedirectError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
]
