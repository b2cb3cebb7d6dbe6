"""How the bulk engine hands results to its consumer: never more than ``workers`` waiting,
and an ``iter_many``/``track`` loop left without closing never hangs the event loop's end.

In the second case the consumer breaks out of the loop and never closes the iterator;
``asyncio.run`` then cancels the engine's workers while they wait to hand over results
nobody reads. Each case runs in a fresh interpreter with every warning turned into an
error, bounded by a timeout, so a regression fails here instead of hanging the suite.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator

import pytest

from confirma_async._core.bulk import run_bulk
from confirma_async.models.bulk import make_outcome
from confirma_async.testing import FakeConfirma
from tests.conftest import ROOT

SCRIPT = """\
import asyncio, sys
from confirma_async import AsyncConfirmaClient

URL, KEY, HOW = sys.argv[1], sys.argv[2], sys.argv[3]
LEFT = []


async def main() -> None:
    client = AsyncConfirmaClient(api_key=KEY, base_url=URL, max_concurrency=4)
    if HOW == "iter_many":
        # Far more keys than workers: every worker ends up waiting on a full queue.
        LEFT.append(client.cases.iter_many(range(1, 400), concurrency=4))
    else:
        LEFT.append(client.invoices.track(concurrency=2))
    async for _ in LEFT[0]:
        break  # and the iterator stays referenced (LEFT) until the interpreter ends
    await asyncio.sleep(0.2)  # let the workers fill the queue nobody reads any more
    await client.close()


def report(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    print("loop error:", context.get("message"), context.get("exception"), file=sys.stderr)


async def guarded() -> None:
    asyncio.get_running_loop().set_exception_handler(report)
    await main()

asyncio.run(guarded())
print("returned")
"""


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeConfirma]:
    with FakeConfirma(invoices=60) as running:
        yield running


@pytest.mark.parametrize("how", ["iter_many", "track"])
def test_asyncio_run_returns_when_a_bulk_loop_is_left_unclosed(
    fake: FakeConfirma, how: str
) -> None:
    """README: "an iterator still referenced when `asyncio.run` ends is closed by the
    loop's shutdown, which returns normally" — promptly, no task left pending, nothing
    warns."""
    try:
        result = subprocess.run(
            [sys.executable, "-W", "error", "-c", SCRIPT, fake.url, fake.api_key, how],
            capture_output=True, text=True, timeout=30, cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"asyncio.run hung after leaving a {how} loop unclosed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "returned"
    # Pending tasks destroyed, unclosed resources, async generators that failed to close:
    # asyncio reports each of these on stderr (as an error, with -W error).
    assert result.stderr == ""


async def test_a_slow_consumer_holds_back_the_workers() -> None:
    """README: "`iter_many` keeps memory bounded by the concurrency, not by the number of
    keys" — at most `workers` results wait for the consumer, plus one per worker."""
    fetched = 0

    async def fetch(key: int) -> int:
        nonlocal fetched
        fetched += 1
        return key

    run = run_bulk(range(1000), fetch, make_outcome, workers=4)
    try:
        await run.__anext__()
        for _ in range(100):  # plenty of turns for the workers to run ahead if they could
            await asyncio.sleep(0)
        assert fetched <= 1 + 4 + 4
        taken = 1
        async for _ in run:
            taken += 1
        assert taken == fetched == 1000
    finally:
        await run.aclose()
