"""Claim request builders: the send-time check refuses bad input, naming the field.

Building never refuses; ``validate()`` runs the check that every write runs before it
sends (the last tests here go through the client). A part checked on its own is named
from its own root (``address.countryCode``), inside a claim from the claim's.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from confirma_async import ConfirmaValueError
from confirma_async.collection import AsyncCollectionClient
from confirma_async.models import (
    AllocateTo,
    ClaimAddress,
    ClaimBankAccount,
    ClaimCancellationRequest,
    ClaimCommunicationChannel,
    ClaimContract,
    ClaimCreditWaiverRequest,
    ClaimCustomer,
    ClaimInvoiceRequest,
    ClaimPaymentRequest,
    ClaimRecallRequest,
    ClaimRequest,
    Gender,
)

PAYMENT: dict[str, Any] = {
    "invoice_number": "I0417211448",
    "payment_number": "P5803137068",
    "date": date(2023, 6, 23),
    "amount": Decimal("150.00"),
    "currency": "EUR",
}
WAIVER: dict[str, Any] = {
    "invoice_number": "I0417211448",
    "credit_waiver_number": "D488839937733",
    "date": date(2023, 6, 23),
    "amount": Decimal("100"),
    "currency": "EUR",
}
INVOICE: dict[str, Any] = {
    "invoice_number": "I1",
    "invoice_date": date(2023, 6, 23),
    "remaining_amount": Decimal("100"),
    "original_amount": Decimal("120"),
    "currency": "EUR",
}


def refused(build: Any, **kwargs: Any) -> ConfirmaValueError:
    """What the check refuses in ``build(**kwargs)`` (building it never refuses)."""
    request = build(**kwargs)
    with pytest.raises(ConfirmaValueError) as caught:
        request.validate()
    return caught.value


def customer(**overrides: Any) -> ClaimCustomer:
    values: dict[str, Any] = {"customer_number": "C1", "type": "PRIVATE", "last_name": "Hilll"}
    return ClaimCustomer(**{**values, **overrides})


def test_payment_number_is_required_so_a_resent_payment_is_deduplicated() -> None:
    values = {k: v for k, v in PAYMENT.items() if k != "payment_number"}
    with pytest.raises(TypeError, match="payment_number"):
        ClaimPaymentRequest(**values)
    assert refused(ClaimPaymentRequest, **values, payment_number=None).field == (
        "payment.paymentNumber")


def test_blank_payment_number_is_refused() -> None:
    error = refused(ClaimPaymentRequest, **{**PAYMENT, "payment_number": "  "})
    assert error.field == "payment.paymentNumber"


def test_credit_waiver_number_is_required() -> None:
    values = {k: v for k, v in WAIVER.items() if k != "credit_waiver_number"}
    with pytest.raises(TypeError, match="credit_waiver_number"):
        ClaimCreditWaiverRequest(**values)
    error = refused(ClaimCreditWaiverRequest, **values, credit_waiver_number=None)
    assert error.field == "creditWaiver.creditWaiverNumber"


def test_identifier_longer_than_40_characters_is_refused() -> None:
    error = refused(ClaimPaymentRequest, **{**PAYMENT, "invoice_number": "I" * 41})
    assert error.field == "payment.invoiceNumber"
    assert "40" in str(error)


def test_forty_character_identifier_is_accepted() -> None:
    assert ClaimPaymentRequest(**{**PAYMENT, "payment_number": "P" * 40}).payment_number == "P" * 40


def test_description_longer_than_256_characters_is_refused() -> None:
    error = refused(ClaimPaymentRequest, **{**PAYMENT, "description": "x" * 257})
    assert error.field == "payment.description"


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-1"), "-0.01"])
def test_amount_must_be_positive(amount: Any) -> None:
    assert refused(ClaimPaymentRequest, **{**PAYMENT, "amount": amount}).field == "payment.amount"


def test_amount_with_three_decimals_is_refused() -> None:
    error = refused(ClaimPaymentRequest, **{**PAYMENT, "amount": Decimal("1.005")})
    assert "2 decimals" in str(error)


def test_float_amount_is_refused() -> None:
    error = refused(ClaimPaymentRequest, **{**PAYMENT, "amount": 150.5})
    assert error.field == "payment.amount" and "float" in str(error)


def test_amount_longer_than_twelve_characters_is_refused() -> None:
    error = refused(ClaimPaymentRequest, **{**PAYMENT, "amount": Decimal("1234567890.12")})
    assert error.field == "payment.amount"


def test_amount_text_is_read_exactly() -> None:
    assert ClaimPaymentRequest(**{**PAYMENT, "amount": "250.75"}).amount == Decimal("250.75")


@pytest.mark.parametrize("currency", ["EURO", "XYZ", "", 978])
def test_currency_must_be_iso_4217(currency: Any) -> None:
    error = refused(ClaimPaymentRequest, **{**PAYMENT, "currency": currency})
    assert error.field == "payment.currency"


def test_lower_case_currency_is_normalised() -> None:
    assert ClaimPaymentRequest(**{**PAYMENT, "currency": "sek"}).currency == "SEK"


@pytest.mark.parametrize(
    "value", ["2023-02-30", "23-06-2023", datetime(2023, 6, 23, tzinfo=timezone.utc)]
)
def test_date_must_be_a_real_iso_date(value: Any) -> None:
    assert refused(ClaimPaymentRequest, **{**PAYMENT, "date": value}).field == "payment.date"


def test_iso_date_text_is_parsed() -> None:
    assert ClaimPaymentRequest(**{**PAYMENT, "date": "2024-02-29"}).date == date(2024, 2, 29)


def test_allocate_to_accepts_any_case_and_refuses_unknown_values() -> None:
    payment = ClaimPaymentRequest(**{**PAYMENT, "allocate_to": "client_costs"})
    assert payment.allocate_to is not None
    assert payment.allocate_to.member is AllocateTo.CLIENT_COSTS
    error = refused(ClaimPaymentRequest, **{**PAYMENT, "allocate_to": "SOMEWHERE"})
    assert error.field == "payment.allocateTo"
    assert "PRINCIPAL_CLAIM" in str(error)


def test_recall_amount_needs_a_currency() -> None:
    error = refused(ClaimRecallRequest, invoice_number="I1", amount=Decimal(5))
    assert error.field == "recall.currency"


def test_recall_type_must_be_a_documented_reason() -> None:
    assert refused(ClaimRecallRequest, invoice_number="I1", type="BORED").field == "recall.type"


def test_cancellation_needs_the_original_reference_number() -> None:
    values: dict[str, Any] = {"date": date(2024, 7, 23), "amount": Decimal(1), "currency": "EUR"}
    with pytest.raises(TypeError, match="reference_number"):
        ClaimCancellationRequest(**values)
    error = refused(ClaimCancellationRequest, **values, reference_number=None)
    assert error.field == "cancellation.referenceNumber"


def test_invoice_remaining_amount_cannot_exceed_original() -> None:
    error = refused(ClaimInvoiceRequest, **{**INVOICE, "remaining_amount": Decimal(121)})
    assert error.field == "invoice.remainingAmount"


def test_invoice_due_date_cannot_precede_invoice_date() -> None:
    error = refused(ClaimInvoiceRequest, **{**INVOICE, "due_date": date(2023, 6, 1)})
    assert error.field == "invoice.dueDate"


def test_tax_rate_must_be_a_percentage() -> None:
    error = refused(ClaimInvoiceRequest, **{**INVOICE, "tax_rate": Decimal(190)})
    assert error.field == "invoice.taxRate"


def test_private_customer_needs_a_last_name() -> None:
    error = refused(ClaimCustomer, customer_number="C1", type="private")
    assert error.field == "customer.lastName"


def test_company_customer_needs_a_company_name() -> None:
    error = refused(ClaimCustomer, customer_number="C1", type="COMPANY")
    assert error.field == "customer.companyName"


def test_unknown_customer_type_is_refused() -> None:
    assert refused(customer, type="ROBOT").field == "customer.type"


def test_gender_matches_case_insensitively() -> None:
    gender = customer(gender="diverse").gender
    assert gender is not None and gender.member is Gender.DIVERSE


@pytest.mark.parametrize("code", ["DEU", "XX", "D"])
def test_country_code_must_be_iso_3166_alpha_2(code: str) -> None:
    assert refused(ClaimAddress, country_code=code).field == "address.countryCode"


def test_country_code_is_upper_cased_and_language_lower_cased() -> None:
    assert ClaimAddress(country_code="de").country_code == "DE"
    assert customer(preferred_language="DE").preferred_language == "de"


def test_preferred_language_must_be_two_letters() -> None:
    assert refused(customer, preferred_language="deu").field == "customer.preferredLanguage"


def test_personal_data_stays_out_of_the_address_repr() -> None:
    text = repr(ClaimAddress(street="640 Carrie Crest", care_of="Niko Kertzmann"))
    assert "Carrie" not in text and "Niko" not in text


def test_email_channel_must_hold_an_email_address() -> None:
    error = refused(ClaimCommunicationChannel, type="email", value="not-an-address")
    assert error.field == "communicationChannel.value"


def test_iban_checksum_is_verified() -> None:
    assert ClaimBankAccount(iban="de89 3704 0044 0532 0130 00").iban == "DE89370400440532013000"
    assert refused(ClaimBankAccount, iban="DE00370400440532013000").field == "bankAccount.iban"


def test_customer_addresses_must_be_address_objects() -> None:
    error = refused(customer, addresses=[{"street": "x"}])
    assert error.field == "customer.addresses[0]"


def test_contract_needs_at_least_one_invoice() -> None:
    error = refused(ClaimContract, contract_number="V1", invoices=[])
    assert error.field == "contract.invoices"


def test_contract_end_cannot_precede_start() -> None:
    error = refused(
        ClaimContract,
        contract_number="V1",
        invoices=[ClaimInvoiceRequest(**INVOICE)],
        start_date=date(2023, 1, 2),
        end_date=date(2023, 1, 1),
    )
    assert error.field == "contract.endDate"


def test_claim_needs_a_contract() -> None:
    assert refused(ClaimRequest, customer=customer(), contracts=[]).field == "claim.contracts"


def test_claim_refuses_the_same_invoice_number_twice() -> None:
    contract = ClaimContract(contract_number="V1", invoices=[ClaimInvoiceRequest(**INVOICE)])
    error = refused(ClaimRequest, customer=customer(), contracts=[contract, contract])
    assert error.field == "claim.contracts[1].invoices[0].invoiceNumber"


def test_personal_data_stays_out_of_the_customer_repr() -> None:
    text = repr(customer(first_name="Bianka", date_of_birth=date(1946, 1, 1)))
    assert "Bianka" not in text and "Hilll" not in text and "1946" not in text


# --- the moment: every write checks its whole body before anything is sent -------------------

BASE = "https://collection.example.com"


def claim(**customer_changes: Any) -> ClaimRequest:
    invoices = [ClaimInvoiceRequest(**INVOICE),
                ClaimInvoiceRequest(**{**INVOICE, "invoice_number": "I2", "currency": "EURO"})]
    return ClaimRequest(customer=customer(**customer_changes),
                        contracts=[ClaimContract(contract_number="V1", invoices=invoices)])


WRITES: list[tuple[Any, str]] = [
    (lambda c: c.create(claim()), "claim.contracts[0].invoices[1].currency"),
    (lambda c: c.create(claim(addresses=[ClaimAddress(country_code="DEU")])),
     "claim.customer.addresses[0].countryCode"),
    (lambda c: c.create_payment("731770919", ClaimPaymentRequest(**{**PAYMENT, "amount": 1.5})),
     "payment.amount"),
    (lambda c: c.create_credit_waiver("731770919", ClaimCreditWaiverRequest(
         **{**WAIVER, "credit_waiver_number": " "})),
     "creditWaiver.creditWaiverNumber"),
    (lambda c: c.create_recall("731770919", ClaimRecallRequest(invoice_number="I1", amount=5)),
     "recall.currency"),
    (lambda c: c.cancel_accounting_document("731770919", ClaimCancellationRequest(
         reference_number="P1", date=date(2024, 7, 23), amount=Decimal(0), currency="EUR")),
     "cancellation.amount"),
]


@pytest.mark.parametrize(("call", "path"), WRITES, ids=[w[1] for w in WRITES])
async def test_a_write_checks_its_whole_body_and_sends_nothing_when_invalid(
    call: Any, path: str
) -> None:
    """README: "Request builders (`confirma_async.models`) are checked when a write sends
    them, like every request of the SDK: the first bad field raises `ConfirmaValueError`
    named by its wire path from the body's root ... nothing is sent." """
    with aioresponses() as mocked:
        async with AsyncCollectionClient(base_url=BASE, access_token="token") as client:
            with pytest.raises(ConfirmaValueError) as caught:
                await call(client.claims)
        assert not mocked.requests
    assert caught.value.field == path
