"""confirma-async: async-first SDK for the Confirma Finance Integrations API (CFIS).

The whole public face is here; every model is also importable from ``confirma_async.models``.
The names load on first use (PEP 562), so ``import confirma_async`` (and the ``confirma``
command's ``--help``) does not pay for aiohttp, cattrs and the models until they are used.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING
from typing import Any as _Any

from ._version import __version__

if TYPE_CHECKING:
    from ._client import AsyncConfirmaClient
    from ._config import Timeout
    from ._core.bulk import StopPolicy
    from ._core.hooks import Hooks, RequestEvent, ResponseEvent, RetryEvent
    from ._core.retry import RetryPolicy
    from ._errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        BulkError,
        BulkStoppedError,
        ClientClosedError,
        ConfirmaError,
        ConfirmaValueError,
        ConflictError,
        FieldViolation,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        RedirectError,
        ResponseDecodeError,
        ResponseTooLargeError,
        ServerError,
        UnprocessableEntityError,
        WrongEventLoopError,
    )
    from ._sync import ConfirmaClient
    from .api._views import RawResponse
    from .models import (
        ActionsReceipt,
        BulkResult,
        CommentAction,
        DirectPaymentAction,
        DueDateAction,
        Failure,
        InvoiceAction,
        ObjectionAction,
        Outcome,
        PauseAction,
        PaymentPlanAction,
        Success,
        TrackedInvoice,
        WithdrawAction,
    )
    from .models.invoices import SalesInvoiceRequest
    from .models.receipts import SubmissionReceipt

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
    "RawResponse",
    # bulk
    "BulkResult",
    "Outcome",
    "Success",
    "Failure",
    "TrackedInvoice",
    "BulkError",
    "StopPolicy",
    "BulkStoppedError",
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
    "WrongEventLoopError",
    "ClientClosedError",
    "APIStatusError",
    "FieldViolation",
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

# Where each public name lives (tests/cli/test_cli_help.py checks it against __all__).
_HOMES: dict[str, str] = {
    "Timeout": "._config",
    "APIConnectionError": "._errors",
    "APIStatusError": "._errors",
    "APITimeoutError": "._errors",
    "AuthenticationError": "._errors",
    "BadRequestError": "._errors",
    "ConfirmaError": "._errors",
    "ConfirmaValueError": "._errors",
    "ConflictError": "._errors",
    "NotFoundError": "._errors",
    "PermissionDeniedError": "._errors",
    "RateLimitError": "._errors",
    "WrongEventLoopError": "._errors",
    "ClientClosedError": "._errors",
    "FieldViolation": "._errors",
    "ResponseDecodeError": "._errors",
    "RedirectError": "._errors",
    "ResponseTooLargeError": "._errors",
    "ServerError": "._errors",
    "UnprocessableEntityError": "._errors",
    "RawResponse": ".api._views",
    "AsyncConfirmaClient": "._client",
    "Hooks": "._core.hooks",
    "RequestEvent": "._core.hooks",
    "ResponseEvent": "._core.hooks",
    "RetryEvent": "._core.hooks",
    "RetryPolicy": "._core.retry",
    "BulkError": "._errors",
    "ActionsReceipt": ".models",
    "BulkResult": ".models",
    "CommentAction": ".models",
    "DirectPaymentAction": ".models",
    "DueDateAction": ".models",
    "InvoiceAction": ".models",
    "ObjectionAction": ".models",
    "Outcome": ".models",
    "Success": ".models",
    "Failure": ".models",
    "PauseAction": ".models",
    "PaymentPlanAction": ".models",
    "TrackedInvoice": ".models",
    "WithdrawAction": ".models",
    "SalesInvoiceRequest": ".models.invoices",
    "SubmissionReceipt": ".models.receipts",
    "ConfirmaClient": "._sync",
    "StopPolicy": "._core.bulk",
    "BulkStoppedError": "._errors",
}


def __getattr__(name: str) -> _Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(home, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


# The namespace is the public face: ``__all__``, the subpackages and private names only
# (tests/test_exported_members.py).
del TYPE_CHECKING
