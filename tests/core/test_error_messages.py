"""Errors that say why: the server's reason, field errors, the case id, host and port."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest

from confirma_async import (
    APIConnectionError,
    APIStatusError,
    BadRequestError,
    CommentAction,
    ConfirmaClient,
    ConfirmaError,
    ConflictError,
    DueDateAction,
    FieldViolation,
    NotFoundError,
    RateLimitError,
)
from confirma_async._core.transport import _os_reason
from confirma_async._errors import MESSAGE_LIMIT, server_reason
from confirma_async.api.distribution import DISTRIBUTION_PATH
from confirma_async.testing import FakeConfirma
from tests.bodies import case_body
from tests.hostile import (
    CASE_PATH,
    KEY,
    Conn,
    HostileServer,
    Request,
    client_of,
    close_after_reading,
    hang,
    ok_json,
    reset_after_reading,
    server,
)

__all__ = ["server"]  # the fixture, imported from tests.hostile


# --- reading the reason out of the usual error bodies ---------------------------------------

FV = FieldViolation

BODIES: dict[str, tuple[Any, str | None, list[FieldViolation]]] = {
    "message": ({"message": "case 480001 is closed"}, "case 480001 is closed", []),
    "ASP.NET Message": ({"Message": "An error has occurred."}, "An error has occurred.", []),
    "OAuth": ({"error": "invalid_client", "error_description": "unknown client"},
              "unknown client", []),
    "bare error": ({"error": "quota exceeded"}, "quota exceeded", []),
    "nested error": ({"error": {"code": 7, "message": "quota exceeded"}}, "quota exceeded", []),
    "RFC 7807 detail over title": (
        {"type": "about:blank", "title": "Conflict", "detail": "case 480001 is closed"},
        "case 480001 is closed", []),
    "nested detail": ({"detail": {"message": "quota exceeded", "code": 7}},
                      "quota exceeded", []),
    "RFC 7807 title alone": ({"title": "Forbidden", "status": 403}, "Forbidden", []),
    "sandbox": (
        {"status": 400, "title": "Bad Request", "message": "a.b: is required (and 1 more)",
         "errors": [{"field": "a.b", "message": "is required"},
                    {"field": "c", "message": "must be a date"}]},
        "a.b: is required (and 1 more)", [FV("a.b", "is required"), FV("c", "must be a date")]),
    "ASP.NET validation problem": (
        {"title": "One or more validation errors occurred.",
         "errors": {"Amount": ["must be positive", "must have 2 decimals"], "Currency": "bad"}},
        "Amount: must be positive; Amount: must have 2 decimals; Currency: bad",
        [FV("Amount", "must be positive"), FV("Amount", "must have 2 decimals"),
         FV("Currency", "bad")]),
    "RFC 7807 invalid-params": (
        {"title": "Your request parameters didn't validate.",
         "invalid-params": [{"name": "age", "reason": "must be a positive integer"}]},
        "age: must be a positive integer", [FV("age", "must be a positive integer")]),
    "FastAPI detail list": (
        {"detail": [{"loc": ["body", "amount"], "msg": "field required", "type": "missing"}]},
        "body.amount: field required", [FV("body.amount", "field required")]),
    "bare list": (
        [{"code": "E1", "message": "too large", "fieldReference": "amount"}, "and this"],
        "amount: too large; and this", [FV("amount", "too large"), FV(None, "and this")]),
    "JSON string": ("case 480001 is closed", "case 480001 is closed", []),
    "no reason": ({"status": 500, "code": 17}, None, []),
    "empty": (None, None, []),
}


@pytest.mark.parametrize("shape", list(BODIES))
def test_the_server_reason_is_read_from_the_usual_keys(shape: str) -> None:
    body, message, fields = BODIES[shape]
    assert server_reason(body) == (message, fields)


def test_more_than_three_field_errors_are_counted_in_the_message() -> None:
    body = {"errors": [{"field": f"f{n}", "message": "bad"} for n in range(5)]}
    message, fields = server_reason(body)
    assert message == "f0: bad; f1: bad; f2: bad (and 2 more)"
    assert len(fields) == 5


def test_the_reason_is_one_clean_line_cut_at_the_limit() -> None:
    """README: "the server's reason text, on one line (control characters removed) and cut
    at 300 characters"."""
    message, _ = server_reason({"message": "first\nsecond\x1b[31m\u2028third  " + "x" * 1000})
    assert message is not None
    assert message.startswith("first second [31m third x")
    assert len(message) == MESSAGE_LIMIT == 300 and message.endswith("…")


# --- over the wire --------------------------------------------------------------------------


async def test_the_server_reason_is_in_the_message(server: HostileServer) -> None:
    """README: "`str(e)` is `400 Bad Request for POST /api/v1/partner/invoice/action: case
    480001 is closed (request id ...)`"."""
    server.script = ok_json({"title": "Bad Request", "message": "case 480001 is closed"},
                            {"X-Request-Id": "rq-1"}, status=400)
    async with client_of(server) as client:
        with pytest.raises(BadRequestError) as caught:
            await client.invoices.create_actions(
                [CommentAction(invoice_number=1, case_id=480001, comment="hello")])
    error = caught.value
    assert str(error) == ("400 Bad Request for POST /api/v1/partner/invoice/action: "
                          "case 480001 is closed (request id rq-1)")
    assert error.message == "case 480001 is closed" and error.field_errors == []
    assert error.body == {"title": "Bad Request", "message": "case 480001 is closed"}


async def test_a_plain_text_reason_is_the_message(server: HostileServer) -> None:
    async def plain(conn: Conn, request: Request) -> None:
        await conn.respond(503, "maintenance until 02:00\n", {"Content-Type": "text/plain"})

    server.script = plain
    async with client_of(server, max_retries=0) as client:
        with pytest.raises(APIStatusError) as caught:
            await client.cases.get(7)
    assert caught.value.message == "maintenance until 02:00"
    assert str(caught.value).endswith(": maintenance until 02:00")


async def test_a_rate_limit_says_when_to_retry_and_why(server: HostileServer) -> None:
    server.script = ok_json({"message": "slow down"}, {"Retry-After": "600"}, status=429)
    async with client_of(server) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.cases.get(7)
    assert str(caught.value) == (
        f"429 Too Many Requests for GET {CASE_PATH}; retry after 600s: slow down")
    assert caught.value.retry_after == 600


def test_sandbox_field_errors_are_a_typed_list() -> None:
    """README: "`field_errors` lists the fields the server refused (`FieldViolation(field,
    message)`)"."""
    with FakeConfirma(cases=6, seed=4) as fake:
        case_id, case = next((k, v) for k, v in fake.cases.items()
                             if v["summary"]["status"] == "OPEN")
        number = int(case["invoices"][0]["invoiceNumber"])
        with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
            with pytest.raises(BadRequestError) as caught:
                client.invoices.create_actions([
                    DueDateAction(invoice_number=number + 1, case_id=case_id,
                                  due_date=date(2000, 1, 1)),
                ])
    error = caught.value
    assert error.field_errors == [
        FieldViolation("actions[0].data.invoiceNumber", f"is not the invoice of case {case_id}"),
        FieldViolation("actions[0].data.dueDate", error.field_errors[1].message),
    ]
    assert error.field_errors[1].message.startswith("must be later than")
    assert error.message == (f"actions[0].data.invoiceNumber: is not the invoice of case "
                             f"{case_id} (and 1 more)")
    assert error.request_id is not None and error.request_id in str(error)


def test_sandbox_conflict_names_the_closed_case() -> None:
    with FakeConfirma(cases=12, seed=2) as fake:
        closed = [(k, v) for k, v in fake.cases.items() if v["summary"]["status"] == "CLOSED"]
        assert closed, "the seed has no closed case"
        case_id, case = closed[0]
        with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
            with pytest.raises(ConflictError) as caught:
                client.invoices.create_actions([CommentAction(
                    invoice_number=int(case["invoices"][0]["invoiceNumber"]), case_id=case_id,
                    comment="too late")])
    assert f"case {case_id} is closed" in str(caught.value)


async def test_a_credential_the_server_repeats_is_masked(server: HostileServer) -> None:
    """README: "a credential of that call that the server repeats in its answer is masked
    (`**********`), in the message and in `body`"."""
    server.script = ok_json({"message": f"key {KEY} is not valid", "key": KEY}, status=401)
    async with client_of(server) as client:
        with pytest.raises(APIStatusError) as caught:
            await client.cases.get(7)
    error = caught.value
    assert error.message == "key ********** is not valid"
    assert error.body == {"message": "key ********** is not valid", "key": "**********"}
    assert KEY not in str(error)


# --- a 404 of cases.get names the case -------------------------------------------------------


def test_a_server_404_of_cases_get_names_the_case_and_the_request_id() -> None:
    """README: "A 404 from `cases.get(480001)` names the case: `case 480001 not found (404
    for GET /api/v1/partner/invoice/case): case not found (request id ...)`"."""
    with FakeConfirma(cases=2) as fake:
        with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
            with pytest.raises(NotFoundError) as caught:
                client.cases.get(480999)
        logged = fake.request_log[-1]
    error = caught.value
    assert str(error) == (f"case 480999 not found (404 for GET {CASE_PATH}): case not found "
                          f"(request id {logged.request_id})")
    assert (error.status, error.request_id, error.message) == (404, logged.request_id,
                                                               "case not found")
    assert error.body == {"status": 404, "title": "Not Found", "message": "case not found"}


async def test_an_answer_without_the_case_names_the_case_and_the_request_id(
    server: HostileServer,
) -> None:
    server.script = ok_json(case_body(8), {"X-Request-Id": "rq-14"})
    async with client_of(server) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.cases.get(7)
    assert str(caught.value) == "case 7 not found (request id rq-14)"
    assert (caught.value.status, caught.value.request_id) == (404, "rq-14")


async def test_a_server_404_of_distribution_get_names_the_invoice(
    server: HostileServer,
) -> None:
    """README: "`distribution.get(n)` names the invoice the same way"."""
    server.script = ok_json({"message": "no such invoice"}, {"X-Request-Id": "rq-15"},
                            status=404)
    async with client_of(server) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.distribution.get(4711)
    assert str(caught.value) == (
        f"distribution record of invoice 4711 not found (404 for GET {DISTRIBUTION_PATH}): "
        "no such invoice (request id rq-15)"
    )
    assert (caught.value.status, caught.value.request_id) == (404, "rq-15")


async def test_an_answer_without_the_invoice_names_the_invoice(server: HostileServer) -> None:
    server.script = ok_json({"metaData": {"totalCount": 0, "successfulCount": 0,
                                          "failedCount": 0}, "invoices": []},
                            {"X-Request-Id": "rq-16"})
    async with client_of(server) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.distribution.get(4711)
    assert str(caught.value) == "distribution record of invoice 4711 not found (request id rq-16)"
    assert (caught.value.status, caught.value.request_id) == (404, "rq-16")


# --- connection errors name the host and port and the reason --------------------------------


@pytest.mark.parametrize(
    ("script", "expected"),
    [(reset_after_reading, "connection dropped before a complete answer from {where}: "
                           "Connection reset by peer (ClientOSError)"),
     (close_after_reading, "connection dropped before a complete answer from {where} "
                           "(ServerDisconnectedError)")],
)
async def test_a_dropped_connection_names_host_port_and_reason(
    server: HostileServer, script: Any, expected: str
) -> None:
    """README: "Connection errors name the host and port and the reason"."""
    server.script = script
    async with client_of(server, max_retries=0) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.cases.get(7)
    where = f"127.0.0.1:{server.port}"
    assert caught.value.reason == expected.format(where=where)
    assert str(caught.value) == f"{caught.value.reason} (GET {CASE_PATH})"


async def test_a_timeout_names_host_and_port(server: HostileServer) -> None:
    server.script = hang(server)
    async with client_of(server, max_retries=0, timeout=0.2) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.cases.get(7)
    assert str(caught.value) == f"request to 127.0.0.1:{server.port} timed out (GET {CASE_PATH})"


def test_an_oserror_without_errno_is_read_from_its_text() -> None:
    # "localhost" may resolve to ::1 and 127.0.0.1; when both refuse, asyncio raises one
    # OSError without errno ("Multiple exceptions: [Errno 111] ..."), the reason in its text.
    error = OSError("Multiple exceptions: [Errno 111] Connect call failed ('::1', 9), "
                    "[Errno 111] Connect call failed ('127.0.0.1', 9)")
    assert _os_reason(error) == "Connection refused"


@pytest.mark.parametrize("answer", ["400", "reset"])
async def test_no_message_carries_the_request_body_query_or_a_header(
    server: HostileServer, caplog: pytest.LogCaptureFixture, answer: str
) -> None:
    """README: "The SDK never adds the request body, the query or a header to a
    message"."""
    personal = {"ssn": "010101-123X"}
    server.script = (reset_after_reading if answer == "reset"
                     else ok_json({"message": "refused"}, status=400))
    caplog.set_level(logging.DEBUG, logger="confirma_async")
    async with client_of(server, max_retries=1) as client:
        with pytest.raises(ConfirmaError) as caught:
            await client.request(
                "POST", "/api/v1/partner/x", json={"buyer": "Maija Meikäläinen"},
                extra_query=personal, extra_headers={"X-Trace": "hdr-secret-77"},
            )
    shown = [str(caught.value), repr(caught.value), caplog.text]
    for text in ("010101-123X", "Maija", "hdr-secret-77"):
        assert all(text not in part for part in shown), text
