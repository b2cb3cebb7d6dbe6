"""Request bodies on the wire, compared with the documented example bodies.

Enum values are sent exactly as given (the examples use lower case such as
``"female"``, ``"billing"``, ``"lawyer"``), so every body must match key for key.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from confirma_async import serde
from confirma_async.models import (
    AllocateTo,
    ClaimAddress,
    ClaimBankAccount,
    ClaimCancellationRequest,
    ClaimCommunicationChannel,
    ClaimContract,
    ClaimCostRequest,
    ClaimCreditWaiverRequest,
    ClaimCustomer,
    ClaimInterestRequest,
    ClaimInvoiceRequest,
    ClaimPaymentRequest,
    ClaimRecallRequest,
    ClaimReferenceContact,
    ClaimRequest,
    Gender,
    InterestCalculationRequest,
    RecallType,
)
from tests.conftest import example_text


def wire(model: object) -> Any:
    """What the SDK puts on the wire, parsed back with exact numbers."""
    return serde.loads(serde.dumps(serde.unstructure(model)))


def example(name: str) -> Any:
    return serde.loads(example_text(name))


def example_customer() -> ClaimCustomer:
    return ClaimCustomer(
        customer_number="B1140280585",
        gender="female",
        title="Ms.",
        first_name="Bianka",
        last_name="Hilll",
        date_of_birth=date(1946, 1, 1),
        type="PRIVATE",
        addresses=[
            ClaimAddress(
                street="640 Carrie Crest",
                zip_code="56695-0518",
                city="West Mattiemouth",
                country_code="TZ",
                type="billing",
            )
        ],
    )


def test_create_claim_body_matches_the_documented_example() -> None:
    claim = ClaimRequest(
        customer=example_customer(),
        contracts=[
            ClaimContract(
                contract_number="V8157366331",
                start_date=date(2018, 6, 23),
                end_date=date(2023, 6, 23),
                invoices=[
                    ClaimInvoiceRequest(
                        invoice_number="I5408705335",
                        invoice_date=date(2023, 6, 23),
                        remaining_amount=Decimal(100),
                        original_amount=Decimal(120),
                        currency="EUR",
                    )
                ],
            )
        ],
    )
    assert wire(claim) == example("claims_create_claim_request.json")


def test_enum_text_is_sent_as_given_whatever_its_case() -> None:
    """Issue 10: an open enum never rewrites a value; the docs' own example sends
    ``"female"`` and ``"billing"``."""
    customer = example_customer()
    body = wire(customer)
    assert (body["gender"], body["addresses"][0]["type"]) == ("female", "billing")
    assert customer.gender is not None and customer.gender.member is Gender.FEMALE


def test_customer_fragment_matches_the_customer_object_page() -> None:
    expected = example("claims_fragment_customer.json")["customer"]
    assert wire(example_customer()) == expected


def test_reference_contact_fragment_matches_the_contact_page() -> None:
    contact = ClaimReferenceContact(
        first_name="Yesenia",
        last_name="Abshire",
        type="lawyer",
        address=ClaimAddress(
            street="056 Haven Islands",
            zip_code="07339-9036",
            city="North Doug",
            country_code="BM",
            care_of="Niko Kertzmann",
        ),
        communication_channels=[
            ClaimCommunicationChannel(type="PHONE", value="+61 2536 83656598"),
            ClaimCommunicationChannel(type="EMAIL", value="debtor@example.com"),
        ],
    )
    expected = example("claims_fragment_reference_contacts.json")["referenceContacts"]
    assert [wire(contact)] == expected


def test_interest_fragment_matches_the_interest_page() -> None:
    interests = [
        ClaimInterestRequest(
            invoice_number=number,
            currency="EUR",
            remaining_amount=Decimal(10),
            from_date=date(2023, 9, 23),
            to_date=to,
            capitalized=False,
            original_amount=Decimal(20),
            description="interest description",
        )
        for number, to in (("I5408705335", date(2023, 11, 23)), ("I4055478723", date(2023, 9, 23)))
    ]
    expected = example("claims_fragment_interests.json")["interests"]
    assert [wire(i) for i in interests] == expected


def test_cost_fragment_matches_the_cost_page_except_the_null_tax_rate() -> None:
    cost = ClaimCostRequest(
        currency="EUR",
        remaining_amount=Decimal("46.96"),
        original_amount=Decimal("49.75"),
        date=date(2022, 12, 12),
        type="CHARGEBACK",
        description="description",
        invoice_number="F7222245113",
    )
    (expected,) = example("claims_fragment_costs.json")["costs"]
    # An unset optional field is left out instead of being sent as null.
    del expected["taxRate"]
    body = wire(cost)
    assert body == expected
    assert body["remainingAmount"] == Decimal("46.96")


def test_payment_body_matches_the_documented_example() -> None:
    payment = ClaimPaymentRequest(
        invoice_number="I0417211448",
        payment_number="P5803137068",
        date=date(2023, 6, 23),
        contract_number="12677889976666",
        description="Quia molestias voluptates vero harum ea ea iste animi est.",
        amount=Decimal(150),
        currency="EUR",
        allocate_to=AllocateTo.PRINCIPAL_CLAIM,
    )
    assert wire(payment) == example("claims_create_payment_request.json")


def test_credit_waiver_body_matches_the_documented_example() -> None:
    waiver = ClaimCreditWaiverRequest(
        invoice_number="I0417211448",
        credit_waiver_number="D488839937733",
        contract_number="166271782837",
        date=date(2023, 6, 23),
        description="Quia molestias voluptates vero harum ea ea iste animi est.",
        amount=Decimal(100),
        currency="EUR",
    )
    assert wire(waiver) == example("claims_create_credit_waiver_request.json")


def test_partial_recall_body_matches_the_documented_example() -> None:
    recall = ClaimRecallRequest(
        invoice_number="I0417211448",
        contract_number="166271782837",
        type=RecallType.CREDIT_WAIVER,
        date=date(2023, 6, 23),
        description="Quia molestias voluptates vero harum ea ea iste animi est.",
        amount=Decimal(50),
        currency="EUR",
    )
    assert wire(recall) == example("claims_create_recall_request.json")


def test_cancellation_body_has_the_documented_keys() -> None:
    # The documented example holds placeholders ("string", 0, "str"): compare the shape.
    cancellation = ClaimCancellationRequest(
        reference_number="P5803137068",
        date=date(2024, 7, 23),
        amount=Decimal("150.00"),
        currency="EUR",
    )
    body = wire(cancellation)
    expected = example("claims_create_payment_cancellation_request.json")
    assert list(body) == list(expected)
    assert body["date"] == expected["date"]
    assert body == {
        "referenceNumber": "P5803137068",
        "date": "2024-07-23",
        "amount": Decimal("150.00"),
        "currency": "EUR",
    }


def test_amount_keeps_its_exact_decimal_digits_on_the_wire() -> None:
    payment = ClaimPaymentRequest(
        invoice_number="I1", payment_number="P1", date="2024-01-02",
        amount="0.10", currency="eur",
    )
    assert b'"amount":0.10' in serde.dumps(serde.unstructure(payment))


def test_every_claim_field_uses_its_documented_wire_key() -> None:
    customer = ClaimCustomer(
        customer_number="C1", type="COMPANY", company_name="Acme GmbH", segment="retail",
        identification_number="HRB 1", title="Dr.", gender="male", first_name="A",
        last_name="B", date_of_birth="1970-01-01", category="x", preferred_language="de",
        addresses=[ClaimAddress(street="S", house_number="1", zip_code="2", city="C",
                                country_code="DE", care_of="D", type="BILLING")],
        communication_channels=[ClaimCommunicationChannel(type="MOBILE_PHONE", value="+49")],
        bank_accounts=[ClaimBankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX")],
    )
    invoice = ClaimInvoiceRequest(
        invoice_number="I1", reference_number="R1", invoice_date="2024-01-01",
        remaining_amount=Decimal("10.00"), original_amount=Decimal("12.00"), tax_rate="19.00",
        currency="EUR", due_date="2024-01-15", placement_date="2024-05-22",
        interest_calculation=InterestCalculationRequest(
            type="FIXED", rate="5.12", last_calculation_date="2024-05-01"),
        dunning_date="2024-02-01", second_dunning_date="2024-03-01",
        claim_type="principal_claim", legal_base="Kaufvertrag", description="d", disputed=False,
    )
    claim = ClaimRequest(
        customer=customer,
        contracts=[ClaimContract(contract_number="V1", start_date="2023-01-01",
                                 end_date="2024-01-01", invoices=[invoice])],
        reference_contacts=[ClaimReferenceContact(first_name="E", last_name="F", type="SPOUSE",
                                                  liable=True, address=ClaimAddress(city="C"))],
        industry="TELCO",
    )
    body = wire(claim)
    assert set(body) == {"customer", "contracts", "referenceContacts", "industry"}
    assert set(body["customer"]) == {
        "customerNumber", "type", "companyName", "segment", "identificationNumber", "title",
        "gender", "firstName", "lastName", "dateOfBirth", "category", "preferredLanguage",
        "addresses", "communicationChannels", "bankAccounts",
    }
    assert set(body["customer"]["addresses"][0]) == {
        "street", "houseNumber", "zipCode", "city", "countryCode", "careOf", "type"}
    assert body["customer"]["bankAccounts"] == [
        {"iban": "DE89370400440532013000", "bic": "COBADEFFXXX"}]
    sent = body["contracts"][0]["invoices"][0]
    assert set(sent) == {
        "invoiceNumber", "referenceNumber", "invoiceDate", "remainingAmount", "originalAmount",
        "taxRate", "currency", "dueDate", "placementDate", "interestCalculation", "dunningDate",
        "secondDunningDate", "claimType", "legalBase", "description", "disputed",
    }
    assert sent["interestCalculation"] == {
        "type": "FIXED", "rate": Decimal("5.12"), "lastCalculationDate": "2024-05-01"}
    assert sent["claimType"] == "principal_claim" and sent["taxRate"] == Decimal("19.00")
    assert body["referenceContacts"][0]["liable"] is True
    assert body["referenceContacts"][0]["address"] == {"city": "C"}
