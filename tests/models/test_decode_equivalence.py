"""``serde.decode`` (the typed msgspec path) gives exactly what ``structure(loads(body))`` gives.

The typed path parses a body into generated msgspec mirrors of the models and copies them
into the attrs classes; anything a mirror refuses falls back to the general path. The
property checked here, over every documented example and over hostile variants of each:
whenever the typed path accepts a body, its result is identical (same types, same digits,
same timezone, same enum text) to the general path's; and ``decode`` as a whole returns
the general path's result or raises its ``ResponseDecodeError`` with the same wire path.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import msgspec
import pytest

from confirma_async import ResponseDecodeError, serde
from confirma_async._serde import mirrors
from confirma_async._serde.fast import _typed_decoder
from confirma_async.models import (
    AccountingPayment,
    CaseEnvelope,
    CaseSummary,
    ClaimCancellationRequest,
    ClaimCostRequest,
    ClaimCreditWaiverRequest,
    ClaimCustomer,
    ClaimInterestRequest,
    ClaimInvoice,
    ClaimPaymentRequest,
    ClaimRecallRequest,
    ClaimReceipt,
    ClaimReferenceContact,
    ClaimRequest,
    ClientCreateRequest,
    Confirmation,
    DistributionReport,
    LedgerDocument,
    LedgerStatusReport,
    OAuthToken,
    Page,
    Payment,
    PaymentStatusReport,
    Rejection,
    RenewedToken,
    SalesInvoiceRequest,
    SettlementReport,
    TokenValidation,
    Transaction,
)
from tests.bodies import case_body
from tests.conftest import EXAMPLES
from tests.models.test_examples_round_trip import BY_NAME

# Every example file: the type it is read as, and where in it (a key, or "key[]" for each
# item of a list under that key).
DECODED_AS: dict[str, tuple[Any, str | None]] = {
    "accounting_ledger.request.json": (LedgerDocument, "ledgers[]"),
    "accounting_ledger_status.request.json": (LedgerStatusReport, None),
    "accounting_ledger_status.response.json": (LedgerStatusReport, None),
    "accounting_payment.request.truncated.json": (AccountingPayment, "payments[]"),
    "accounting_payment_status.response.truncated.json": (PaymentStatusReport, None),
    "claims_auth_token_response.json": (OAuthToken, None),
    "claims_create_claim_request.json": (ClaimRequest, None),
    "claims_create_claim_response.json": (ClaimReceipt, None),
    "claims_create_credit_waiver_request.json": (ClaimCreditWaiverRequest, None),
    "claims_create_credit_waiver_response.json": (ClaimReceipt, None),
    "claims_create_payment_cancellation_request.json": (ClaimCancellationRequest, None),
    "claims_create_payment_cancellation_response.json": (ClaimReceipt, None),
    "claims_create_payment_request.json": (ClaimPaymentRequest, None),
    "claims_create_payment_response.json": (ClaimReceipt, None),
    "claims_create_recall_request.json": (ClaimRecallRequest, None),
    "claims_create_recall_response.json": (ClaimReceipt, None),
    "claims_create_recall_total_request.json": (ClaimRecallRequest, None),
    "claims_fragment_costs.json": (ClaimCostRequest, "costs[]"),
    "claims_fragment_customer.json": (ClaimCustomer, "customer"),
    "claims_fragment_interests.json": (ClaimInterestRequest, "interests[]"),
    "claims_fragment_reference_contacts.json": (ClaimReferenceContact, "referenceContacts[]"),
    "claims_invoices_response.json": (Page[ClaimInvoice], None),
    "claims_transaction_confirmation_item.json": (Transaction, None),
    "claims_transaction_confirmation_object.json": (Confirmation, "confirmation"),
    "claims_transaction_rejection_object.json": (Rejection, "rejection"),
    "claims_transactions_response.json": (list[Transaction], None),
    "invoice_case.response.v1.truncated.json": (CaseSummary, "case.summary"),
    "invoice_case.response.v2.json": (CaseEnvelope, None),
    "invoice_distribution.response.json": (DistributionReport, None),
    "invoice_distribution.response.truncated.json": (DistributionReport, None),
    "onboarding_client.request.truncated.json": (ClientCreateRequest, None),
    "onboarding_renew.response.json": (RenewedToken, None),
    "onboarding_validate.response.json": (TokenValidation, None),
    "payments.response.truncated.json": (list[Payment], None),
    "sales_invoice.request.truncated.json": (SalesInvoiceRequest, None),
    "sales_invoice_request.schema_sample.truncated.json": (SalesInvoiceRequest, None),
    "settlements.response.json": (SettlementReport, None),
    "settlements.response.older_page.json": (SettlementReport, None),
}
#: Actions are built by the SDK (``InvoiceAction`` subclasses) and never decoded.
NEVER_DECODED = {"invoice_action.request.json"}


def documents(name: str) -> list[tuple[Any, bytes]]:
    """``(type, body)`` pairs of one example: the whole file or the parts it names."""
    cl, where = DECODED_AS[name]
    if where is None and not name.endswith(".truncated.json"):
        return [(cl, (EXAMPLES / name).read_bytes())]
    data = BY_NAME[name].data() if name in BY_NAME else serde.loads((EXAMPLES / name).read_bytes())
    if where is None:
        return [(cl, serde.dumps(data))]
    key = where.removesuffix("[]")
    for part in key.split("."):
        data = data[part]
    parts = data if where.endswith("[]") else [data]
    return [(cl, serde.dumps(part)) for part in parts]


def fingerprint(value: Any) -> tuple[Any, ...]:
    """What must be identical: the type and the repr (every field, exact digits, tzinfo)."""
    return (type(value), repr(value))


def general(body: bytes, cl: Any) -> Any:
    """The general path's answer: the value, or the error's path and message."""
    try:
        return fingerprint(serde.structure(serde.loads(body), cl))
    except ResponseDecodeError as exc:
        return ("error", exc.json_path, str(exc))
    except serde.JSONError as exc:
        return ("unusable", exc.path, exc.reason)


def through_decode(body: bytes, cl: Any) -> Any:
    try:
        return fingerprint(serde.decode(body, cl))
    except ResponseDecodeError as exc:
        prefix = "unusable response body: "
        if str(exc).startswith(prefix):
            return ("unusable", exc.json_path, str(exc)[len(prefix):].rsplit(" at ", 1)[0])
        return ("error", exc.json_path, str(exc))


def typed_only(body: bytes, cl: Any) -> Any | None:
    """The typed path alone: its result, or ``None`` when it hands the body on."""
    typed = _typed_decoder(cl)
    assert typed is not None
    parse, hook = typed
    try:
        return fingerprint(hook(parse(body), None))
    except (msgspec.DecodeError, RecursionError):
        return None


def check(body: bytes, cl: Any) -> bool:
    """Assert the property for one body; return whether the typed path accepted it."""
    expected = general(body, cl)
    assert through_decode(body, cl) == expected, body
    if _typed_decoder(cl) is None:
        return False
    fast = typed_only(body, cl)
    if fast is not None:
        assert fast == expected, body
    return fast is not None


def test_every_example_file_is_read_as_a_model() -> None:
    files = {path.name for path in EXAMPLES.glob("*.json")}
    assert files == set(DECODED_AS) | NEVER_DECODED


@pytest.mark.parametrize("name", sorted(DECODED_AS))
def test_decode_agrees_with_the_general_path_on_every_example(name: str) -> None:
    for cl, body in documents(name):
        check(body, cl)


def test_the_typed_path_serves_the_documented_responses() -> None:
    # Not a test that could pass vacuously: these examples must not fall back.
    served = {
        name
        for name in DECODED_AS
        for cl, body in documents(name)
        if _typed_decoder(cl) is not None and typed_only(body, cl) is not None
    }
    assert served >= {
        "claims_auth_token_response.json",
        "claims_create_claim_response.json",
        "invoice_case.response.v1.truncated.json",
        "invoice_case.response.v2.json",
        "invoice_distribution.response.json",
        "onboarding_validate.response.json",
        "payments.response.truncated.json",
        "settlements.response.json",
        "settlements.response.older_page.json",
    }


# --- hostile variants --------------------------------------------------------------------

_DELETE = object()


class Raw(str):
    """A JSON literal written as is (``NaN``, ``1e400``): not a string."""


HOSTILE: list[Any] = [
    _DELETE, None, "", "text", "12", " 12.5 ", "NaN", "Infinity", "-inf", "sNaN",
    12, -1, Decimal("12.5"), Decimal("0.10"), Decimal("1E+400"), 10**40, True, False,
    {}, [], [None], {"unexpected": 1},
    "2019-08-24T14:15:22", "2019-08-24T14:15:22.1234567Z", "2019-08-24T23:59:59.9999995+01:00",
    "2019-08-24 14:15:22z", "2019-08-24T14:15:22+0100", "2019-08-24T14:15:22.123-00:00",
    "2019-08-24", "2019-08-24T24:00:00Z", "SOMETHING_NEW", "cash-in", "DISTRIBUTED",
    Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e400"), Raw("1.0"), Raw("-0.0"),
    # The bound on numbers (100 digits, exponent within +-100), at and beyond it.
    Raw("1e100"), Raw("1e101"), Raw("1e1000000"), Raw("1e-100"), Raw("1e-101"), Raw("0e-500"),
    Raw("9" * 100), Raw("-" + "9" * 101), Raw("1." + "0" * 99), Raw("1." + "0" * 100),
    Raw("12.5e-99"),
]


def positions(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from positions(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from positions(value, (*path, index))


def replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    out = copy.deepcopy(doc)
    holder = out
    for step in path[:-1]:
        holder = holder[step]
    if value is _DELETE:
        if isinstance(holder, dict):
            del holder[path[-1]]
        else:
            holder.pop(path[-1])
    else:
        holder[path[-1]] = value
    return out


def encode(doc: Any) -> bytes:
    raws: list[str] = []

    def mark(value: Any) -> Any:
        if isinstance(value, Raw):
            raws.append(str(value))
            return f"@@raw{len(raws) - 1}@@"
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        if isinstance(value, list):
            return [mark(item) for item in value]
        return value

    body = serde.dumps(mark(doc))
    for index, literal in enumerate(raws):
        body = body.replace(f'"@@raw{index}@@"'.encode(), literal.encode())
    return body


def variants(doc: Any) -> Iterator[Any]:
    for path in positions(doc):
        for value in HOSTILE:
            if value is _DELETE and not path:
                continue
            yield replaced(doc, path, value)
        here = doc
        for step in path:
            here = here[step]
        if isinstance(here, dict):
            yield replaced(doc, path, {**here, "someNewKey": [1, {"x": None}]})
        elif isinstance(here, str):
            yield replaced(doc, path, here.lower())


TYPED_EXAMPLES = sorted(
    name
    for name in DECODED_AS
    if any(_typed_decoder(cl) is not None for cl, _ in documents(name))
)


@pytest.mark.parametrize("name", TYPED_EXAMPLES)
def test_decode_agrees_with_the_general_path_on_hostile_variants(name: str) -> None:
    """Wrong types per field, missing fields, nulls, NaN/Infinity, huge numbers, unknown
    enum values, naive timestamps and extra keys: the typed path never accepts what the
    general path refuses, and what it accepts decodes identically."""
    for cl, body in documents(name)[:2]:
        accepted = sum(check(encode(doc), cl) for doc in variants(serde.loads(body)))
        assert accepted > 0  # the typed path did take some of the variants


def test_a_lenient_value_falls_back_and_still_decodes() -> None:
    body = serde.dumps(case_body(caseId="12", activeDays=None))
    assert typed_only(body, CaseEnvelope) is None
    assert serde.decode(body, CaseEnvelope).cases[0].summary.case_id == 12


def test_a_string_nan_amount_is_refused_with_its_path() -> None:
    data = case_body(1)
    data["cases"][0]["balance"]["costsPaid"] = "NaN"
    with pytest.raises(ResponseDecodeError) as caught:
        serde.decode(serde.dumps(data), CaseEnvelope)
    assert caught.value.json_path == "$.cases[0].balance.costsPaid"


def test_a_missing_required_field_names_its_wire_path() -> None:
    data = case_body(1)
    del data["cases"][0]["summary"]["currency"]
    with pytest.raises(ResponseDecodeError) as caught:
        serde.decode(serde.dumps(data), CaseEnvelope, status=200, request_id="r-1")
    assert caught.value.json_path == "$.cases[0].summary.currency"
    assert caught.value.request_id == "r-1"


def test_a_body_that_is_not_json_is_a_decode_error() -> None:
    with pytest.raises(ResponseDecodeError, match="not valid JSON"):
        serde.decode(b"<html>502</html>", CaseEnvelope)


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    """Issue 8, item 8: JSON nested 100,000 deep is a ``ResponseDecodeError`` (never a bare
    ``RecursionError``), also under a key no model reads."""
    depth = 100_000
    body = b'{"cases": [], "x": ' + b"[" * depth + b"]" * depth + b"}"
    with pytest.raises(ResponseDecodeError, match="nested too deeply"):
        serde.decode(body, CaseEnvelope)


@attrs.frozen
class Amounts:
    values: list[Decimal] = attrs.field(factory=list)
    maybe: Decimal | None = None


@attrs.frozen
class AmountHolder:
    items: list[Amounts] = attrs.field(factory=list)
    one: Amounts | None = None
    many: list[Amounts] | None = None


@pytest.mark.parametrize(
    "where",
    ['{"items": [{}, {"values": [1, "X"]}]}', '{"one": {"maybe": "X"}}',
     '{"many": [{"values": ["X"]}]}', '{"items": [{"maybe": "X"}]}'],
)
@pytest.mark.parametrize(
    "text", ['"NaN"', '"-Infinity"', '"sNaN"', '"2.50"', "1E+100", "1E+400", "1E-101"]
)
def test_every_decimal_is_checked_in_lists_and_optionals(where: str, text: str) -> None:
    body = where.replace('"X"', text).encode()
    assert _typed_decoder(AmountHolder) is not None
    accepted = check(body, AmountHolder)
    # Finite numbers within the bound take the typed path; the rest are refused there.
    assert accepted == (text in {"\"2.50\"", "1E+100"})


def test_a_mirror_wanted_by_two_threads_at_once_is_built_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A sync client decodes in its own event-loop thread: a second thread asking while the
    # first builds must wait for that mirror, not take "no mirror" for good.
    @attrs.frozen
    class Fresh:
        amount: Decimal

    building, release = threading.Event(), threading.Event()
    plain = mirrors._plain

    def slow_plain(cls: type[Any]) -> bool:
        building.set()
        release.wait(5)
        return plain(cls)

    monkeypatch.setattr(mirrors, "_plain", slow_plain)
    found: dict[str, Any] = {}

    def ask(name: str) -> None:
        found[name] = mirrors.mirror_of(Fresh, serde.wire_name)

    first = threading.Thread(target=ask, args=("first",))
    first.start()
    assert building.wait(5)
    second = threading.Thread(target=ask, args=("second",))
    second.start()
    second.join(0.2)  # without the lock it would already have answered None
    release.set()
    first.join(5)
    second.join(5)
    assert found["first"] is not None
    assert found["second"] is found["first"]
