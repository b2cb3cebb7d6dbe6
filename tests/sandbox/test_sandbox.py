"""The embedded Confirma sandbox: wire shapes, auth, validation and the invoice state machine."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from confirma_async import (
    AsyncConfirmaClient,
    AuthenticationError,
    BadRequestError,
    CommentAction,
    ConflictError,
    DirectPaymentAction,
    DueDateAction,
    ObjectionAction,
    PauseAction,
    WithdrawAction,
    serde,
)
from confirma_async.testing import PATHS, FakeConfirma, sample_invoice_body
from tests.conftest import example_json, example_text

# The sandbox and the client are the pytest plugin's (confirma_fake, confirma_client).
pytestmark = pytest.mark.confirma_fake(invoices=60, seed=7)


@pytest.fixture
def fake(confirma_fake: FakeConfirma) -> FakeConfirma:
    return confirma_fake


@pytest.fixture
def client(confirma_client: AsyncConfirmaClient) -> AsyncConfirmaClient:
    return confirma_client


def keys(value: Any) -> Any:
    """The key structure of a JSON value (first list item stands for all)."""
    if isinstance(value, dict):
        return {k: keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [keys(value[0])] if value else []
    return None


def first_case(fake: FakeConfirma, status: str = "OPEN") -> dict[str, Any]:
    for case_id in fake.case_ids():
        found = fake.case_json(case_id)
        if found["summary"]["status"] == status:
            return found
    raise AssertionError(f"no {status} case in the seeded data")


def address_of(case: dict[str, Any]) -> tuple[int, int]:
    return int(case["invoices"][0]["invoiceNumber"]), case["summary"]["caseId"]


def ledger_example() -> Any:
    # Parsed with Decimals: the SDK never sends floats.
    return serde.loads(example_text("accounting_ledger.request.json"))


async def create_invoice(client: AsyncConfirmaClient, body: dict[str, Any]) -> Any:
    return await client.request("POST", PATHS["invoice"], json=body)


# --- wire shapes ---------------------------------------------------------------------------


async def test_case_details_have_the_documented_shape(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    case = first_case(fake)
    body = await client.request("GET", PATHS["case"], params={"caseId": case["summary"]["caseId"]})
    documented = example_json("invoice_case.response.v2.json")
    payment = {"invoiceNumber": "1", "createdAt": "", "bankPaymentDate": "", "allocatedAt": "",
               "amount": 0, "currency": "", "description": "", "method": "", "status": ""}
    answer = dict(body["cases"][0])
    answer.update(payments=[payment], actions=documented["cases"][0]["actions"],
                  notes=documented["cases"][0]["notes"])
    assert keys({"cases": [answer]}) == keys(documented)


async def test_distribution_has_the_documented_shape(client: AsyncConfirmaClient) -> None:
    body = await client.request("GET", PATHS["distribution"])
    documented = example_json("invoice_distribution.response.json")
    failed = next(r for r in body["invoices"] if r["errors"]) if any(
        r["errors"] for r in body["invoices"]) else None
    assert keys(body["metaData"]) == keys(documented["metaData"])
    record = failed or body["invoices"][0]
    record = {**record, "errors": documented["invoices"][0]["errors"]}
    assert keys(record) == keys(documented["invoices"][0])


async def test_distribution_v2_answers_like_v1(client: AsyncConfirmaClient) -> None:
    v1 = await client.request("GET", PATHS["distribution"], params={"fromInvDate": "2026-08-01"})
    v2 = await client.request("GET", PATHS["distribution_v2"],
                              params={"fromInvDate": "2026-08-01"})
    assert v1 == v2


async def test_settlements_have_the_documented_shape(client: AsyncConfirmaClient) -> None:
    body = await client.request("GET", PATHS["settlements"])
    assert keys(body) == keys(example_json("settlements.response.json"))


async def test_settlement_amounts_add_up_exactly(client: AsyncConfirmaClient) -> None:
    body = await client.request("GET", PATHS["settlements"])
    assert body["settlements"]
    for settlement in body["settlements"]:
        allocations = settlement["allocations"]
        assert settlement["settlementAmount"] == sum(a["allocatedTotalAmount"] for a in allocations)
        for allocation in allocations:
            assert allocation["allocatedTotalAmount"] == sum(
                b["amount"] for b in allocation["breakdown"])


async def test_payments_carry_the_documented_fields(client: AsyncConfirmaClient) -> None:
    rows = await client.request("GET", PATHS["payments"])
    documented = {"caseId", "invoiceNumber", "invoicePaymentReference",
                  "originalPaymentReference", "accountName", "bookingDate", "paymentDate"}
    assert rows and documented <= set(rows[0])
    assert isinstance(rows[0]["invoiceNumber"], str)


# --- auth ----------------------------------------------------------------------------------


async def test_wrong_api_key_gets_401(fake: FakeConfirma) -> None:
    async with AsyncConfirmaClient(api_key="wrong", base_url=fake.url, max_retries=0) as c:
        with pytest.raises(AuthenticationError):
            await c.distribution.list()


async def test_renew_returns_a_new_key_and_the_old_one_stops_working(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    old = fake.api_key
    answer = await client.request("GET", PATHS["renew"])
    assert set(answer) == {"Message"} and answer["Message"] != old
    assert fake.api_key == answer["Message"]
    with pytest.raises(AuthenticationError):
        await client.request("GET", PATHS["validate"])
    async with AsyncConfirmaClient(api_key=answer["Message"], base_url=fake.url) as renewed:
        assert await renewed.request("GET", PATHS["validate"]) == {
            "isValid": True, "message": "Token is valid"}


async def test_expired_key_is_reported_by_validate_and_refused_elsewhere(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    fake.expire_api_key()
    assert (await client.request("GET", PATHS["validate"]))["isValid"] is False
    with pytest.raises(AuthenticationError):
        await client.distribution.list()


async def test_create_client_needs_the_provisioning_token(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    body = {
        "service": {"type": "LIFECYCLE", "partnerCode": "QUICK3"},
        "client": {"name": "Järvidata Oy", "businessCode": "1234567-1", "vatRegNbr": "FI12345671",
                   "postalAddress": "Testikuja 7", "postalCode": "33100",
                   "postalDistrict": "TAMPERE", "countryCode": "FI", "telephone": "",
                   "email": "billing@example.com", "website": "", "languageCode": "FI"},
    }
    with pytest.raises(Exception) as refused:
        await client.request("POST", PATHS["client"], json=body)
    assert getattr(refused.value, "status", None) == 403
    async with AsyncConfirmaClient(api_key=fake.provisioning_token, base_url=fake.url) as partner:
        created = await partner.request("POST", PATHS["client"], json=body)
    async with AsyncConfirmaClient(api_key=created["apiKey"], base_url=fake.url) as new_client:
        assert (await new_client.request("GET", PATHS["validate"]))["isValid"] is True


async def test_create_client_names_a_bad_postal_code(fake: FakeConfirma) -> None:
    body = {"service": {"type": "LIFECYCLE", "partnerCode": "Q"},
            "client": {"name": "X Oy", "businessCode": "1", "postalAddress": "Katu 1",
                       "postalCode": "1234", "postalDistrict": "TAMPERE", "countryCode": "FI",
                       "email": "x@example.com", "languageCode": "FI"}}
    async with AsyncConfirmaClient(api_key=fake.provisioning_token, base_url=fake.url) as partner:
        with pytest.raises(BadRequestError) as bad:
            await partner.request("POST", PATHS["client"], json=body)
    assert [e["field"] for e in bad.value.body["errors"]] == ["client.postalCode"]


# --- invoices move through statuses --------------------------------------------------------


async def test_created_invoice_appears_as_received(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    await create_invoice(client, sample_invoice_body(900001, invoice_date=fake.today))
    record = await client.distribution.get(900001)
    assert record.distribution_status == "RECEIVED"
    assert record.case_id is None


async def test_created_invoice_is_distributed_the_next_day(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    await create_invoice(client, sample_invoice_body(900002, invoice_date=fake.today))
    fake.advance(1)
    record = await client.distribution.get(900002)
    assert record.distribution_status == "DISTRIBUTED"
    assert record.payment_control is not None and record.payment_control.status == "ACTIVE"


async def test_invoice_to_a_bouncing_address_fails_distribution(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    body = sample_invoice_body(900003, invoice_date=fake.today,
                               buyer_email="ap@bounce.example.com")
    await create_invoice(client, body)
    fake.advance(1)
    record = await client.distribution.get(900003)
    assert record.distribution_status == "FAILED"
    assert record.errors and record.errors[0].error_code == "E-BOUNCE"


async def test_overdue_invoice_gets_an_agency_case(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    body = sample_invoice_body(900004, invoice_date=fake.today, due_in_days=3, total="500.00")
    await create_invoice(client, body)
    fake.advance(5)
    record = await client.distribution.get(900004)
    assert record.case_id is not None
    case = await client.cases.get(record.case_id)
    assert (case.summary.status, case.summary.stage) == ("OPEN", "REMINDER")
    assert case.balance is not None and case.balance.capital_amount == Decimal("500.00")


async def test_invoice_paid_before_due_never_gets_a_case(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    await create_invoice(client, sample_invoice_body(900005, invoice_date=fake.today,
                                                     due_in_days=3, total="80.00"))
    fake.advance(1)
    fake.pay(900005, "80.00")
    fake.advance(10)
    record = await client.distribution.get(900005)
    assert record.case_id is None
    assert record.payment_control is not None and record.payment_control.status == "PAID"


async def test_unpaused_case_escalates_to_collection_after_its_due_date(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    await create_invoice(client, sample_invoice_body(900006, invoice_date=fake.today,
                                                     due_in_days=1))
    fake.advance(3)
    case_id = (await client.distribution.get(900006)).case_id
    assert case_id is not None
    fake.advance(15)
    assert (await client.cases.get(case_id)).summary.stage == "COLLECTION"


async def test_invalid_invoice_is_refused_naming_the_field(client: AsyncConfirmaClient) -> None:
    body = sample_invoice_body(900007)
    body["invoice"]["parties"]["buyerParty"]["address"]["countryCode"] = "Finland"
    with pytest.raises(BadRequestError) as bad:
        await create_invoice(client, body)
    assert bad.value.body["errors"] == [{
        "field": "invoice.parties.buyerParty.address.countryCode",
        "message": "must be an ISO 3166-1 alpha-2 country code such as FI"}]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("currencyCode", "EURO", "must be an ISO 4217 currency code such as EUR"),
     ("languageCode", "Finnish", "must be a two-letter language code such as FI")],
)
async def test_invalid_header_code_is_refused_naming_the_field(
    client: AsyncConfirmaClient, field: str, value: str, message: str
) -> None:
    body = sample_invoice_body(900010)
    body["invoice"]["header"][field] = value
    with pytest.raises(BadRequestError) as bad:
        await create_invoice(client, body)
    assert bad.value.body["errors"] == [{"field": f"invoice.header.{field}", "message": message}]


async def test_invoice_with_a_due_date_before_its_date_is_refused(
    client: AsyncConfirmaClient,
) -> None:
    with pytest.raises(BadRequestError) as bad:
        await create_invoice(client, sample_invoice_body(900008, due_in_days=-1))
    assert bad.value.body["errors"][0]["field"] == "invoice.header.dueDate"


async def test_duplicate_invoice_number_conflicts(client: AsyncConfirmaClient) -> None:
    await create_invoice(client, sample_invoice_body(900009))
    with pytest.raises(ConflictError):
        await create_invoice(client, sample_invoice_body(900009))


# --- actions change the case ---------------------------------------------------------------


async def test_withdraw_closes_the_case(fake: FakeConfirma, client: AsyncConfirmaClient) -> None:
    number, case_id = address_of(first_case(fake))
    await client.invoices.create_actions(
        [WithdrawAction(invoice_number=number, case_id=case_id, comment="Settled")])
    case = await client.cases.get(case_id)
    assert (case.summary.status, case.summary.stage) == ("CLOSED", "WITHDRAWN")
    assert case.summary.closed_at == fake.today


async def test_pause_pauses_the_case_and_stops_interest(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    number, case_id = address_of(first_case(fake))
    await client.invoices.create_actions([PauseAction(invoice_number=number, case_id=case_id)])
    before = await client.cases.get(case_id)
    fake.advance(30)
    after = await client.cases.get(case_id)
    assert after.summary.status == "PAUSED"
    assert before.balance is not None and after.balance is not None
    assert after.balance.interest_amount == before.balance.interest_amount
    assert after.balance.total_outstanding == before.balance.total_outstanding


async def test_duedate_moves_the_case_due_date(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    await create_invoice(client, sample_invoice_body(900010, invoice_date=fake.today,
                                                     due_in_days=1))
    fake.advance(3)
    case_id = (await client.distribution.get(900010)).case_id
    assert case_id is not None
    new_due = fake.today + timedelta(days=40)
    await client.invoices.create_actions(
        [DueDateAction(invoice_number=900010, case_id=case_id, due_date=new_due)])
    fake.advance(20)  # past the original case due date, before the new one
    case = await client.cases.get(case_id)
    assert case.summary.stage == "REMINDER"
    assert any(e.description == f"Case due date moved to {new_due.isoformat()}."
               for e in case.events)


async def test_direct_payment_lowers_the_balance_exactly(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    case = first_case(fake)
    number, case_id = address_of(case)
    before = Decimal(case["balance"]["totalOutstanding"])
    await client.invoices.create_actions([DirectPaymentAction(
        invoice_number=number, case_id=case_id, amount=Decimal("0.07"),
        currency=case["summary"]["currency"], payment_date=fake.today,
        payment_method="Bankgiro", reference="BANKREF-1")])
    after = await client.cases.get(case_id)
    assert after.balance is not None
    assert after.balance.total_outstanding == before - Decimal("0.07")
    assert after.payments[-1].amount == Decimal("0.07")


async def test_direct_payment_of_the_whole_balance_closes_the_case(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    case = first_case(fake)
    number, case_id = address_of(case)
    await client.invoices.create_actions([DirectPaymentAction(
        invoice_number=number, case_id=case_id,
        amount=Decimal(case["balance"]["totalOutstanding"]),
        currency=case["summary"]["currency"], payment_date=fake.today,
        payment_method="Bankgiro", reference="BANKREF-2")])
    after = await client.cases.get(case_id)
    assert (after.summary.status, after.summary.stage) == ("CLOSED", "PAID")
    assert after.balance is not None and after.balance.total_outstanding == 0


async def test_direct_payment_above_the_balance_is_refused(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    case = first_case(fake)
    number, case_id = address_of(case)
    with pytest.raises(BadRequestError) as bad:
        await client.invoices.create_actions([DirectPaymentAction(
            invoice_number=number, case_id=case_id,
            amount=Decimal(case["balance"]["totalOutstanding"]) + Decimal("0.01"),
            currency=case["summary"]["currency"], payment_date=fake.today,
            payment_method="Bankgiro", reference="BANKREF-3")])
    assert bad.value.body["errors"][0]["field"] == "actions[0].data.amount"


async def test_direct_payment_shows_in_payments_but_not_in_settlements(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    case = first_case(fake)
    number, case_id = address_of(case)
    await client.invoices.create_actions([DirectPaymentAction(
        invoice_number=number, case_id=case_id, amount=Decimal("1.00"),
        currency=case["summary"]["currency"], payment_date=fake.today,
        payment_method="Bankgiro", reference="BANKREF-DIRECT")])
    fake.run_settlement()
    payments = await client.request("GET", PATHS["payments"],
                                    params={"fromDate": fake.today, "toDate": fake.today})
    # Only this invoice's: seeded debtors may pay other invoices on the same day.
    assert [p["originalPaymentReference"] for p in payments
            if p["invoiceNumber"] == str(number)] == ["BANKREF-DIRECT"]
    settled = await client.request("GET", PATHS["settlements"])
    references = {a["originalPaymentReference"] for s in settled["settlements"]
                  for a in s["allocations"]}
    assert "BANKREF-DIRECT" not in references


async def test_objection_and_comment_appear_in_events_and_notes(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    number, case_id = address_of(first_case(fake))
    await client.invoices.create_actions([
        ObjectionAction(invoice_number=number, case_id=case_id, comment="Wrong quantity"),
        CommentAction(invoice_number=number, case_id=case_id, comment="Called the customer"),
    ])
    case = await client.cases.get(case_id)
    assert ("Objection registered", "Wrong quantity") in [(e.title, e.description)
                                                           for e in case.events]
    assert [n.content for n in case.notes][-2:] == ["Wrong quantity", "Called the customer"]
    assert [a.type for a in case.actions][-2:] == ["OBJECTION", "COMMENT"]


async def test_action_on_a_closed_case_conflicts(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    number, case_id = address_of(first_case(fake, status="CLOSED"))
    with pytest.raises(ConflictError):
        await client.invoices.create_actions([PauseAction(invoice_number=number, case_id=case_id)])


async def test_actions_are_all_or_nothing(fake: FakeConfirma, client: AsyncConfirmaClient) -> None:
    number, case_id = address_of(first_case(fake))
    with pytest.raises(BadRequestError) as bad:
        await client.invoices.create_actions([
            CommentAction(invoice_number=number, case_id=case_id, comment="first"),
            PauseAction(invoice_number=number, case_id=999999999),
        ])
    assert bad.value.body["errors"][0]["field"] == "actions[1].data.caseId"
    assert "first" not in [n.content for n in (await client.cases.get(case_id)).notes]


# --- payments and settlements --------------------------------------------------------------


async def test_agency_payment_is_paid_out_in_the_next_settlement(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    case = first_case(fake)
    number, case_id = address_of(case)
    fake.pay(number, "12.34")
    payments = await client.request("GET", PATHS["payments"],
                                    params={"fromDate": fake.today, "toDate": fake.today})
    assert [(p["caseId"], p["amount"]) for p in payments
            if p["invoiceNumber"] == str(number)] == [(case_id, Decimal("12.34"))]
    fake.advance(7)  # passes a Friday (seeded debtors may pay more in the meantime)
    body = await client.request("GET", PATHS["settlements"], params={"unfetchedOnly": True})
    allocations = [a for s in body["settlements"] for a in s["allocations"]
                   if a["originalInvoiceNumber"] == str(number)]
    assert Decimal("12.34") in [a["allocatedTotalAmount"] for a in allocations]


async def test_unfetched_only_settlements_are_returned_once(client: AsyncConfirmaClient) -> None:
    first = await client.request("GET", PATHS["settlements"], params={"unfetchedOnly": True})
    second = await client.request("GET", PATHS["settlements"], params={"unfetchedOnly": True})
    everything = await client.request("GET", PATHS["settlements"], params={"unfetchedOnly": False})
    assert first["settlements"] and second["settlements"] == []
    assert all(s["apiFetchDate"] is not None for s in everything["settlements"])


async def test_settlements_without_a_period_are_the_last_30_days(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    """The older "Retrieve settlements" page: "if omitted, returns data for the last 30
    days"."""
    body = await client.request("GET", PATHS["settlements"])
    days = {date.fromisoformat(s["settlementDate"]) for s in body["settlements"]}
    assert days and min(days) >= fake.today - timedelta(days=30)
    history = await client.request("GET", PATHS["settlements"],
                                   params={"fromDate": "2000-01-01"})
    assert min(date.fromisoformat(s["settlementDate"]) for s in history["settlements"]) < min(
        days)


async def test_settlements_of_a_period_lie_inside_it(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    start, end = fake.today - timedelta(days=60), fake.today - timedelta(days=40)
    body = await client.request("GET", PATHS["settlements"],
                                params={"fromDate": start.isoformat(), "toDate": end.isoformat()})
    days = [date.fromisoformat(s["settlementDate"]) for s in body["settlements"]]
    assert days and all(start <= day <= end for day in days)


async def test_settlements_refuse_a_reversed_period(client: AsyncConfirmaClient) -> None:
    with pytest.raises(BadRequestError) as bad:
        await client.request("GET", PATHS["settlements"],
                             params={"fromDate": "2026-10-01", "toDate": "2026-09-01"})
    assert [e["field"] for e in bad.value.body["errors"]] == ["fromDate"]


async def test_bad_query_dates_are_refused_naming_the_parameter(
    client: AsyncConfirmaClient,
) -> None:
    with pytest.raises(BadRequestError) as bad:
        await client.request("GET", PATHS["payments"], params={"fromDate": "01.02.2026"})
    assert bad.value.body["errors"][0]["field"] == "fromDate"


# --- accounting and operations -------------------------------------------------------------


async def test_ledger_is_pending_then_synced_the_next_day(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    assert await client.request("GET", PATHS["ledger"]) is None  # 204 before any submission
    await client.request("POST", PATHS["ledger"], json=ledger_example())
    pending = await client.request("GET", PATHS["ledger"])
    assert pending["ledgers"][0]["status"] == 0
    fake.advance(1)
    synced = (await client.request("GET", PATHS["ledger"]))["ledgers"][0]
    assert (synced["sourceIdentifier"], synced["status"], synced["description"]) == (
        "abc-123-def-456", 1, "Successfully synced")


async def test_unbalanced_ledger_is_refused(client: AsyncConfirmaClient) -> None:
    body = ledger_example()
    body["ledgers"]["ledgerRows"].pop()
    with pytest.raises(BadRequestError) as bad:
        await client.request("POST", PATHS["ledger"], json=body)
    assert bad.value.body["errors"][0]["field"] == "ledgers.ledgerRows"


async def test_accounting_payment_status_follows_submission(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    await client.request("POST", PATHS["accounting_payment"], json={"payments": [{
        "paymentIdentifier": "pay-1", "invoiceNumber": "133720800", "paymentDate": "2026-10-30",
        "bookingDate": None, "amount": Decimal("110.0"), "currency": "EUR",
        "targetIdentifier": "invoicenumber", "paymentReference": "1337109",
        "sourceName": "Koskidata Oy"}]})
    fake.advance(1)
    status = await client.request("GET", PATHS["accounting_payment"])
    assert status == {"payments": [{
        "sourceIdentifier": "pay-1", "invoiceNumber": "133720800", "paymentDate": "2026-10-30",
        "syncDate": fake.today.isoformat(), "status": 1, "description": "Successfully synced"}]}


async def test_finvoice_credentials_are_an_array_of_the_documented_records(
    client: AsyncConfirmaClient,
) -> None:
    body = await client.request("GET", PATHS["finvoice"], params={"businessId": "0737546-2"})
    assert isinstance(body, list) and body
    assert set(body[0]) == {"eInvoiceAddressName", "eInvoiceAddress", "eInvoiceAddressType",
                            "eInvoiceOperatorId", "eInvoiceOperatorName", "lastModified"}
    assert body[0]["eInvoiceAddress"] == "003707375462"


async def test_finvoice_credentials_of_an_unregistered_company_are_empty(
    client: AsyncConfirmaClient,
) -> None:
    assert await client.request("GET", PATHS["finvoice"], params={"businessId": "0000000-0"}) == []


@pytest.mark.parametrize("query", [{}, {"businessId": "0737546-1"}, {"businessId": "737546-2"}])
async def test_finvoice_credentials_refuse_a_missing_or_bad_business_id(
    client: AsyncConfirmaClient, query: dict[str, str]
) -> None:
    with pytest.raises(BadRequestError) as bad:
        await client.request("GET", PATHS["finvoice"], params=query)
    assert [e["field"] for e in bad.value.body["errors"]] == ["businessId"]


# --- seeding -------------------------------------------------------------------------------


def test_seeding_is_deterministic_for_a_seed() -> None:
    one, two, other = (FakeConfirma(invoices=40, seed=s) for s in (3, 3, 4))
    assert one.case_ids() == two.case_ids()
    assert [one.case_json(c) for c in one.case_ids()] == [two.case_json(c) for c in two.case_ids()]
    assert [one.case_json(c) for c in one.case_ids()] != [
        other.case_json(c) for c in other.case_ids()]


def test_seeded_data_is_nordic_and_uses_example_addresses() -> None:
    fake = FakeConfirma(invoices=300)
    invoices = fake.world.invoices.values()
    assert {i.currency for i in invoices} == {"EUR", "SEK", "NOK", "DKK"}
    assert all((i.buyer_email or "").endswith("example.com") for i in invoices)
    assert len(fake.case_ids()) > 30


def test_seeded_history_contains_every_state() -> None:
    fake = FakeConfirma(invoices=300)
    statuses = {fake.case_json(c)["summary"]["status"] for c in fake.case_ids()}
    assert statuses == {"OPEN", "PAUSED", "CLOSED"}
    assert {i.status for i in fake.world.invoices.values()} == {"DISTRIBUTED", "FAILED"}


def test_today_is_fixed_unless_given() -> None:
    assert FakeConfirma(invoices=0).today == date(2026, 11, 1)
    assert FakeConfirma(invoices=0, today=date(2026, 2, 1)).today == date(2026, 2, 1)


async def test_sandbox_control_endpoint_advances_the_clock(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    before = fake.today
    answer = await client.request("POST", PATHS["advance"], params={"days": 3})
    assert answer == {"today": (before + timedelta(days=3)).isoformat()}
    assert fake.today == before + timedelta(days=3)


async def test_older_single_case_envelope_can_be_served() -> None:
    async with FakeConfirma(invoices=30, case_envelope="case") as fake, AsyncConfirmaClient(
        api_key=fake.api_key, base_url=fake.url
    ) as client:
        case_id = fake.case_ids()[0]
        raw = await client.request("GET", PATHS["case"], params={"caseId": case_id})
        assert set(raw) == {"case"}
        assert (await client.cases.get(case_id)).case_id == case_id


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"invoiceNumber": None}, "data.invoiceNumber", "is required"),
        ({"amount": Decimal("10.005")}, "data.amount", "must have at most two decimals"),
        ({"amount": "ten"}, "data.amount", "must be a number"),
        ({"amount": Decimal("-1.00")}, "data.amount", "must be greater than zero"),
        ({"outstandingCostsAmount": Decimal("-0.01")}, "data.outstandingCostsAmount",
         "must not be negative"),
    ],
)
async def test_raw_direct_payment_body_is_refused_naming_the_field(
    fake: FakeConfirma, client: AsyncConfirmaClient, change: dict[str, Any], field: str,
    message: str,
) -> None:
    case = next(c for c in fake.world.cases.values() if c.status != "CLOSED")
    data: dict[str, Any] = {
        "invoiceNumber": case.invoice.number, "caseId": case.case_id, "amount": Decimal("1.00"),
        "currency": case.currency, "paymentDate": fake.today.isoformat(),
    }
    data.update(change)
    body = {"actions": [{"code": "DIRECTPAYMENT", "comment": "", "data": data}]}
    with pytest.raises(BadRequestError) as bad:
        await client.request("POST", "/api/v1/partner/invoice/action", json=body)
    assert {"field": f"actions[0].{field}", "message": message} in bad.value.body["errors"]
