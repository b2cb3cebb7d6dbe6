"""The claims API's free-form ``additionalProperties`` objects are kept, read-only."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from confirma_async import serde
from confirma_async.collection import AsyncCollectionClient
from confirma_async.models import (
    ClaimInvoice,
    ClaimSearchResult,
    Confirmation,
    FrozenMapping,
    Page,
    Transaction,
)
from tests.conftest import example_text

BASE = "https://collection.example.com"


def invoices_page() -> Any:
    """Seed 004 ("Get Invoices for a Claim"), with something inside every free-form object."""
    body = serde.loads(example_text("claims_invoices_response.json"))
    body["additionalProperties"] = {"source": "batch-7", "weight": Decimal("0.125")}
    body["pagination"]["additionalProperties"] = {"cursor": {"next": None, "seen": [1, 2]}}
    body["items"][0]["additionalProperties"][0]["additionalProperties"] = {"origin": "ERP"}
    return body


def test_seed_invoices_page_keeps_every_additional_properties_object() -> None:
    """Issue 10: the claims invoices response dropped every ``additionalProperties`` object
    (on items, on ``pagination``, at the top level)."""
    page: Page[ClaimInvoice] = serde.structure(invoices_page(), Page[ClaimInvoice])
    assert page.additional_properties == {"source": "batch-7", "weight": Decimal("0.125")}
    assert page.pagination.additional_properties == {"cursor": {"next": None, "seen": (1, 2)}}
    first = page.items[0].additional_properties[0]
    assert (first.key, first.value) == ("natus", "Ad ipsa eum.")
    assert first.additional_properties == {"origin": "ERP"}
    assert page.items[0].additional_properties[1].additional_properties == {}


def test_the_documented_empty_objects_decode_as_empty_mappings() -> None:
    page: Page[ClaimInvoice] = serde.structure(
        serde.loads(example_text("claims_invoices_response.json")), Page[ClaimInvoice]
    )
    assert isinstance(page.additional_properties, FrozenMapping)
    assert len(page.additional_properties) == 0
    assert page.pagination.additional_properties == {}


def test_numbers_inside_stay_exact_decimals() -> None:
    page: Page[ClaimInvoice] = serde.structure(invoices_page(), Page[ClaimInvoice])
    weight = page.additional_properties["weight"]
    assert type(weight) is Decimal and str(weight) == "0.125"


def test_kept_objects_are_read_only_all_the_way_down() -> None:
    """README: "kept whole as read-only `FrozenMapping`s (nested objects read-only too,
    arrays as tuples, numbers exact)"."""
    page: Page[ClaimInvoice] = serde.structure(invoices_page(), Page[ClaimInvoice])
    kept: Any = page.pagination.additional_properties
    with pytest.raises(TypeError):
        kept["new"] = 1
    with pytest.raises(TypeError):
        kept["cursor"]["next"] = 1
    with pytest.raises(AttributeError):
        kept.cursor = 1
    assert isinstance(kept["cursor"], FrozenMapping)
    assert isinstance(kept["cursor"]["seen"], tuple)


def test_kept_objects_re_encode_to_what_the_server_sent() -> None:
    body = invoices_page()
    page: Page[ClaimInvoice] = serde.structure(body, Page[ClaimInvoice])
    again = serde.loads(serde.dumps(serde.unstructure(page)))
    assert again["additionalProperties"] == body["additionalProperties"]
    assert again["pagination"]["additionalProperties"] == body["pagination"]["additionalProperties"]
    assert again["items"][0]["additionalProperties"][0] == body["items"][0][
        "additionalProperties"][0]


def test_frozen_mapping_pickles_and_compares_like_a_dict() -> None:
    kept = FrozenMapping({"a": {"b": Decimal("1.50")}})
    assert pickle.loads(pickle.dumps(kept)) == {"a": {"b": Decimal("1.50")}}
    assert kept == FrozenMapping({"a": {"b": Decimal("1.50")}})
    assert "FrozenMapping" in repr(kept)


def test_transaction_and_search_objects_are_kept_read_only_too() -> None:
    confirmation: Confirmation = serde.structure(
        {"date": "2024-05-22", "type": "INVOICE", "number": "1",
         "additionalProperties": {"batch": "A"}}, Confirmation)
    assert confirmation.additional_properties == {"batch": "A"}
    assert isinstance(confirmation.additional_properties, FrozenMapping)
    hit: ClaimSearchResult = serde.structure(
        {"claimNumber": "1", "customerNumber": "K1", "additionalProperties": {"x": 1}},
        ClaimSearchResult)
    assert isinstance(hit.additional_properties, FrozenMapping)
    assert hit.additional_properties["x"] == 1
    closing: Transaction = serde.structure(
        {"id": "c1", "type": "CLOSING", "sortNumber": 1,
         "closing": {"date": "2024-09-30", "type": "FULL_PAYMENT", "invoice": {"n": "I1"}}},
        Transaction)
    assert closing.closing is not None and isinstance(closing.closing.invoice, FrozenMapping)


async def test_list_invoices_returns_the_kept_objects() -> None:
    with aioresponses() as mocked:
        mocked.get(f"{BASE}/v1/claims/731770919/invoices?page=1&pageSize=10",
                   body=serde.dumps(invoices_page()))
        async with AsyncCollectionClient(base_url=BASE, access_token="token-1") as client:
            page = await client.claims.list_invoices("731770919")
    assert page.additional_properties["source"] == "batch-7"
    assert page.items[0].additional_properties[0].additional_properties == {"origin": "ERP"}
