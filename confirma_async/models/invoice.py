"""``SalesInvoiceRequest``: the body of ``POST /api/v1/partner/invoice`` (schemas.md).

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
    in_code,
    in_date,
    in_enum,
    in_money,
    in_number,
    is_a,
    is_bool,
    is_country,
    is_currency,
    is_date,
    is_email,
    is_enum,
    is_int,
    is_language,
    is_mapping,
    is_money,
    is_number,
    is_text,
    is_url,
    rule,
    validate,
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


_opt_text = is_text()
_name_text = is_text(non_empty=True)
_percentage = is_number(places=4)


# --- captured parts ------------------------------------------------------------------------


@define(kw_only=True)
class Processing:
    """``processing``: what the service does with the invoice.

    ``payment_control_enabled`` hands the invoice to the agency's payment control
    (reminders, collection); ``manual_approval_enabled`` holds it for manual approval;
    ``accounting_invoice_enabled`` also sends it to the accounting add-on;
    ``show_product_code_enabled`` prints product codes (schema sample only, so it is sent
    only when set). The meanings are read from the names [inferred].
    """

    payment_control_enabled: bool = field(default=False, metadata=rule(is_bool))
    manual_approval_enabled: bool = field(default=False, metadata=rule(is_bool))
    accounting_invoice_enabled: bool = field(default=False, metadata=rule(is_bool))
    show_product_code_enabled: bool | Omitted | None = field(
        default=OMITTED, metadata=rule(is_bool, omit=True)
    )


@define(kw_only=True)
class Distribution:
    """``distribution``: how the invoice is delivered (``EMAIL``; other methods n/c)."""

    method: DistributionMethod = field(
        converter=_method, metadata=rule(is_enum, required=True)
    )
    enabled: bool = field(default=True, metadata=rule(is_bool))


@define(kw_only=True)
class InvoiceHeader:
    """``invoice.header`` (docs: "Invoice Header object").

    The invoice ``number`` is an integer here (it is a string in payments/accounting).
    ``date``/``due_date`` take a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string.
    """

    number: int = field(metadata=rule(is_int(positive=True), required=True))
    type: InvoiceType | None = field(
        default=None, converter=_invoice_type, metadata=rule(is_enum)
    )
    date: dt.date = field(converter=in_date, metadata=rule(is_date, required=True))
    due_date: dt.date = field(converter=in_date, metadata=rule(is_date, required=True))
    description: str | None = field(default=None, metadata=rule(_opt_text))
    additional_information: str | None = field(default=None, metadata=rule(_opt_text))
    currency_code: str = field(converter=in_code, metadata=rule(is_currency, required=True))
    language_code: str = field(converter=in_code, metadata=rule(is_language, required=True))

    def cross_check(self) -> tuple[str, str] | None:
        """``(field, problem)`` when fields disagree with each other, else ``None``."""
        if (
            is_date(self.date) is None
            and is_date(self.due_date) is None
            and self.due_date < self.date
        ):
            return "dueDate", "must not be before the invoice date"
        return None


@define(kw_only=True)
class InvoiceReferences:
    """``invoice.references``: the seller's, buyer's, order, agreement and payment references.

    ``credited_invoice_number`` (integer) names the invoice a credit note credits
    [inferred]; ``invoice_copy_url`` is a link to a copy of the invoice [inferred].
    """

    sales: str | None = field(default=None, metadata=rule(_opt_text))
    buyer: str | None = field(default=None, metadata=rule(_opt_text))
    agreement: str | None = field(default=None, metadata=rule(_opt_text))
    payment: str | None = field(default=None, metadata=rule(_opt_text))
    order_number: str | None = field(default=None, metadata=rule(_opt_text))
    order_date: dt.date | None = field(default=None, converter=in_date, metadata=rule(is_date))
    electronic_payment_code: str | None = field(default=None, metadata=rule(_opt_text))
    credited_invoice_number: int | None = field(
        default=None, metadata=rule(is_int(positive=True))
    )
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
class Address:
    """A postal address (``…Party.address``).

    ``street2``, ``street3`` and ``country_name`` appear in only some of the docs'
    examples, so they are sent only when given (``None`` sends ``null``). Send plain postal
    codes (``"00100"``); the schema sample's ``"00100 (Helsinki)"`` is a display value.
    """

    street: str | None = field(default=None, metadata=rule(_opt_text))
    street2: str | Omitted | None = field(default=OMITTED, metadata=rule(_opt_text, omit=True))
    street3: str | Omitted | None = field(default=OMITTED, metadata=rule(_opt_text, omit=True))
    postal_code: str | None = field(default=None, metadata=rule(_opt_text))
    postal_district: str | None = field(default=None, metadata=rule(_opt_text))
    country_code: str | None = field(default=None, converter=in_code, metadata=rule(is_country))
    country_name: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )

    def cross_check(self) -> tuple[str, str] | None:
        """``(field, problem)`` when fields disagree with each other, else ``None``."""
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
class ContactPerson:
    """``contact.contactPerson``: a named person."""

    name: str | None = field(default=None, metadata=rule(_opt_text))
    email: str | None = field(default=None, metadata=rule(is_email))


@define(kw_only=True)
class Contact:
    """``…Party.contact``: contact person, general e-mail and phone (``+358501234567``)."""

    contact_person: ContactPerson | None = field(
        default=None, metadata=rule(is_a(ContactPerson))
    )
    email: str | None = field(default=None, metadata=rule(is_email))
    phone: str | None = field(default=None, metadata=rule(_opt_text))


@define(kw_only=True)
class PaymentDetails:
    """``sellerParty.paymentDetails``: where the buyer pays (IBAN/BIC, Swedish giro numbers)."""

    iban: str | None = field(default=None, metadata=rule(_opt_text))
    bic: str | None = field(default=None, metadata=rule(_opt_text))
    bankgiro: str | None = field(default=None, metadata=rule(_opt_text))
    postgiro: str | None = field(default=None, metadata=rule(_opt_text))


@define(kw_only=True)
class SellerParty:
    """``invoice.parties.sellerParty`` (docs: "Seller Party"): the invoicing creditor."""

    business_id: str | None = field(default=None, metadata=rule(_opt_text))
    name: str = field(metadata=rule(_name_text, required=True))
    vat_code: str | None = field(default=None, metadata=rule(_opt_text))
    address: Address | None = field(default=None, metadata=rule(is_a(Address)))
    contact: Contact | None = field(default=None, metadata=rule(is_a(Contact)))
    payment_details: PaymentDetails | None = field(
        default=None, metadata=rule(is_a(PaymentDetails))
    )


@define(kw_only=True)
class BuyerParty:
    """``invoice.parties.buyerParty``: the debtor.

    ``disable_collection`` (keep this buyer out of collection [inferred]) appears only in
    the schema sample, so it is sent only when set.
    """

    entity_type: EntityType | None = field(
        default=None, converter=_entity_type, metadata=rule(is_enum)
    )
    name: str = field(metadata=rule(_name_text, required=True))
    customer_account_id: str | None = field(default=None, metadata=rule(_opt_text))
    personal_identity_number: str | None = field(
        default=None, repr=False, metadata=rule(_opt_text)
    )
    business_id: str | None = field(default=None, metadata=rule(_opt_text))
    vat_code: str | None = field(default=None, metadata=rule(_opt_text))
    electronic_invoice_account: str | None = field(default=None, metadata=rule(_opt_text))
    electronic_routing_address: str | None = field(default=None, metadata=rule(_opt_text))
    gln_number: str | None = field(default=None, metadata=rule(_opt_text))
    language_code: str | None = field(
        default=None, converter=in_code, metadata=rule(is_language)
    )
    disable_collection: bool | Omitted | None = field(
        default=OMITTED, metadata=rule(is_bool, omit=True)
    )
    address: Address | None = field(default=None, metadata=rule(is_a(Address)))
    contact: Contact | None = field(default=None, metadata=rule(is_a(Contact)))


@define(kw_only=True)
class InvoiceRecipientParty:
    """``invoice.parties.invoiceRecipientParty``: who receives the invoice when it is not
    the buyer [inferred]. Further fields after ``address`` were not captured.
    """

    name: str | None = field(default=None, metadata=rule(_opt_text))
    business_id: str | None = field(default=None, metadata=rule(_opt_text))
    vat_code: str | None = field(default=None, metadata=rule(_opt_text))
    electronic_invoice_account: str | None = field(default=None, metadata=rule(_opt_text))
    electronic_routing_address: str | None = field(default=None, metadata=rule(_opt_text))
    gln_number: str | None = field(default=None, metadata=rule(_opt_text))
    email: str | None = field(default=None, metadata=rule(is_email))
    language_code: str | None = field(
        default=None, converter=in_code, metadata=rule(is_language)
    )
    address: Address | None = field(default=None, metadata=rule(is_a(Address)))


@define(kw_only=True)
class DeliveryParty:
    """Docs: "Delivery Party" — where goods were delivered. **Inferred**: the schema page
    was not captured; the key ``invoice.parties.deliveryParty`` and the fields mirror the
    other parties (Finvoice ``DeliveryPartyDetails``). Only fields you set are sent.
    """

    name: str | Omitted | None = field(default=OMITTED, metadata=rule(_opt_text, omit=True))
    business_id: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )
    gln_number: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )
    address: Address | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(Address), omit=True)
    )
    contact: Contact | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(Contact), omit=True)
    )


@define(kw_only=True)
class InvoiceParties:
    """``invoice.parties`` (docs: "Invoice Parties"). The recipient and delivery parties
    are sent only when given.
    """

    seller_party: SellerParty = field(metadata=rule(is_a(SellerParty), required=True))
    buyer_party: BuyerParty = field(metadata=rule(is_a(BuyerParty), required=True))
    invoice_recipient_party: InvoiceRecipientParty | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(InvoiceRecipientParty), omit=True)
    )
    delivery_party: DeliveryParty | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(DeliveryParty), omit=True)
    )


# --- inferred parts (schema pages not captured) --------------------------------------------


@define(kw_only=True)
class DefinitionDetail:
    """Docs: "Definition Detail" — a free header/value pair printed on the invoice or a row.
    **Inferred** from Finvoice ``DefinitionDetails`` (keys ``header``, ``value``).
    """

    header: str = field(metadata=rule(_name_text, required=True))
    value: str = field(metadata=rule(_opt_text, required=True))


@define(kw_only=True)
class Accounting:
    """Docs: "Accounting" — bookkeeping data of an invoice row. **Inferred** keys
    (``accountNumber``, ``costCenter``, ``projectNumber``, as in the ledger rows).
    """

    account_number: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )
    cost_center: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )
    project_number: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )


@define(kw_only=True)
class InvoiceRowData:
    """Docs: "InvoiceRowData" — one invoice line. **Inferred**: key ``invoice.rows`` and
    the field names (Finvoice ``InvoiceRow``: product code, quantity, unit price, VAT).
    Amounts are ``Decimal`` with two decimals; quantities and unit prices are exact
    ``Decimal`` (more decimals allowed); percentages allow four decimals.
    """

    product_code: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )
    description: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )
    quantity: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(is_number(), omit=True)
    )
    unit: str | Omitted | None = field(default=OMITTED, metadata=rule(_opt_text, omit=True))
    unit_price: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(is_number(), omit=True)
    )
    discount_percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage, omit=True)
    )
    vat_percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage, omit=True)
    )
    vat_code: str | Omitted | None = field(default=OMITTED, metadata=rule(_opt_text, omit=True))
    net_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )
    vat_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )
    gross_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )
    accounting: Accounting | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(Accounting), omit=True)
    )
    definition_details: list[DefinitionDetail] | Omitted | None = field(
        default=OMITTED, metadata=rule(omit=True, items=DefinitionDetail)
    )


@define(kw_only=True)
class InvoiceAmounts:
    """Docs: "InvoiceAmounts" — invoice totals. **Inferred**: key ``invoice.amounts`` and
    the fields ``netAmount``, ``vatAmount``, ``grossAmount`` (two-decimal ``Decimal``;
    negative for credit notes).
    """

    net_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )
    vat_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )
    gross_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )


@define(kw_only=True)
class PaymentTerms:
    """Docs: "PaymentTerms". **Inferred** keys: net ``days``, a printed ``description``
    and an optional cash discount (``cashDiscountPercentage``, ``cashDiscountDays``).
    """

    days: int | Omitted | None = field(
        default=OMITTED, metadata=rule(is_int(positive=True), omit=True)
    )
    description: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )
    cash_discount_percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage, omit=True)
    )
    cash_discount_days: int | Omitted | None = field(
        default=OMITTED, metadata=rule(is_int(positive=True), omit=True)
    )


@define(kw_only=True)
class Interest:
    """Docs: "Interest" — penalty interest on late payment. **Inferred** key ``percentage``."""

    percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage, omit=True)
    )


@define(kw_only=True)
class CollectionCosts:
    """Docs: "Collection Costs" — fees the collection may charge. **Inferred** keys
    (``reminderFee``, ``collectionFee``; two-decimal ``Decimal``).
    """

    reminder_fee: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )
    collection_fee: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )


@define(kw_only=True)
class CollectionInterest:
    """Docs: "Collection Interest". **Inferred** key ``percentage``."""

    percentage: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_number, metadata=rule(_percentage, omit=True)
    )


@define(kw_only=True)
class Collection:
    """Docs: "Collection" — collection settings of the invoice. **Inferred** keys
    ``enabled``, ``costs`` (Collection Costs) and ``interest`` (Collection Interest).
    """

    enabled: bool | Omitted | None = field(default=OMITTED, metadata=rule(is_bool, omit=True))
    costs: CollectionCosts | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(CollectionCosts), omit=True)
    )
    interest: CollectionInterest | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(CollectionInterest), omit=True)
    )


@define(kw_only=True)
class Factoring:
    """Docs: "Factoring". **Inferred** from Finvoice ``FactoringAgreementDetails``:
    ``agreementIdentifier`` and the printed ``transferTerms`` text.
    """

    agreement_identifier: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )
    transfer_terms: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )


@define(kw_only=True)
class InvoiceTerms:
    """Docs: "InvoiceTerms". **Inferred**: key ``invoice.terms`` grouping ``paymentTerms``,
    ``interest``, ``collection`` and ``factoring``.
    """

    payment_terms: PaymentTerms | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(PaymentTerms), omit=True)
    )
    interest: Interest | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(Interest), omit=True)
    )
    collection: Collection | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(Collection), omit=True)
    )
    factoring: Factoring | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(Factoring), omit=True)
    )


@define(kw_only=True)
class PaymentState:
    """Docs: "PaymentState". **Inferred** from Finvoice ``PaymentStatusDetails``: ``status``
    (``NOTPAID``/``PARTLYPAID``/``PAID``), ``paidAmount`` and ``paidDate``.
    """

    status: PaymentStatusCode | Omitted | None = field(
        default=OMITTED, converter=_payment_status, metadata=rule(is_enum, omit=True)
    )
    paid_amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )
    paid_date: dt.date | Omitted | None = field(
        default=OMITTED, converter=in_date, metadata=rule(is_date, omit=True)
    )


@define(kw_only=True)
class PaymentData:
    """Docs: "PaymentData". **Inferred**: key ``invoice.paymentData`` with the amount to
    pay, its currency, and the invoice's ``paymentState``.
    """

    amount: Decimal | Omitted | None = field(
        default=OMITTED, converter=in_money, metadata=rule(is_money, omit=True)
    )
    currency_code: str | Omitted | None = field(
        default=OMITTED, converter=in_code, metadata=rule(is_currency, omit=True)
    )
    payment_state: PaymentState | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(PaymentState), omit=True)
    )


@define(kw_only=True)
class InvoiceAttachment:
    """Docs: "Invoice Attachments" — one file sent with the invoice. **Inferred**: key
    ``invoice.attachments`` (a list) with ``fileName``, base64 ``content`` and the optional
    ``mimeType`` (e.g. ``application/pdf``) and ``description``.
    """

    file_name: str = field(metadata=rule(_name_text, required=True))
    mime_type: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_name_text, omit=True)
    )
    content: str = field(repr=False, metadata=rule(_name_text, required=True))
    description: str | Omitted | None = field(
        default=OMITTED, metadata=rule(_opt_text, omit=True)
    )


#: Docs: "InvoiceExtensions" — free key/value data. **Inferred**: key ``invoice.extensions``,
#: sent as given (values may be str, int, bool, Decimal, lists and nested mappings).
InvoiceExtensions = dict[str, Any]


@define(kw_only=True)
class InvoiceContentData:
    """``invoice`` (docs: "Invoice Content Data"): header, references and parties, plus
    the inferred parts (rows, amounts, terms, payment data, attachments, extensions,
    definition details), each sent only when given.
    """

    header: InvoiceHeader = field(metadata=rule(is_a(InvoiceHeader), required=True))
    references: InvoiceReferences | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(InvoiceReferences), omit=True)
    )
    parties: InvoiceParties = field(metadata=rule(is_a(InvoiceParties), required=True))
    rows: list[InvoiceRowData] | Omitted | None = field(
        default=OMITTED, metadata=rule(omit=True, items=InvoiceRowData)
    )
    amounts: InvoiceAmounts | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(InvoiceAmounts), omit=True)
    )
    terms: InvoiceTerms | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(InvoiceTerms), omit=True)
    )
    payment_data: PaymentData | Omitted | None = field(
        default=OMITTED, metadata=rule(is_a(PaymentData), omit=True)
    )
    definition_details: list[DefinitionDetail] | Omitted | None = field(
        default=OMITTED, metadata=rule(omit=True, items=DefinitionDetail)
    )
    attachments: list[InvoiceAttachment] | Omitted | None = field(
        default=OMITTED, metadata=rule(omit=True, items=InvoiceAttachment)
    )
    extensions: InvoiceExtensions | Omitted | None = field(
        default=OMITTED, metadata=rule(is_mapping, omit=True)
    )


@define(kw_only=True)
class SalesInvoiceRequest:
    """The body of ``POST /api/v1/partner/invoice``: processing switches, distribution
    instructions and the invoice itself.
    """

    processing: Processing = field(factory=Processing, metadata=rule(is_a(Processing)))
    distribution: Distribution = field(
        metadata=rule(is_a(Distribution), required=True)
    )
    invoice: InvoiceContentData = field(
        metadata=rule(is_a(InvoiceContentData), required=True)
    )

    def validate(self) -> SalesInvoiceRequest:
        """Check the whole tree; raise ``ConfirmaValueError`` naming the first bad field's
        wire path (``invoice.parties.buyerParty.address.countryCode``). Returns ``self``.
        """
        validate(self)
        return self
