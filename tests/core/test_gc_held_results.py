"""The collector and held results: the SDK leaves its settings alone; models hold no cycles."""

from __future__ import annotations

import gc

from confirma_async import AsyncConfirmaClient, serde
from confirma_async.models import CaseEnvelope
from confirma_async.testing import FakeConfirma
from tests.conftest import EXAMPLES


def collector_settings() -> tuple[object, ...]:
    return (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count(), gc.get_debug())


async def test_get_many_never_changes_the_collectors_settings() -> None:
    """Guards the README: "The SDK never changes the collector's settings behind your
    back." """
    before = collector_settings()
    async with FakeConfirma(invoices=30) as fake, AsyncConfirmaClient(
        api_key=fake.api_key, base_url=fake.url
    ) as client:
        result = await client.cases.get_many(list(fake.cases))
    assert result.succeeded
    assert collector_settings() == before


def test_decoded_models_hold_no_reference_cycles() -> None:
    """Guards the README: "Frozen objects are still freed as soon as nothing refers to them
    (models hold no reference cycles)"."""
    body = (EXAMPLES / "invoice_case.response.v2.json").read_bytes()

    def both() -> None:
        for decoded in (serde.decode(body, CaseEnvelope),
                        serde.structure(serde.loads(body), CaseEnvelope)):
            assert decoded.cases[0].invoices[0].timeline

    both()  # the first decode generates the hooks and mirrors (which do hold cycles)
    gc.collect()
    gc.disable()
    try:
        both()
        assert gc.collect() == 0  # everything was freed by reference counting
    finally:
        gc.enable()
