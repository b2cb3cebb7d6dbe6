"""The models are laid out so that an endpoint is found in a minute.

STYLE.md: "A newcomer finds any endpoint in under a minute: ``api/<area>.py`` for the
call, ``models/<area>.py`` for its data, ``../shared/confirma-api/<area>.md`` for the
wire." Each model module names its section of that reference, each class that mirrors a
schema the docs name says which one, and no resource module defines a model.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import confirma_async
import confirma_async.api
import confirma_async.collection
from confirma_async import models

PACKAGE = Path(confirma_async.__file__).parent

# The files of the API reference, and the sections the modules cite (``§3.1`` or, for the
# one unnumbered section a model rests on, its quoted title).
DOC_SECTION = re.compile(
    r'\b(?:accounting|claims|invoices|onboarding|operations|payments|schemas)\.md'
    r'(?: §\d| ")'
)


def public_modules(package: types.ModuleType) -> Iterator[types.ModuleType]:
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if not info.name.rpartition(".")[2].startswith("_"):
            yield importlib.import_module(info.name)


def model_modules() -> list[types.ModuleType]:
    modules = [*public_modules(models), *public_modules(models.collection)]
    return [m for m in modules if m is not models.collection]


def area(module: types.ModuleType) -> str:
    return module.__name__.rpartition(".")[2]


@pytest.mark.parametrize("package, models_package", [
    (confirma_async.api, models),
    (confirma_async.collection, models.collection),
])
def test_every_resource_module_has_a_models_module_of_its_name(
    package: types.ModuleType, models_package: types.ModuleType
) -> None:
    resources = {area(m) for m in public_modules(package)}
    have = {area(m) for m in public_modules(models_package)}
    assert resources and resources <= have


@pytest.mark.parametrize("package", [confirma_async.api, confirma_async.collection])
def test_no_resource_module_defines_a_model(package: types.ModuleType) -> None:
    """Responses and receipts are data: they live in ``models/``, not beside the calls."""
    defined = [f"{module.__name__}.{name}" for module in public_modules(package)
               for name, value in vars(module).items()
               if inspect.isclass(value) and value.__module__ == module.__name__
               and attrs.has(value)]
    assert defined == []


def test_models_import_nothing_above_them() -> None:
    """ARCHITECTURE §1: models are pure data; the collection's live under ``models/``."""
    above = re.compile(r"^\s*from \.\.+(?:api|core|collection|client|sync|serde|testing|cli)\b"
                       r"|^\s*import aiohttp|^\s*from aiohttp", re.M)
    for path in sorted((PACKAGE / "models").rglob("*.py")):
        assert not above.search(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("module", model_modules(), ids=area)
def test_each_model_module_names_its_doc_section(module: types.ModuleType) -> None:
    doc = module.__doc__ or ""
    if module is models.bulk:  # the SDK's own results, not a wire format
        assert "No doc section" in doc
    else:
        assert DOC_SECTION.search(doc), f"{module.__name__} names no <file>.md section"


# Each class, and the schema of the API reference it mirrors.
SCHEMAS: dict[type, str] = {
    models.SalesInvoiceRequest: "SalesInvoiceRequest", models.Processing: "Processing",
    models.Distribution: "Distribution", models.InvoiceContentData: "Invoice Content Data",
    models.InvoiceHeader: "Invoice Header object", models.InvoiceReferences: "InvoiceReferences",
    models.InvoiceParties: "Invoice Parties", models.SellerParty: "Seller Party",
    models.BuyerParty: "BuyerParty", models.InvoiceRecipientParty: "Invoice Recipient Party",
    models.Address: "Address", models.Contact: "Contact", models.ContactPerson: "Contact Person",
    models.PaymentDetails: "Payment Details", models.DeliveryParty: "Delivery Party",
    models.DefinitionDetail: "Definition Detail", models.Accounting: "Accounting",
    models.InvoiceRowData: "InvoiceRowData", models.InvoiceAmounts: "InvoiceAmounts",
    models.PaymentTerms: "PaymentTerms", models.Interest: "Interest",
    models.CollectionCosts: "Collection Costs", models.CollectionInterest: "Collection Interest",
    models.Collection: "Collection", models.Factoring: "Factoring",
    models.InvoiceTerms: "InvoiceTerms", models.PaymentState: "PaymentState",
    models.PaymentData: "PaymentData", models.InvoiceAttachment: "Invoice Attachments",
    models.ClientSettings: "Client Settings", models.ClientCreateRequest: "ClientCreateRequest",
    models.TokenValidation: "TokenValidation", models.RenewedToken: "TokenRenewal",
    models.InvoiceAction: "InvoiceAction", models.CaseEnvelope: "CaseDetails",
    models.DistributionReport: "DistributionResponse", models.Payment: "Payment",
    models.SettlementReport: "SettlementsResponse", models.Settlement: "Settlement",
    models.Allocation: "Allocation", models.LedgerDocument: "LedgerDocument",
    models.LedgerRow: "LedgerRow", models.AccountingPayment: "AccountingPayment",
    models.LedgerStatus: "LedgerStatus", models.LedgerStatusReport: "LedgerStatusResponse",
    models.PaymentStatus: "PaymentStatus", models.PaymentStatusReport: "PaymentStatusResponse",
    models.FinvoiceCredential: "Finvoice Credentials Response",
    models.ClaimCustomer: "Customer", models.ClaimAddress: "Address",
    models.ClaimCommunicationChannel: "CommunicationChannel",
    models.ClaimReferenceContact: "ReferenceContact", models.ClaimContract: "Contract",
    models.ClaimInvoiceRequest: "Invoice", models.ClaimInvoice: "Invoice",
    models.ClaimCost: "Cost", models.ClaimCostRequest: "Cost",
    models.ClaimInterestRequest: "Interest", models.ClaimReceipt: "Write response",
    models.ClaimSearchResult: "ClaimSearchResult", models.Transaction: "Transaction",
    models.Confirmation: "Confirmation", models.Rejection: "Rejection",
    models.AccountingDocument: "AccountingDocument", models.Closing: "Closing",
    models.Pagination: "Pagination",
}


@pytest.mark.parametrize("cls", list(SCHEMAS), ids=lambda cls: cls.__name__)
def test_a_model_names_the_schema_it_mirrors(cls: type) -> None:
    assert re.search(f'schema "{re.escape(SCHEMAS[cls])}"', cls.__doc__ or "", re.IGNORECASE)
