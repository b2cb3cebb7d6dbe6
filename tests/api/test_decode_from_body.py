"""Resources decode the response body straight into models (``serde.decode``): the
transport hands over the bytes as read and parses them as plain JSON only when someone
asks for ``data``. Answers, errors, paths and request ids stay what they were."""

from __future__ import annotations

import re
from typing import Any, NoReturn

import pytest
from aioresponses import aioresponses

from confirma_async import AsyncConfirmaClient, CommentAction, ResponseDecodeError, serde
from confirma_async.collection import AsyncCollectionClient
from confirma_async.models import TokenValidation
from tests.bodies import case_body
from tests.conftest import example_text

ROOT = "https://integrations.confirmafinance.com"
ANY_URL = re.compile(r"^https://integrations\.confirmafinance\.com/.*$")
CLAIMS_ROOT = "https://claims.example.com"
ANY_CLAIMS_URL = re.compile(r"^https://claims\.example\.com/.*$")


def no_plain_json(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Make ``serde.loads`` (parsing into dicts) record its bodies and refuse them."""
    parsed: list[bytes] = []

    def refuse(body: Any) -> NoReturn:
        parsed.append(body)
        raise AssertionError("the body was parsed into plain JSON first")

    monkeypatch.setattr(serde, "loads", refuse)
    return parsed


async def test_resources_and_cast_to_decode_the_body_without_parsing_it_into_dicts(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = no_plain_json(monkeypatch)
    with aioresponses() as mocked:
        mocked.get(ANY_URL, body=serde.dumps(case_body(7)))
        mocked.get(ANY_URL, body=example_text("settlements.response.json"))
        mocked.get(ANY_URL, body=example_text("onboarding_validate.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            case = await client.cases.get(7)
            report = await client.settlements.list()
            validation = await client.request("GET", "/api/v1/partner/validate",
                                              cast_to=TokenValidation)
    assert case.summary.case_id == 7
    assert report.settlements
    assert validation == TokenValidation(is_valid=True, message="Token is valid")
    assert parsed == []


async def test_a_decode_error_carries_the_status_request_id_and_wire_path(api_key: str) -> None:
    body = case_body(7)
    del body["cases"][0]["summary"]["currency"]
    with aioresponses() as mocked:
        mocked.get(ANY_URL, body=serde.dumps(body), headers={"X-Request-Id": "req-77"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError) as caught:
                await client.cases.get(7)
    error = caught.value
    assert (error.status, error.request_id) == (200, "req-77")
    assert error.json_path == "$.cases[0].summary.currency"


async def test_a_body_that_is_not_json_names_the_request_id(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, body=b"<html>maintenance</html>", content_type="text/html",
                   headers={"X-Request-Id": "req-html"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError, match="unusable response body") as caught:
                await client.cases.get(7)
    assert (caught.value.status, caught.value.request_id) == (200, "req-html")


@pytest.mark.parametrize("body", [b"null", b"  null\n", b"", b" \r\n"])
async def test_a_null_or_blank_body_is_an_empty_answer(api_key: str, body: bytes) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, body=body)
        mocked.get(ANY_URL, body=body)
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert await client.payments.list() == []
            assert await client.cases.list(case_id=3) == []


async def test_cast_to_with_an_empty_body_says_the_answer_does_not_match(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, status=204, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError, match="does not match TokenValidation"):
                await client.request("GET", "/api/v1/partner/validate", cast_to=TokenValidation)


async def test_an_actions_answer_that_is_not_json_still_fails_the_call(api_key: str) -> None:
    # The receipt does not use the body, but a 200 that is not JSON (a proxy's page) is not
    # the API's answer: it failed before the transport stopped parsing every body, and
    # must go on failing.
    with aioresponses() as mocked:
        mocked.post(ANY_URL, body=b"<html>ok</html>", content_type="text/html")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError, match="unusable response body"):
                await client.invoices.create_actions(
                    [CommentAction(invoice_number=1, case_id=2, comment="hi")]
                )


async def test_a_bare_array_page_after_whitespace_is_read_whole() -> None:
    costs = [{"type": "REMINDER_FEE", "currency": "EUR", "remainingAmount": n,
              "originalAmount": n, "date": "2024-05-22", "invoiceNumber": f"I{n}"}
             for n in (5, 7)]
    with aioresponses() as mocked:
        mocked.get(ANY_CLAIMS_URL, body=b"\n  " + serde.dumps(costs))
        async with AsyncCollectionClient(base_url=CLAIMS_ROOT, access_token="t") as client:
            page = await client.claims.list_costs("C-1")
    assert [item.invoice_number for item in page.items] == ["I5", "I7"]


async def test_an_out_of_range_number_in_a_field_the_models_ignore_is_never_converted(
    api_key: str,
) -> None:
    """README: "Every number in a response is bounded before it is converted". A resource
    decodes only the fields its model has, so a huge number under an unknown key is
    skipped, never converted; the escape hatch, which returns every value, refuses it."""
    body = serde.dumps(case_body(7))[:-1] + b', "someNewField": 1e1000000}'
    with aioresponses() as mocked:
        mocked.get(ANY_URL, body=body)
        mocked.get(ANY_URL, body=body)
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert (await client.cases.get(7)).summary.case_id == 7
            with pytest.raises(ResponseDecodeError, match="out of range") as caught:
                await client.request("GET", "/api/v1/partner/invoice/case")
    assert caught.value.json_path == "$.someNewField"
