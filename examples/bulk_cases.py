"""Bulk: fetch many cases concurrently; one failure never fails the batch."""

import asyncio
import os

from confirma_async import AsyncConfirmaClient


async def main() -> None:
    async with AsyncConfirmaClient(base_url=os.environ.get("CONFIRMA_BASE_URL"),
                                   max_concurrency=32) as client:
        report = await client.distribution.list()
        case_ids = [r.case_id for r in report.invoices if r.case_id is not None]
        case_ids.append(1)  # an id that does not exist: it lands in .failed, not in an exception

        def progress(done: int, total: int | None, failed: int) -> None:
            if done == total:
                print(f"fetched {done}/{total} ({failed} failed)")

        result = await client.cases.get_many(case_ids, concurrency=16, on_progress=progress)
        print(f"succeeded: {len(result.succeeded)}, failed: {len(result.failed)}")
        for case_id, error in result.failed.items():
            print(f"  case {case_id}: {type(error).__name__} {error}")

        # As they complete, with memory bounded by the concurrency (for very long id lists):
        open_cases = 0
        async for outcome in client.cases.iter_many(case_ids[:-1], concurrency=16):
            if outcome.ok and outcome.value.summary.status == "OPEN":
                open_cases += 1
        print(f"open cases: {open_cases}")


asyncio.run(main())
