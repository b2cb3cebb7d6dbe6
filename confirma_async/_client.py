"""``AsyncConfirmaClient``: configuration, the transport, and the resource tree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, overload

import aiohttp

from . import serde
from ._base_client import AsyncBaseClient
from ._config import (
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Environment,
    Timeout,
    resolve_api_key,
    resolve_base_url,
    secret_arg,
)
from ._core.hooks import Hooks
from ._core.retry import RetryPolicy
from ._core.transport import ApiKeyAuth, QueryValue, Transport
from .api._resource import merge_query, record_response
from .api.accounting import AsyncAccounting
from .api.cases import AsyncCases
from .api.distribution import AsyncDistribution
from .api.invoices import AsyncInvoices
from .api.onboarding import AsyncOnboarding
from .api.operations import AsyncOperations
from .api.payments import AsyncPayments
from .api.settlements import AsyncSettlements

__all__ = ["AsyncConfirmaClient"]

T = TypeVar("T")


class AsyncConfirmaClient(AsyncBaseClient):
    """Async client of the Confirma Finance Integrations API.

    Share one client across the whole application: it keeps one connection pool.
    Entering the client does no network I/O; the HTTP session is created on first use.
    ``with_options(...)`` gives the same client with other per-call settings, and
    ``with_raw_response`` the HTTP side (status, headers, request id) of a call.
    """

    _raw_calls = frozenset({"request"})

    cases: AsyncCases
    distribution: AsyncDistribution
    invoices: AsyncInvoices
    onboarding: AsyncOnboarding
    payments: AsyncPayments
    settlements: AsyncSettlements
    accounting: AsyncAccounting
    operations: AsyncOperations

    def __init__(
        self,
        api_key: str | None = None,
        *,
        environment: Environment | None = None,
        base_url: str | None = None,
        timeout: float | Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        retry_policy: RetryPolicy | None = None,
        log_bodies: bool = False,
        session: aiohttp.ClientSession | None = None,
        hooks: Hooks | None = None,
        provisioning_token: str | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        """``api_key``, ``base_url`` and ``environment`` default to the environment
        variables ``CONFIRMA_API_KEY``, ``CONFIRMA_BASE_URL`` and ``CONFIRMA_ENVIRONMENT``
        (an argument always wins; ``base_url`` wins over ``environment``; production when
        nothing is set). ``provisioning_token`` is the Partner Provisioning Token, used
        only by ``onboarding.create_client`` (it can also be passed to that call).
        ``max_response_bytes`` caps a response body (after decompression). ``proxy`` is
        an ``http://[user:password@]host:port`` proxy for https requests; without it,
        ``trust_env`` reads ``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY`` once, now.
        ``CONFIRMA_LOG=debug|info`` logs to stderr (set up by the first client).
        """
        self._auth = ApiKeyAuth(resolve_api_key(api_key))
        self._provisioning_token = (
            None
            if provisioning_token is None
            else secret_arg("provisioning_token", provisioning_token)
        )
        super().__init__(
            base_url=resolve_base_url(environment, base_url),
            auth=self._auth,
            timeout=timeout,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            retry_policy=retry_policy,
            log_bodies=log_bodies,
            session=session,
            hooks=hooks,
            max_response_bytes=max_response_bytes,
            proxy=proxy,
            trust_env=trust_env,
        )

    def _attach(self, transport: Transport) -> None:
        self._transport = transport
        self.cases = AsyncCases(transport)
        self.distribution = AsyncDistribution(transport)
        self.invoices = AsyncInvoices(transport)
        self.onboarding = AsyncOnboarding(
            transport, provisioning_token=self._provisioning_token, on_new_key=self.set_api_key
        )
        self.payments = AsyncPayments(transport)
        self.settlements = AsyncSettlements(transport)
        self.accounting = AsyncAccounting(transport)
        self.operations = AsyncOperations(transport)

    def set_api_key(self, api_key: str) -> None:
        """Switch this live client to another API key (e.g. after
        ``onboarding.renew_token()``). Requests sent after the call use the new key;
        connections, limits and settings stay as they are. The key is shared with every
        view (``with_options``) of the client, which switch too.
        """
        self._auth.set_key(secret_arg("api_key", api_key))

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        cast_to: None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Any: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        cast_to: type[T],
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> T: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        cast_to: type[T] | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> T | Any:
        """Call any endpoint through the same transport (auth, retries, limits, errors).

        ``path`` is relative to the base URL (e.g. ``/api/v1/partner/payments``). ``json``
        may hold models (they are unstructured). Returns decoded JSON, or ``cast_to``.
        """
        response = await self._transport.request(
            method,
            path,
            params=merge_query(params or {}, extra_query) if extra_query else params,
            json=None if json is None else serde.unstructure(json),
            headers=extra_headers,
            timeout=timeout,
            max_retries=max_retries,
        )
        record_response(response)
        if cast_to is None:
            return response.data
        result: T = response.decode(cast_to)
        return result

