"""``invoices.create``: the SalesInvoiceRequest wire shape and its validation."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from confirma_async import (
    AsyncConfirmaClient,
    ConfirmaClient,
    ConfirmaValueError,
    SalesInvoiceRequest,
    ServerError,
    SubmissionReceipt,
    serde,
)
from confirma_async.models import (
    OMITTED,
    Accounting,
    Address,
    BuyerParty,
    Collection,
    CollectionCosts,
    Contact,
    ContactPerson,
    DefinitionDetail,
    DeliveryParty,
    Distribution,
    DistributionMethod,
    InvoiceAmounts,
    InvoiceAttachment,
    InvoiceContentData,
    InvoiceHeader,
    InvoiceParties,
    InvoiceRecipientParty,
    InvoiceReferences,
    InvoiceRowData,
    InvoiceTerms,
    PaymentData,
    PaymentDetails,
    PaymentState,
    PaymentTerms,
    Processing,
    SellerParty,
)
from confirma_async.models._validate import ISO_3166_ALPHA2
from tests.cfis_samples import (
    example_invoice,
    sales_invoice_example,
    sent_json,
    sent_requests,
    truncated_example,
)

INVOICE_URL = "https://integrations.confirmafinance.com/api/v1/partner/invoice"


def wire(request: SalesInvoiceRequest) -> Any:
    return serde.loads(serde.dumps(serde.unstructure(request)))


def drop_keys_beyond_cut(body: Any) -> Any:
    # The example stops inside invoiceRecipientParty.address after street2/street3:
    # the keys our Address writes after that point are not in the captured text.
    address = body["invoice"]["parties"]["invoiceRecipientParty"]["address"]
    for key in ("postalCode", "postalDistrict", "countryCode"):
        address.pop(key)
    return body


# --- wire shape -----------------------------------------------------------------------------


def test_example_invoice_serializes_to_the_documented_example() -> None:
    example = sales_invoice_example()
    # The cut example ends at street2; street3 is the field the cut went through.
    example["invoice"]["parties"]["invoiceRecipientParty"]["address"]["street3"] = None
    assert drop_keys_beyond_cut(wire(example_invoice())) == example


def test_example_invoice_sends_explicit_nulls_where_the_example_does() -> None:
    body = wire(example_invoice())
    header = body["invoice"]["header"]
    assert "description" in header and header["description"] is None
    assert body["invoice"]["references"]["creditedInvoiceNumber"] is None
    assert body["invoice"]["parties"]["buyerParty"]["personalIdentityNumber"] is None
    assert body["invoice"]["parties"]["sellerParty"]["paymentDetails"]["bankgiro"] is None


def test_fields_absent_from_the_endpoint_example_are_omitted_unless_given() -> None:
    body = wire(example_invoice())
    seller_address = body["invoice"]["parties"]["sellerParty"]["address"]
    assert "street2" not in seller_address and "street3" not in seller_address
    assert "countryName" not in body["invoice"]["parties"]["buyerParty"]["address"]
    assert "showProductCodeEnabled" not in body["processing"]
    assert "disableCollection" not in body["invoice"]["parties"]["buyerParty"]


def test_inferred_parts_are_not_sent_unless_set() -> None:
    invoice = wire(example_invoice())["invoice"]
    assert set(invoice) == {"header", "references", "parties"}
    assert set(invoice["parties"]) == {"sellerParty", "buyerParty", "invoiceRecipientParty"}


def test_invoice_number_is_an_integer_and_dates_are_iso_strings() -> None:
    header = wire(example_invoice())["invoice"]["header"]
    assert header["number"] == 251601000 and isinstance(header["number"], int)
    assert header["date"] == "2025-12-01" and header["dueDate"] == "2025-12-15"


def test_inferred_parts_serialize_with_their_inferred_keys_and_two_decimal_amounts() -> None:
    request = example_invoice()
    request.invoice.rows = [
        InvoiceRowData(
            product_code="P-1",
            description="Consulting",
            quantity="1.5",
            unit="h",
            unit_price=Decimal("80"),
            vat_percentage=Decimal("25.5"),
            net_amount=120,
            vat_amount="30.6",
            gross_amount=Decimal("150.60"),
            accounting=Accounting(account_number="3000"),
            definition_details=[DefinitionDetail(header="Project", value="X1")],
        )
    ]
    request.invoice.amounts = InvoiceAmounts(
        net_amount=120, vat_amount="30.60", gross_amount=Decimal("150.6")
    )
    request.invoice.terms = InvoiceTerms(
        payment_terms=PaymentTerms(days=14),
        collection=Collection(costs=CollectionCosts(reminder_fee=5)),
    )
    request.invoice.payment_data = PaymentData(payment_state=PaymentState(status="paid"))
    request.invoice.extensions = {"costCenter": "A1", "weight": Decimal("1.25")}
    request.validate()
    text = serde.dumps(serde.unstructure(request)).decode()
    body = serde.loads(text)["invoice"]
    row = body["rows"][0]
    assert row["netAmount"] == Decimal("120.00") and '"netAmount":120.00' in text
    assert '"vatAmount":30.60' in text and '"quantity":1.5' in text
    assert row["accounting"] == {"accountNumber": "3000"}
    assert row["definitionDetails"] == [{"header": "Project", "value": "X1"}]
    assert body["amounts"] == {
        "netAmount": Decimal("120.00"), "vatAmount": Decimal("30.60"),
        "grossAmount": Decimal("150.60"),
    }
    assert body["terms"] == {"paymentTerms": {"days": 14},
                             "collection": {"costs": {"reminderFee": Decimal("5.00")}}}
    assert body["paymentData"] == {"paymentState": {"status": "paid"}}  # enum text as given
    assert body["extensions"] == {"costCenter": "A1", "weight": Decimal("1.25")}


def test_attachment_sends_only_what_is_set_and_hides_its_content_in_repr() -> None:
    request = example_invoice()
    attachment = InvoiceAttachment(file_name="invoice.pdf", content="JVBERi0xLjQK")
    request.invoice.attachments = [attachment]
    request.validate()
    assert wire(request)["invoice"]["attachments"] == [
        {"fileName": "invoice.pdf", "content": "JVBERi0xLjQK"}]
    assert "JVBERi0xLjQK" not in repr(attachment)


def test_none_on_an_omittable_field_sends_an_explicit_null() -> None:
    request = example_invoice()
    request.processing.show_product_code_enabled = None
    assert wire(request)["processing"]["showProductCodeEnabled"] is None


def test_schema_sample_shape_is_reproduced_as_far_as_captured() -> None:
    # The schema page's sample, cut at the recipient's "languageCode" key (no value).
    sample = truncated_example(
        "sales_invoice_request.schema_sample.truncated.json", '"languageCode"\n', "}}}}"
    )
    placeholder_address = Address(
        street="string", street2="string", street3="string", postal_code="00100 (Helsinki)",
        postal_district="string", country_code="string", country_name="string",
    )
    contact = Contact(contact_person=ContactPerson(name="string", email="user@example.com"),
                      email="string", phone="string")
    text: dict[str, Any] = dict.fromkeys(
        ("business_id", "vat_code", "electronic_invoice_account", "electronic_routing_address",
         "gln_number"), "string")
    request = SalesInvoiceRequest(
        processing=Processing(payment_control_enabled=True, show_product_code_enabled=True),
        distribution=Distribution(method="EMAIL"),
        invoice=InvoiceContentData(
            header=InvoiceHeader(number=0, type=None, date="2019-08-24", due_date="2019-08-24",
                                 description="string", additional_information="string",
                                 currency_code="EUR", language_code="FI"),
            references=InvoiceReferences(
                sales="string", buyer="string", order_number="string", order_date="2019-08-24",
                agreement="string", payment="string", electronic_payment_code="string",
                credited_invoice_number=1),
            parties=InvoiceParties(
                seller_party=SellerParty(
                    business_id="string", name="string", vat_code="string",
                    address=placeholder_address, contact=contact,
                    payment_details=PaymentDetails(iban="string", bic="string",
                                                   bankgiro="string", postgiro="string")),
                buyer_party=BuyerParty(
                    entity_type="string", name="string", customer_account_id="string",
                    personal_identity_number="string", language_code="string",
                    disable_collection=False, address=placeholder_address, contact=contact,
                    **text),
                invoice_recipient_party=InvoiceRecipientParty(
                    name="string", email="user@example.com", **text),
            ),
        ),
    )
    body = wire(request)
    parties = body["invoice"]["parties"]
    for key in ("languageCode", "address"):  # at and after the cut
        parties["invoiceRecipientParty"].pop(key)
    # Code fields are upper-cased on purpose; the sample's placeholder is not a code.
    for holder in (parties["sellerParty"]["address"], parties["buyerParty"]["address"]):
        assert holder["countryCode"] == "STRING"
        holder["countryCode"] = "string"
    assert parties["buyerParty"]["languageCode"] == "STRING"
    parties["buyerParty"]["languageCode"] = "string"
    # The one documented difference between the two pages (README §9): the endpoint
    # example has references.invoiceCopyUrl, the schema sample does not.
    assert body["invoice"]["references"].pop("invoiceCopyUrl") is None
    assert body == sample


def test_country_table_holds_every_assigned_alpha2_code() -> None:
    assert len(ISO_3166_ALPHA2) == 249
    assert {"FI", "SE", "NO", "DK", "AX", "GB", "DE"} <= ISO_3166_ALPHA2
    assert not {"UK", "EU", "XK", "ZZ"} & ISO_3166_ALPHA2


def test_codes_are_upper_cased_and_enums_accept_plain_strings() -> None:
    request = example_invoice()
    request.invoice.header.currency_code = " eur "
    request.invoice.header.language_code = "sv"
    request.distribution.method = "email"  # type: ignore[assignment]
    request.validate()
    body = wire(request)
    assert body["invoice"]["header"]["currencyCode"] == "EUR"
    assert body["invoice"]["header"]["languageCode"] == "SV"
    assert request.distribution.method.member is DistributionMethod.EMAIL
    assert body["distribution"]["method"] == "email"  # an open enum keeps the text given


def test_unknown_distribution_method_is_kept() -> None:
    request = example_invoice()
    request.distribution.method = "EINVOICE"  # type: ignore[assignment]
    request.validate()
    assert wire(request)["distribution"]["method"] == "EINVOICE"
    assert not request.distribution.method.is_known


# --- the endpoint ---------------------------------------------------------------------------


async def test_create_posts_the_invoice_and_returns_a_receipt(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(INVOICE_URL, payload={"status": "ACCEPTED"},
                    headers={"X-Request-Id": "req-7"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            receipt = await client.invoices.create(example_invoice())
        ((method, url, kwargs),) = sent_requests(mocked)
        body = sent_json(mocked)
    assert (method, url) == ("POST", INVOICE_URL)
    assert kwargs["headers"]["Content-Type"] == "application/json"
    assert body["invoice"]["header"]["number"] == 251601000
    assert receipt == SubmissionReceipt(status=200, request_id="req-7",
                                        data={"status": "ACCEPTED"})


async def test_create_accepts_an_empty_response_body(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(INVOICE_URL, status=201, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            receipt = await client.invoices.create(example_invoice())
    assert receipt.status == 201 and receipt.data is None


async def test_create_is_not_retried_after_a_server_error(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(INVOICE_URL, status=503, repeat=True)
        async with AsyncConfirmaClient(api_key=api_key, max_retries=3) as client:
            with pytest.raises(ServerError):
                await client.invoices.create(example_invoice())
        assert len(sent_requests(mocked)) == 1


def test_sync_create_posts_the_same_body(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(INVOICE_URL, payload={})
        with ConfirmaClient(api_key=api_key) as client:
            receipt = client.invoices.create(example_invoice())
        body = sent_json(mocked)
    assert receipt.status == 200
    assert body == wire(example_invoice())


# --- validation: the path names the field, nothing is sent -----------------------------------


def _set(request: SalesInvoiceRequest, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    target: Any = request
    for name in parents:
        target = getattr(target, name)
    setattr(target, last, value)


BAD_FIELDS = [
    ("invoice.parties.buyer_party.address.country_code", "XX",
     "invoice.parties.buyerParty.address.countryCode", "ISO 3166-1"),
    ("invoice.parties.seller_party.address.country_code", "FIN",
     "invoice.parties.sellerParty.address.countryCode", "ISO 3166-1"),
    ("invoice.header.currency_code", "EURO", "invoice.header.currencyCode", "ISO 4217"),
    ("invoice.header.currency_code", "XYZ", "invoice.header.currencyCode", "ISO 4217"),
    ("invoice.header.language_code", "FIN", "invoice.header.languageCode", "two-letter"),
    ("invoice.header.date", "2025-02-30", "invoice.header.date", "ISO 8601 date"),
    ("invoice.header.due_date", "15.12.2025", "invoice.header.dueDate", "ISO 8601 date"),
    ("invoice.header.due_date", date(2025, 11, 30), "invoice.header.dueDate",
     "before the invoice date"),
    ("invoice.header.number", 0, "invoice.header.number", "positive integer"),
    ("invoice.header.number", None, "invoice.header.number", "is required"),
    ("invoice.parties.buyer_party.contact.email", "not-an-email",
     "invoice.parties.buyerParty.contact.email", "e-mail"),
    ("invoice.parties.seller_party.contact.contact_person.email", "a@b@c",
     "invoice.parties.sellerParty.contact.contactPerson.email", "e-mail"),
    ("invoice.parties.invoice_recipient_party.email", "x@",
     "invoice.parties.invoiceRecipientParty.email", "e-mail"),
    ("invoice.references.invoice_copy_url", "not a url",
     "invoice.references.invoiceCopyUrl", "URL"),
    ("invoice.references.invoice_copy_url", "ftp://example.com/x.pdf",
     "invoice.references.invoiceCopyUrl", "URL"),
    ("invoice.parties.buyer_party.address.postal_code", "0010",
     "invoice.parties.buyerParty.address.postalCode", "postal code of FI"),
    ("invoice.parties.buyer_party.address.postal_code", "00100 (Helsinki)",
     "invoice.parties.buyerParty.address.postalCode", "postal code of FI"),
    ("invoice.parties.buyer_party.name", "  ", "invoice.parties.buyerParty.name", "empty"),
    ("invoice.parties.buyer_party.name", None, "invoice.parties.buyerParty.name", "required"),
    ("processing.payment_control_enabled", "yes", "processing.paymentControlEnabled",
     "true or false"),
    ("distribution.method", None, "distribution.method", "required"),
]


@pytest.mark.parametrize(("attr_path", "value", "wire_path", "reason"), BAD_FIELDS,
                         ids=[case[2] + "=" + repr(case[1]) for case in BAD_FIELDS])
async def test_invalid_field_is_named_by_its_wire_path_and_nothing_is_sent(
    api_key: str, attr_path: str, value: Any, wire_path: str, reason: str
) -> None:
    request = example_invoice()
    _set(request, attr_path, value)
    with aioresponses() as mocked:
        mocked.post(INVOICE_URL, payload={})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.invoices.create(request)
        assert sent_requests(mocked) == []
    assert info.value.field == wire_path
    assert reason in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("amount", "reason"),
    [(Decimal("10.005"), "at most 2 decimals"), (10.5, "floats are not accepted"),
     ("ten", "Decimal"), (Decimal("NaN"), "finite")],
)
def test_money_in_a_row_must_be_an_exact_two_decimal_amount(amount: Any, reason: str) -> None:
    request = example_invoice()
    request.invoice.rows = [InvoiceRowData(net_amount=Decimal("1.00")),
                            InvoiceRowData(net_amount=amount)]
    with pytest.raises(ConfirmaValueError, match=reason) as info:
        request.validate()
    assert info.value.field == "invoice.rows[1].netAmount"


def test_omitted_is_refused_on_a_field_that_is_always_sent() -> None:
    request = example_invoice()
    request.invoice.header.description = OMITTED  # type: ignore[assignment]
    with pytest.raises(ConfirmaValueError, match="cannot be left out") as info:
        request.validate()
    assert info.value.field == "invoice.header.description"


def test_a_wrong_item_type_in_a_list_is_named_by_its_index() -> None:
    request = example_invoice()
    request.invoice.attachments = [
        InvoiceAttachment(file_name="a.pdf", content="JVBERi0="),
        {"fileName": "b.pdf"},  # type: ignore[list-item]
    ]
    with pytest.raises(ConfirmaValueError, match="InvoiceAttachment") as info:
        request.validate()
    assert info.value.field == "invoice.attachments[1]"


def test_a_wrong_part_type_is_named() -> None:
    request = example_invoice()
    request.invoice.parties.delivery_party = Address()  # type: ignore[assignment]
    with pytest.raises(ConfirmaValueError, match="DeliveryParty") as info:
        request.validate()
    assert info.value.field == "invoice.parties.deliveryParty"


def test_nested_inferred_part_errors_carry_the_full_path() -> None:
    request = example_invoice()
    request.invoice.parties.delivery_party = DeliveryParty(
        address=Address(street="Gatan 1", postal_code="1234", country_code="SE")
    )
    with pytest.raises(ConfirmaValueError) as info:
        request.validate()
    assert info.value.field == "invoice.parties.deliveryParty.address.postalCode"


def test_error_message_does_not_repeat_the_personal_value() -> None:
    request = example_invoice()
    request.invoice.parties.buyer_party.contact.email = "matti.secret-address"  # type: ignore[union-attr]
    with pytest.raises(ConfirmaValueError) as info:
        request.validate()
    assert "matti" not in str(info.value)


@pytest.mark.parametrize("code", ["FI", "AX", "SE", "NO", "DK"])
def test_nordic_postal_codes_of_each_country_pass(code: str) -> None:
    sample = {"FI": "00100", "AX": "22100", "SE": "114 55", "NO": "0150", "DK": "1050"}
    request = example_invoice()
    request.invoice.parties.buyer_party.address = Address(
        street="Street 1", postal_code=sample[code], postal_district="CITY", country_code=code
    )
    request.validate()


def test_empty_email_counts_as_not_given() -> None:
    request = example_invoice()
    request.invoice.parties.buyer_party.contact.email = ""  # type: ignore[union-attr]
    request.validate()


async def test_create_refuses_something_that_is_not_a_sales_invoice_request(
    api_key: str,
) -> None:
    async with AsyncConfirmaClient(api_key=api_key) as client:
        with pytest.raises(ConfirmaValueError) as info:
            await client.invoices.create({"invoice": {}})  # type: ignore[arg-type]
    assert info.value.field == "invoice"


def test_nothing_is_sent_by_the_sync_client_for_a_bad_invoice(api_key: str) -> None:
    request = example_invoice()
    request.invoice.header.currency_code = "ABC"
    with aioresponses() as mocked:
        mocked.post(re.compile(".*"), payload={})
        with ConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                client.invoices.create(request)
        assert sent_requests(mocked) == []
    assert info.value.field == "invoice.header.currencyCode"
