"""pytest fixtures for testing your own Confirma integration against the sandbox.

Installed with the package (entry point ``pytest11``), so the fixtures are simply there:

- ``confirma_fake``: a running ``FakeConfirma`` (background thread; works in sync and
  async tests). Configure it per test with ``@pytest.mark.confirma_fake(invoices=10, seed=3)``
  (or ``cases=5`` for exactly five agency cases).
- ``confirma_sync_client``: a ``ConfirmaClient`` pointed at it.
- ``confirma_client``: an ``AsyncConfirmaClient`` pointed at it (needs pytest-asyncio).
- ``collection_fake``: a running ``FakeCollection`` (``@pytest.mark.collection_fake(...)``).
- ``collection_sync_client`` / ``collection_client``: a ``CollectionClient`` /
  ``AsyncCollectionClient`` that signs in to it with OAuth client credentials.

Clients use tiny retry back-offs so tests that inject faults stay fast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from .._client import AsyncConfirmaClient
from .._config import Timeout
from .._core.retry import RetryPolicy
from .._sync import ConfirmaClient
from ..collection import AsyncCollectionClient, CollectionClient
from ._collection import FakeCollection
from ._fake import FakeConfirma

__all__ = [
    "confirma_fake",
    "confirma_client",
    "confirma_sync_client",
    "collection_fake",
    "collection_sync_client",
    "collection_client",
]

#: Retry timing for clients made by the fixtures: real retries, no long waits.
TEST_RETRY_POLICY = RetryPolicy(backoff_base=0.01, backoff_cap=0.05, deadline=30.0)
TEST_TIMEOUT = Timeout(total=10.0, connect=5.0)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "confirma_fake(**options): options for the confirma_fake fixture "
        "(invoices or cases, seed, today, api_key, ...)",
    )
    config.addinivalue_line(
        "markers", "collection_fake(**options): options for the collection_fake fixture"
    )


def _options(request: pytest.FixtureRequest, name: str) -> dict[str, Any]:
    marker = request.node.get_closest_marker(name)
    return dict(marker.kwargs) if marker is not None else {}


@pytest.fixture
def confirma_fake(request: pytest.FixtureRequest) -> Iterator[FakeConfirma]:
    """A fresh ``FakeConfirma`` (20 invoices unless marked otherwise), served from a thread."""
    options = _options(request, "confirma_fake")
    if "cases" not in options:
        options.setdefault("invoices", 20)
    with FakeConfirma(**options) as fake:
        yield fake


@pytest.fixture
def confirma_sync_client(confirma_fake: FakeConfirma) -> Iterator[ConfirmaClient]:
    """A ``ConfirmaClient`` for ``confirma_fake``; closed after the test."""
    with ConfirmaClient(**_confirma_options(confirma_fake)) as client:
        yield client


def _confirma_options(fake: FakeConfirma) -> dict[str, Any]:
    return {
        "api_key": fake.api_key,
        "base_url": fake.url,
        "timeout": TEST_TIMEOUT,
        "retry_policy": TEST_RETRY_POLICY,
    }


@pytest.fixture
def collection_fake(request: pytest.FixtureRequest) -> Iterator[FakeCollection]:
    """A fresh ``FakeCollection`` (5 claims unless marked otherwise), served from a thread."""
    options = {"claims": 5, **_options(request, "collection_fake")}
    with FakeCollection(**options) as fake:
        yield fake


@pytest.fixture
def collection_sync_client(collection_fake: FakeCollection) -> Iterator[CollectionClient]:
    """A ``CollectionClient`` for ``collection_fake`` (OAuth client credentials)."""
    with CollectionClient(**_collection_options(collection_fake)) as client:
        yield client


def _collection_options(fake: FakeCollection) -> dict[str, Any]:
    return {
        "base_url": fake.url,
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "token_url": fake.token_url,
        "audience": fake.audience,
        "timeout": TEST_TIMEOUT,
        "retry_policy": TEST_RETRY_POLICY,
    }


async def _async_client(confirma_fake: FakeConfirma) -> AsyncIterator[AsyncConfirmaClient]:
    """An ``AsyncConfirmaClient`` for ``confirma_fake``; closed after the test."""
    async with AsyncConfirmaClient(**_confirma_options(confirma_fake)) as client:
        yield client


async def _async_collection_client(
    collection_fake: FakeCollection,
) -> AsyncIterator[AsyncCollectionClient]:
    """An ``AsyncCollectionClient`` for ``collection_fake`` (OAuth client credentials)."""
    async with AsyncCollectionClient(**_collection_options(collection_fake)) as client:
        yield client


def _needs_pytest_asyncio() -> None:
    """Without pytest-asyncio use the ``*_sync_client`` fixtures."""
    pytest.fail("async client fixtures need pytest-asyncio (pip install pytest-asyncio)")


confirma_client: Any
collection_client: Any
try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - depends on the user's environment
    confirma_client = pytest.fixture(_needs_pytest_asyncio, name="confirma_client")
    collection_client = pytest.fixture(_needs_pytest_asyncio, name="collection_client")
else:
    confirma_client = pytest_asyncio.fixture(_async_client, name="confirma_client")
    collection_client = pytest_asyncio.fixture(_async_collection_client,
                                               name="collection_client")
