"""``SalesInvoiceRequest``: the body of ``POST /api/v1/partner/invoice``.

Doc sections: invoices.md §1 "Create an invoice" and schemas.md §2 "Schema catalogue",
§3 "Schemas with captured fields", §4 "Schemas whose fields were not captured"; public
pages ``create-an-invoice-4083663e0`` and ``salesinvoicerequest-792789d0``.

Class names follow the docs' schema names. Build the tree from its parts, then
``request.validate()`` (``invoices.create`` does it for you) reports the first invalid
field by its wire path, e.g. ``invoice.parties.buyerParty.address.countryCode``;
nothing is sent until the whole tree is valid.

What is documented and what is inferred:

* Captured in the docs' examples (field names certain): ``processing``, ``distribution``,
  ``invoice.header``, ``invoice.references``, ``invoice.parties`` with ``sellerParty``,
  ``buyerParty``, ``invoiceRecipientParty``, and their ``address``, ``contact``,
  ``contactPerson`` and ``paymentDetails``. Fields the endpoint example sends as ``null``
  default to ``None`` and are sent as ``null``, so a default-built request has the
  example's keys.
* Not captured (the schema pages exist but their fields could not be read): Delivery
  Party, InvoiceRowData, InvoiceAmounts, InvoiceTerms, PaymentTerms, Interest, Collection,
  Collection Costs, Collection Interest, Factoring, PaymentData, PaymentState, Invoice
  Attachments, InvoiceExtensions, Definition Detail and Accounting. They are modelled with
  their **inferred** JSON keys (from the schema names and the Finvoice 3.0 elements the
  API is visibly shaped after); each such class says so. The parts and their optional
  fields default to ``OMITTED``: nothing inferred is ever sent unless you set it. If the
  server wants different keys, send the body through ``client.request(...)`` until the
  model is fixed.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from attrs import define, field

from ._base import OpenEnum
from ._validate import (
    OMITTED,
    Omitted,
    RequestModel,
    in_code,
    in_date,
    in_enum,
    in_money,
    in_number,
    is_country,
    is_currency,
    is_email,
    is_language,
    is_money,
    is_number,
    is_positive_int,
    is_text,
    is_url,
    not_before,
    rule,
)

__all__ = [
    "DistributionMethod",
    "InvoiceType",
    "EntityType",
    "PaymentStatusCode",
    "Processing",
    "Distribution",
    "InvoiceHeader",
    "InvoiceReferences",
    "Address",
    "ContactPerson",
    "Contact",
    "PaymentDetails",
    "SellerParty",
    "BuyerParty",
    "InvoiceRecipientParty",
    "DeliveryParty",
    "InvoiceParties",
    "DefinitionDetail",
    "Accounting",
    "InvoiceRowData",
    "InvoiceAmounts",
    "PaymentTerms",
    "Interest",
    "CollectionCosts",
    "CollectionInterest",
    "Collection",
    "Factoring",
    "InvoiceTerms",
    "PaymentState",
    "PaymentData",
    "InvoiceAttachment",
    "InvoiceExtensions",
    "InvoiceContentData",
    "SalesInvoiceRequest",
]


# --- open enums (only the values the docs show are named; any other string is kept) ------


class DistributionMethod(OpenEnum):
    """``distribution.method``; the docs show only ``EMAIL``."""

    EMAIL = "EMAIL"


class InvoiceType(OpenEnum):
    """``invoice.header.type``; the docs show only ``INVOICE`` (``null`` in the schema sample)."""

    INVOICE = "INVOICE"


class EntityType(OpenEnum):
    """``buyerParty.entityType``; the docs show only ``BUSINESS``."""

    BUSINESS = "BUSINESS"


class PaymentStatusCode(OpenEnum):
    """``PaymentState.status`` [inferred: the Finvoice payment status codes]."""

    NOTPAID = "NOTPAID"
    PARTLYPAID = "PARTLYPAID"
    PAID = "PAID"


# Named converters: the attrs mypy plugin needs named functions.
def _method(value: Any) -> Any:
    return in_enum(DistributionMethod, value)


def _invoice_type(value: Any) -> Any:
    return in_enum(InvoiceType, value)


def _entity_type(value: Any) -> Any:
    return in_enum(EntityType, value)


def _payment_status(value: Any) -> Any:
    return in_enum(PaymentStatusCode, value)


_name_text = is_text(non_empty=True)
_percentage = is_number(places=4)


# --- captured parts ------------------------------------------------------------------------


@define(kw_only=True)
class Processing(RequestModel):
    """``processing``: what the service does with the invoice.

    ``payment_control_enabled`` hands the invoice to the agency's payment control
    (reminders, collection); ``manual_approval_enabled`` holds it for manual approval;
    ``accounting_invoice_enabled`` also sends it to the accounting add-on;
    ``show_product_code_enabled`` prints product codes (schema sample only, so it is sent
    only when set). The meanings are read from the names [inferred].

    Schema "Processing" (schemas.md §3).
    """

    payment_control_enabled: bool = False
    manual_approval_enabled: bool = False
    accounting_invoice_enabled: bool = False
    show_product_code_enabled: bool | Omitted | None = OMITTED


@define(kw_only=True)
class Distribution(RequestModel):
    """``distribution``: how the invoice is delivered (``EMAIL``; other methods n/c).

    Schema "Distribution" (schemas.md §3).
    """

    method: DistributionMethod = field(converter=_method)
    enabled: bool = True


@define(kw_only=True)
class InvoiceHeader(RequestModel):
    """``invoice.header`` (schema "Invoice Header object", schemas.md §3).

    The invoice ``number`` is an integer here (it is a string in payments/accounting).
    ``date``/``due_date`` take a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string.
    """

    number: int = field(metadata=rule(is_positive_int))
    type: InvoiceType | None = field(default=None, converter=_invoice_type)
    date: dt.date = field(converter=in_date)
    due_date: dt.date = field(converter=in_date)
    description: str | None = None
    additional_information: str | None = None
    currency_code: str = field(converter=in_code, metadata=rule(is_currency))
    language_code: str = field(converter=in_code, metadata=rule(is_language))

    def cross_check(self) -> tuple[str, str] | None:
        return not_before(self, "date", "due_date", "must not be before the invoice date")


@define(kw_only=True)
class InvoiceReferences(RequestModel):
    """``invoice.references``: the seller's, buyer's, order, agreement and payment references.

    ``credited_invoice_number`` (integer) names the invoice a credit note credits
    [inferred]; ``invoice_copy_url`` is a link to a copy of the invoice [inferred].

    Schema "InvoiceReferences" (schemas.md §3).
    """

    sales: str | None = None
    buyer: str | None = None
    agreement: str | None = None
    payment: str | None = None
    order_number: str | None = None
    order_date: dt.date | None = field(default=None, converter=in_date)
    electronic_payment_code: str | None = None
    credited_invoice_number: int | None = field(default=None, metadata=rule(is_positive_int))
    invoice_copy_url: str | None = field(default=None, metadata=rule(is_url))


# Postal codes the service checks "against the postal country". Countries not listed
# here only get a loose shape check (letters, digits, spaces, hyphens).
_POSTAL = {
    "FI": (re.compile(r"\d{5}\Z"), "5 digits, e.g. 00100"),
    "AX": (re.compile(r"22\d{3}\Z"), "5 digits starting 22"),
    "SE": (re.compile(r"\d{3} ?\d{2}\Z"), "5 digits, e.g. 114 55"),
    "NO": (re.compile(r"\d{4}\Z"), "4 digits, e.g. 0150"),
    "DK": (re.compile(r"\d{4}\Z"), "4 digits, e.g. 1050"),
    "IS": (re.compile(r"\d{3}\Z"), "3 digits"),
    "EE": (re.compile(r"\d{5}\Z"), "5 digits"),
    "DE": (re.compile(r"\d{5}\Z"), "5 digits"),
}
_POSTAL_LOOSE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]{0,11}\Z")


@define(kw_only=True)
class Address(RequestModel):
    """A postal address (``…Party.address``).

    ``street2``, ``street3`` and ``country_name`` appear in only some of the docs'
    examples, so they are sent only when given (``None`` sends ``null``). Send plain postal
    codes (``"00100"``); the schema sample's ``"00100 (Helsinki)"`` is a display value.

    Schema "Address" (schemas.md §3).
    """

    street: str | None = None
    street2: str | Omitted | None = OMITTED
    street3: str | Omitted | None = OMITTED
    postal_code: str | None = None
    postal_district: str | None = None
    country_code: str | None = field(default=None, converter=in_code, metadata=rule(is_country))
    country_name: str | Omitted | None = OMITTED

    def cross_check(self) -> tuple[str, str] | None:
        code = self.postal_code
        if not isinstance(code, str):
            return None
        known = _POSTAL.get(self.country_code) if isinstance(self.country_code, str) else None
        if known is not None:
            pattern, shape = known
            if not pattern.match(code):
                return "postalCode", f"must be a postal code of {self.country_code} ({shape})"
        elif not _POSTAL_LOOSE.match(code):
            return "postalCode", "must be a plain postal code (letters, digits, spaces, hyphens)"
        return None


@define(kw_only=True)
class ContactPerson(RequestModel):
    """``contact.contactPerson``: a named person.

    Schema "Contact Person" (schemas.md §3).
    """

    name: str | None = None
    email: str | None = field(default=None, metadata=rule(is_email))


@define(kw_only=True)
class Contact(RequestModel):
    """``…Party.contact``: contact person, general e-mail and phone (``+358501234567``).

    Schema "Contact" (schemas.md §3).
    """

    contact_person: ContactPerson | None = None
    email: str | None = field(default=None, metadata=rule(is_email))
    phone: str | None = None


@define(kw_only=True)
class PaymentDetails(RequestModel):
    """``sellerParty.paymentDetails``: where the buyer pays (IBAN/BIC, Swedish giro numbers).

    Schema "Payment Details" (schemas.md §3).
    """

    iban: str | None = None
    bic: str | None = None
    bankgiro: str | None = None
    postgiro: str | None = None


@define(kw_only=True)
class SellerParty(RequestModel):
    """``invoice.parties.sellerParty`` (schema "Seller Party", schemas.md §3): the invoicing
    creditor.
    """

    business_id: str | None = None
    name: str = field(metadata=rule(_name_text))
    vat_code: str | None = None
    address: Address | None = None
    contact: Contact | None = None
    payment_details: PaymentDetails | None = None


@define(kw_only=True)
class BuyerParty(RequestModel):
    """``invoice.parties.buyerParty``: the debtor.

    ``disable_collection`` (keep this buyer out of collection [inferred]) appears only in
    the schema sample, so it is sent only when set.

    Schema "BuyerParty" (schemas.md §3).
    """

    entity_type: EntityType | None = field(default=None, converter=_entity_type)
    name: str = field(metadata=rule(_name_text))
    customer_account_id: str | None = None
    personal_identity_number: str | None = field(default=None, repr=False)
    business_id: str | None = None
    vat_code: str | None = None
    electronic_invoice_account: str | None = None
    electronic_routing_address: str | None = None
    gln_number: str | None = None
    language_code: str | None = field(
        default=None, converter=in_code, metadata=rule(is_language)
    )
    disable_collection: bool | Omitted | None = OMITTED
    address: Address | None = None
    contact: Contact | None = None


@define(kw_only=True)
class InvoiceRecipientParty(RequestModel):
    """``invoice.parties.invoiceRecipientParty``: who receives the invoice when it is not
    the buyer [inferred]. Further fields after ``address`` were not captured.

    Schema "Invoice Recipient Party" (schemas.md §3).
    """

    name: str | None = None
    business_id: str | None = None
    vat_code: str | None = None
    electronic_invoice_account: str | None = None
    electronic_routing_address: str | None = None
    gln_number: str | None = None
    email: str | None = field(default=None, metadata=rule(is_email))
    language_code: str | None = field(
        default=None, converter=in_code, metadata=rule(is_language)
    )
    address: Address | None = None


@define(kw_only=True)
class DeliveryParty(RequestModel):
    """Schema "Delivery Party" (schemas.md §4) — where goods were delivered. **Inferred**:
    the schema page was not captured; the key ``invoice.parties.deliveryParty`` and the
    fields mirror the other parties (Finvoice ``DeliveryPartyDetails``). Only fields you set
    are sent.
    """

    name: str | Omitted | None = OMITTED
    business_id: str | Omitted | None = OMITTED
    gln_number: str | Omitted | None = OMITTED
    address: Address | Omitted | None = OMITTED
    contact: Contact | Omitted | None = OMITTED


@define(kw_only=True)
class InvoiceParties(RequestModel):
    """``invoice.parties`` (schema "Invoice Parties", schemas.md §3). The recipient and
    delivery parties are sent only when given.
    """

    seller_party: SellerParty
    buyer_party: BuyerParty
    invoice_recipient_party: InvoiceRecipientParty | Omitted | None = OMITTED
    delivery_party: DeliveryParty | Omitted | None = OMITTED


# --- inferred parts (schema pages not captured) --------------------------------------------


@define(kw_only=True)
class DefinitionDetail(RequestModel):
    """Schema "Definition Detail" (schemas.md §4) — a free header/value pair printed on the
    invoice or a row. **Inferred** from Finvoice ``DefinitionDetails`` (keys ``header``,
    ``value``).
    """

    header: str = field(metadata=rule(_name_text))
    value: str


@define(kw_only=True)
class Accounting(RequestModel):
    """Schema "Accounting" (schemas.md §4) — bookkeeping data of an invoice row. **Inferred** keys
    (``accountNumber``, ``costCenter``, ``projectNumber``, as in the ledger rows).
    """

    account_number: str | Omitted | None = OMITTED
    cost_center: str | Omitted | None = OMITTED
    project_number: str | Omitted | None = OMITTED


@define(kw_only=True)
class InvoiceRowData(RequestModel):
    """Schema "InvoiceRowData" (schemas.md §4) — one invoice line. **Inferred**: key
    ``invoice.rows`` and the field names (Finvoice ``InvoiceRow``: product code, quantity,
    unit price, VAT). Amounts are ``Decimal`` with two decimals; quantities and unit prices
    are exact ``Decimal`` (more decimals allowed); percentages allow four decimals.
    """

    product_code: str | Omitted | None = OMITTED
    description: str | Omitted | None = OMITTED
    quantity: Decimal | Omitted | None = field(default=OMITTED, converter=in_number)
    unit: str | Omitted | None = OMITTED
    unit_price: Decimal | Omitted | None = field(default=OMITTED, converter=in_number)
    discount_percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage)
    )
    vat_percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage)
    )
    vat_code: str | Omitted | None = OMITTED
    net_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )
    vat_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )
    gross_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )
    accounting: Accounting | Omitted | None = OMITTED
    definition_details: list[DefinitionDetail] | Omitted | None = OMITTED


@define(kw_only=True)
class InvoiceAmounts(RequestModel):
    """Schema "InvoiceAmounts" (schemas.md §4) — invoice totals. **Inferred**: key
    ``invoice.amounts`` and the fields ``netAmount``, ``vatAmount``, ``grossAmount``
    (two-decimal ``Decimal``; negative for credit notes).
    """

    net_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )
    vat_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )
    gross_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )


@define(kw_only=True)
class PaymentTerms(RequestModel):
    """Schema "PaymentTerms" (schemas.md §4). **Inferred** keys: net ``days``, a printed
    ``description`` and an optional cash discount (``cashDiscountPercentage``,
    ``cashDiscountDays``).
    """

    days: int | Omitted | None = field(default=OMITTED, metadata=rule(is_positive_int))
    description: str | Omitted | None = OMITTED
    cash_discount_percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage)
    )
    cash_discount_days: int | Omitted | None = field(
        default=OMITTED, metadata=rule(is_positive_int)
    )


@define(kw_only=True)
class Interest(RequestModel):
    """Schema "Interest" (schemas.md §4) — penalty interest on late payment. **Inferred**
    key ``percentage``.
    """

    percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage)
    )


@define(kw_only=True)
class CollectionCosts(RequestModel):
    """Schema "Collection Costs" (schemas.md §4) — fees the collection may charge. **Inferred** keys
    (``reminderFee``, ``collectionFee``; two-decimal ``Decimal``).
    """

    reminder_fee: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )
    collection_fee: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )


@define(kw_only=True)
class CollectionInterest(RequestModel):
    """Schema "Collection Interest" (schemas.md §4). **Inferred** key ``percentage``."""

    percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage)
    )


@define(kw_only=True)
class Collection(RequestModel):
    """Schema "Collection" (schemas.md §4) — collection settings of the invoice. **Inferred** keys
    ``enabled``, ``costs`` (Collection Costs) and ``interest`` (Collection Interest).
    """

    enabled: bool | Omitted | None = OMITTED
    costs: CollectionCosts | Omitted | None = OMITTED
    interest: CollectionInterest | Omitted | None = OMITTED


@define(kw_only=True)
class Factoring(RequestModel):
    """Schema "Factoring" (schemas.md §4). **Inferred** from Finvoice ``FactoringAgreementDetails``:
    ``agreementIdentifier`` and the printed ``transferTerms`` text.
    """

    agreement_identifier: str | Omitted | None = OMITTED
    transfer_terms: str | Omitted | None = OMITTED


@define(kw_only=True)
class InvoiceTerms(RequestModel):
    """Schema "InvoiceTerms" (schemas.md §4). **Inferred**: key ``invoice.terms`` grouping
    ``paymentTerms``, ``interest``, ``collection`` and ``factoring``.
    """

    payment_terms: PaymentTerms | Omitted | None = OMITTED
    interest: Interest | Omitted | None = OMITTED
    collection: Collection | Omitted | None = OMITTED
    factoring: Factoring | Omitted | None = OMITTED


@define(kw_only=True)
class PaymentState(RequestModel):
    """Schema "PaymentState" (schemas.md §4). **Inferred** from Finvoice
    ``PaymentStatusDetails``: ``status`` (``NOTPAID``/``PARTLYPAID``/``PAID``),
    ``paidAmount`` and ``paidDate``.
    """

    status: PaymentStatusCode | Omitted | None = field(
        default=OMITTED, converter=_payment_status
    )
    paid_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )
    paid_date: dt.date | Omitted | None = field(default=OMITTED, converter=in_date)


@define(kw_only=True)
class PaymentData(RequestModel):
    """Schema "PaymentData" (schemas.md §4). **Inferred**: key ``invoice.paymentData`` with
    the amount to pay, its currency, and the invoice's ``paymentState``.
    """

    amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money)
    )
    currency_code: str | Omitted | None = field(
        default=OMITTED, converter=in_code, metadata=rule(is_currency)
    )
    payment_state: PaymentState | Omitted | None = OMITTED


@define(kw_only=True)
class InvoiceAttachment(RequestModel):
    """Schema "Invoice Attachments" (schemas.md §4) — one file sent with the invoice.
    **Inferred**: key ``invoice.attachments`` (a list) with ``fileName``, base64 ``content``
    and the optional ``mimeType`` (e.g. ``application/pdf``) and ``description``.
    """

    file_name: str = field(metadata=rule(_name_text))
    mime_type: str | Omitted | None = field(default=OMITTED, metadata=rule(_name_text))
    content: str = field(repr=False, metadata=rule(_name_text))
    description: str | Omitted | None = OMITTED


#: Docs: "InvoiceExtensions" — free key/value data. **Inferred**: key ``invoice.extensions``,
#: sent as given (values may be str, int, bool, Decimal, lists and nested mappings).
InvoiceExtensions = dict[str, Any]


@define(kw_only=True)
class InvoiceContentData(RequestModel):
    """``invoice`` (schema "Invoice Content Data", schemas.md §3): header, references and
    parties, plus the inferred parts (rows, amounts, terms, payment data, attachments,
    extensions, definition details), each sent only when given.
    """

    header: InvoiceHeader
    references: InvoiceReferences | Omitted | None = OMITTED
    parties: InvoiceParties
    rows: list[InvoiceRowData] | Omitted | None = OMITTED
    amounts: InvoiceAmounts | Omitted | None = OMITTED
    terms: InvoiceTerms | Omitted | None = OMITTED
    payment_data: PaymentData | Omitted | None = OMITTED
    definition_details: list[DefinitionDetail] | Omitted | None = OMITTED
    attachments: list[InvoiceAttachment] | Omitted | None = OMITTED
    extensions: InvoiceExtensions | Omitted | None = OMITTED


@define(kw_only=True)
class SalesInvoiceRequest(RequestModel):
    """The body of ``POST /api/v1/partner/invoice``: processing switches, distribution
    instructions and the invoice itself.

    Schema "SalesInvoiceRequest" (schemas.md §3).
    """

    processing: Processing = field(factory=Processing)
    distribution: Distribution
    invoice: InvoiceContentData
