"""Self-contained: run the sandbox in-process, inject faults, and watch the retries cope."""

import asyncio

from confirma_async import AsyncConfirmaClient, RateLimitError, RetryPolicy, ServerError
from confirma_async.testing import PATHS, FakeConfirma


async def main() -> None:
    async with FakeConfirma(invoices=50) as fake, AsyncConfirmaClient(
        api_key=fake.api_key, base_url=fake.url, max_retries=5,
        retry_policy=RetryPolicy(backoff_base=0.01, backoff_cap=0.1),
    ) as client:
        case_id = next(iter(fake.cases))

        fake.faults.fail(PATHS["case"], 503, times=2)  # two failures, then healthy
        case = await client.cases.get(case_id)  # GETs are retried
        print(f"case {case.case_id} read after 2 injected 503s; "
              f"{len(fake.request_log.matching(PATHS['case'], method='GET'))} attempts")

        fake.faults.fail(PATHS["case"], 500)  # permanently broken
        try:
            await client.cases.get(case_id)
        except ServerError as exc:
            print(f"gave up after retries: {exc.status} (request id {exc.request_id})")
        fake.faults.clear()

        fake.faults.rate_limit = 20  # requests per second, answered 429 + Retry-After
        try:
            await asyncio.gather(*(client.cases.get(case_id) for _ in range(40)))
            print("40 calls through a 20 req/s limit: all succeeded by honouring Retry-After")
        except RateLimitError as exc:
            print(f"rate limited: retry after {exc.retry_after}s")


asyncio.run(main())
