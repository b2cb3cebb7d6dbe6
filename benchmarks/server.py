"""The benchmark server, run in its own process: ``python -m benchmarks.server --latency 0``.

Answers case details for any ``caseId`` with one pre-encoded realistic body (the id spliced
in), so the server spends as little CPU as possible and the clients are what is measured.
Prints its port on stdout once it listens.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from aiohttp import web

from confirma_async import serde

from .payload import PLACEHOLDER, case_dict

CASES_PATH = "/api/v1/partner/invoice/case"


def build_app(latency: float) -> web.Application:
    template = serde.dumps({"cases": [case_dict(int(PLACEHOLDER))]})
    head, tail = template.split(PLACEHOLDER.encode(), 1)

    async def case(request: web.Request) -> web.Response:
        key = request.query.get("caseId", "1")
        if latency:
            await asyncio.sleep(latency)
        if not key.isdigit():
            return web.Response(status=400)
        return web.Response(body=head + key.encode() + tail, content_type="application/json")

    app = web.Application()
    app.router.add_get(CASES_PATH, case)
    return app


async def serve(latency: float) -> None:
    runner = web.AppRunner(build_app(latency), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    try:
        asyncio.run(serve(args.latency))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
