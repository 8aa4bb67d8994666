"""asyncio.run(main()) where main awaits 64 concurrent calls, prints and returns."""

from __future__ import annotations

import asyncio

from _settings import CLIENT_ARGS

import pikepay


async def main() -> None:
    client = pikepay.AsyncClient(**CLIENT_ARGS)
    session = (await client.sessions.create()).session.id
    results = await asyncio.gather(*(client.sessions.status(session_id=session) for _ in range(64)))
    print(sum(r.session.status == "created" for r in results))


asyncio.run(main())
