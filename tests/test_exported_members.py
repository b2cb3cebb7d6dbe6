"""The public face of each public module is pinned: a move inside the package cannot drop a
name users import (``from confirma_async.models import Case``) without this file saying so.

Three checks per module: ``__all__`` is exactly the pinned list; every name in it
resolves; and nothing public hides outside it (a package's namespace holds only its
``__all__`` and its submodules; a module's own classes and functions are all listed).
"""

from __future__ import annotations

import importlib
import inspect
import types
from pathlib import Path

import pytest

PINNED: dict[str, list[str]] = {
    "confirma_async": [
        '__version__', 'ActionsReceipt', 'APIConnectionError', 'APIStatusError',
        'APITimeoutError', 'AsyncConfirmaClient', 'AuthenticationError', 'BadRequestError',
        'BulkError', 'BulkResult', 'BulkStoppedError', 'ClientClosedError', 'CommentAction',
        'ConfirmaClient',
        'ConfirmaError', 'ConfirmaValueError', 'ConflictError', 'DirectPaymentAction',
        'DueDateAction', 'Failure', 'FieldViolation', 'Hooks', 'InvoiceAction',
        'NotFoundError', 'ObjectionAction', 'Outcome', 'PauseAction', 'PaymentPlanAction',
        'PermissionDeniedError', 'RateLimitError', 'RawResponse', 'RedirectError',
        'RequestEvent', 'ResponseDecodeError', 'ResponseEvent', 'ResponseTooLargeError',
        'RetryEvent', 'RetryPolicy', 'SalesInvoiceRequest', 'ServerError', 'StopPolicy',
        'SubmissionReceipt', 'Success', 'Timeout', 'TrackedInvoice',
        'UnprocessableEntityError', 'WithdrawAction', 'WrongEventLoopError',
    ],
    "confirma_async.models": [
        'Accounting', 'AccountingDocument', 'AccountingDocumentType', 'AccountingLineItem',
        'AccountingPayment', 'ActionCode', 'ActionsReceipt', 'AdditionalProperty', 'Address',
        'AddressType',
        'Agency', 'AllocateTo', 'Allocation', 'AllocationBreakdown', 'Beneficiary',
        'BreakdownType', 'BulkError', 'BulkResult', 'BuyerParty', 'CalculationMode', 'Case',
        'CaseAction', 'CaseBalance', 'CaseEnvelope', 'CaseEvent', 'CaseInvoice',
        'CaseInvoiceDistribution', 'CaseNote', 'CasePayment', 'CaseSummary', 'ClaimAddress',
        'ClaimBankAccount', 'ClaimCancellationRequest', 'ClaimCommunicationChannel',
        'ClaimContract', 'ClaimCost', 'ClaimCostRequest', 'ClaimCreditWaiverRequest',
        'ClaimCustomer', 'ClaimInterestRequest', 'ClaimInvoice', 'ClaimInvoiceRequest',
        'ClaimPaymentRequest', 'ClaimRecallRequest', 'ClaimReceipt',
        'ClaimReferenceContact', 'ClaimRequest', 'ClaimSearchResult', 'ClaimStatus',
        'ClaimType', 'ClientContact', 'ClientCreated', 'ClientCreateRequest',
        'ClientDetails', 'ClientService', 'ClientSettings', 'Closing', 'ClosingType',
        'Collection', 'CollectionCosts', 'CollectionInterest', 'CommentAction',
        'CommunicationChannelType', 'Confirmation', 'ConfirmationType', 'Contact',
        'ContactPerson', 'ContactType', 'CostType', 'CustomerType', 'DefinitionDetail',
        'DeliveryParty', 'DimensionType', 'DirectPaymentAction', 'Distribution',
        'DistributionDates', 'DistributionError', 'DistributionFile',
        'DistributionMetaData', 'DistributionMethod', 'DistributionRecord',
        'DistributionReport', 'DocumentType', 'DueDateAction', 'EntityType', 'Factoring',
        'Failure', 'FiltersApplied', 'FinvoiceCredential', 'FrozenMapping', 'Gender',
        'Interest', 'InterestCalculation', 'InterestCalculationRequest',
        'InterestCalculationType', 'InvoiceAction', 'InvoiceAmounts', 'InvoiceAttachment',
        'InvoiceContentData', 'InvoiceExtensions', 'InvoiceHeader', 'InvoiceParties',
        'InvoiceRecipientParty', 'InvoiceReferences', 'InvoiceRowData', 'InvoiceStatus',
        'InvoiceStatusReport', 'InvoiceTerms', 'InvoiceType', 'LedgerDimension',
        'LedgerDocument', 'LedgerRow', 'LedgerStatus', 'LedgerStatusReport', 'OAuthToken',
        'ObjectionAction', 'OMITTED', 'Omitted', 'OpenEnum', 'Outcome', 'Page',
        'Pagination', 'PauseAction', 'Payment', 'PaymentControl', 'PaymentData',
        'PaymentDetails', 'PaymentPlanAction', 'PaymentState', 'PaymentStatus',
        'PaymentStatusCode', 'PaymentStatusReport', 'PaymentTerms', 'Processing',
        'RecallType', 'ReferenceContactType', 'Rejection', 'RejectionReason',
        'RenewedToken', 'SalesInvoiceRequest', 'SellerParty', 'ServiceType', 'Settlement',
        'SettlementReport', 'SubmissionReceipt', 'Success', 'SyncStatus',
        'TargetIdentifier', 'TimelineEntry', 'TokenValidation', 'TrackedInvoice',
        'Transaction', 'TransactionType', 'VatRowFlag', 'WithdrawAction',
    ],
    "confirma_async.collection": [
        'AsyncCollectionClient', 'CollectionClient',
    ],
    "confirma_async.testing": [
        'DEFAULT_TODAY', 'FakeCollection', 'FakeConfirma', 'Faults', 'LoggedRequest',
        'PATHS', 'RequestLog', 'sample_invoice_body',
    ],
    "confirma_async.serde": [
        'camel', 'converter', 'decode', 'dumps', 'JSONError', 'loads', 'MAX_NUMBER_DIGITS',
        'MAX_NUMBER_EXPONENT', 'parse_date', 'parse_datetime', 'structure',
        'structure_actions', 'unstructure', 'wire_name',
    ],
    "confirma_async.jobs": [
        'as_record', 'BulkStoppedError', 'error_record', 'FAILED', 'is_transient', 'Job',
        'JobFileError', 'JobSummary', 'StopPolicy', 'SUCCEEDED', 'TRANSIENT',
    ],
}

# Packages (and ``serde``, the face of ``_serde``) whose namespace is their public face
# only; ``jobs`` is a module with its own implementation (its imports are its business),
# so only what it defines is checked there.
FACES = ["confirma_async", "confirma_async.models", "confirma_async.collection",
         "confirma_async.testing", "confirma_async.serde"]


def loaded(name: str) -> types.ModuleType:
    module = importlib.import_module(name)
    for exported in module.__all__:
        getattr(module, exported)  # also loads the lazily imported names of the top level
    return module


@pytest.mark.parametrize("name", sorted(PINNED))
def test_all_is_exactly_the_pinned_public_names(name: str) -> None:
    exported = importlib.import_module(name).__all__
    assert len(exported) == len(set(exported)), "a name is listed twice"
    assert sorted(exported) == sorted(PINNED[name])


@pytest.mark.parametrize("name", sorted(PINNED))
def test_every_exported_name_can_be_imported(name: str) -> None:
    for exported in PINNED[name]:
        namespace: dict[str, object] = {}
        exec(f"from {name} import {exported}", namespace)
        assert namespace[exported] is not None


@pytest.mark.parametrize("name", FACES)
def test_a_package_shows_nothing_public_outside_its_all(name: str) -> None:
    module = loaded(name)
    public = {attr for attr, value in vars(module).items()
              if not attr.startswith("_") and not isinstance(value, types.ModuleType)}
    assert public - set(module.__all__) == set()


def test_jobs_exports_every_class_and_function_it_defines() -> None:
    jobs = loaded("confirma_async.jobs")
    defined = {attr for attr, value in vars(jobs).items()
               if not attr.startswith("_") and (inspect.isclass(value) or inspect.isfunction(value))
               and value.__module__ == jobs.__name__}
    assert defined and defined <= set(jobs.__all__)


# Every module a user may import by name; everything else in the package has a private
# component (``_client``, ``_core.transport``, ``cli._commands``, ...), the way httpx marks
# its internals. The resource modules stay public, as openai-python's ``resources`` do:
# their classes are what ``client.cases`` and friends are.
PUBLIC_MODULES = {
    "confirma_async", "confirma_async.__main__", "confirma_async.serde",
    "confirma_async.jobs", "confirma_async.demo",
    "confirma_async.cli",
    "confirma_async.testing", "confirma_async.testing.pytest_plugin",
    "confirma_async.collection", "confirma_async.collection.claims",
    "confirma_async.collection.transactions",
    "confirma_async.api", *(f"confirma_async.api.{area}" for area in (
        "accounting", "cases", "distribution", "invoices", "onboarding", "operations",
        "payments", "settlements")),
    "confirma_async.models", "confirma_async.models.collection",
    *(f"confirma_async.models.{area}" for area in (
        "accounting", "actions", "bulk", "cases", "distribution", "invoices", "onboarding",
        "operations", "payments", "receipts", "settlements")),
    *(f"confirma_async.models.collection.{area}" for area in (
        "auth", "claims", "contracts", "costs", "customers", "pages", "payments",
        "transactions")),
}


def test_every_module_outside_the_public_list_is_marked_private() -> None:
    import confirma_async

    root = Path(confirma_async.__file__).parent
    names = set()
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(part.startswith("_") and part != "__main__" for part in parts[1:]):
            names.add(".".join(parts))
    assert names == PUBLIC_MODULES
