"""The sandbox serves every endpoint the SDK calls, at the paths the SDK's constants name."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import ModuleType

import aiohttp

import confirma_async.api
import confirma_async.collection
from confirma_async.collection import claims
from confirma_async.testing import PATHS, FakeCollection, FakeConfirma

#: A claim number for the claim endpoints (the fake answers 404 for it: still a handler).
CLAIM = "FI-S2611000001"


def _modules(package: ModuleType) -> list[ModuleType]:
    return [importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)]


def _endpoint_constants(package: ModuleType) -> dict[str, str]:
    """Every endpoint path a package spells: ``*_PATH`` strings, ``*_PATHS`` mappings and
    the claim endpoints' ``*_SUFFIX`` (as ``claim_path`` builds them), by qualified name."""
    found: dict[str, str] = {}
    for module in _modules(package):
        for name, value in vars(module).items():
            where = f"{module.__name__}.{name}"
            if name.endswith("_PATH") and isinstance(value, str):
                found[where] = value
            elif name.endswith("_PATHS") and isinstance(value, Mapping):
                found.update({f"{where}[{key!r}]": path for key, path in value.items()})
            elif name.endswith("_SUFFIX") and isinstance(value, str):
                assert module is claims, f"{where}: a suffix outside collection/claims.py"
                found[where] = claims.claim_path(CLAIM, value)
    return found


async def _served(session: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> bool:
    """Whether a handler of the fake answers ``url`` (for GET or POST, with a valid key).

    Handlers answer JSON (errors too) or 204; aiohttp's own 404/405 for a path or method
    without a route is plain text.
    """
    for method in ("GET", "POST"):
        async with session.request(method, url, headers=headers) as response:
            await response.read()
            if response.status == 204 or response.content_type == "application/json":
                return True
    return False


async def test_every_endpoint_constant_in_api_and_collection_is_served_by_the_fakes() -> None:
    confirma = _endpoint_constants(confirma_async.api)
    collection = _endpoint_constants(confirma_async.collection)
    # The walk finds the constants (and would find a new one without this test changing).
    assert {"confirma_async.api.cases.CASES_PATH",
            "confirma_async.api.accounting.ACCOUNTING_PATHS['invoice']",
            "confirma_async.api.operations.FINVOICE_CREDENTIALS_PATH"} <= set(confirma)
    assert {"confirma_async.collection.claims.CLAIMS_PATH",
            "confirma_async.collection.claims.CANCELLATIONS_SUFFIX",
            "confirma_async.collection.transactions.TRANSACTIONS_PATH"} <= set(collection)

    unserved = []
    async with FakeConfirma(invoices=0) as fake, FakeCollection(claims=0) as agency, \
            aiohttp.ClientSession() as session:
        bearer = {"Authorization": f"Bearer {agency.issue_token()}"}
        # The check itself tells a route from no route.
        assert not await _served(session, fake.url + "/api/v1/partner/no-such-endpoint",
                                 {"X-Api-Key": fake.api_key})
        assert not await _served(session, agency.url + "/v1/no-such-endpoint", bearer)
        for name, path in confirma.items():
            # Re-read the key: renewing it (RENEW_PATH) replaces it.
            if not await _served(session, fake.url + path, {"X-Api-Key": fake.api_key}):
                unserved.append(f"{name} = {path}")
        for name, path in collection.items():
            if not await _served(session, agency.url + path, bearer):
                unserved.append(f"{name} = {path}")
    assert unserved == []


def test_the_public_path_table_keeps_its_keys_and_names_exactly_the_sdk_paths() -> None:
    assert list(PATHS) == [
        "client", "validate", "renew", "invoice", "action", "case", "distribution",
        "distribution_v2", "payments", "settlements", "accounting_invoice", "ledger",
        "accounting_payment", "finvoice", "advance",
    ]
    sdk_paths = set(_endpoint_constants(confirma_async.api).values())
    assert set(PATHS.values()) == sdk_paths | {PATHS["advance"]}
    assert PATHS["advance"] not in sdk_paths
