"""Stopped by Ctrl-C (SIGINT) while calls wait for answers: `async` awaits them in
asyncio.run, `sync` blocks the main thread in a call while daemon threads call too.
Prints "ready" once the calls have started."""

from __future__ import annotations

import asyncio
import sys
import threading

from _settings import stalled_args

import pikepay


def announce() -> None:
    print("ready", flush=True)


if sys.argv[1] == "async":
    client = pikepay.AsyncClient(**stalled_args())

    async def main() -> None:
        asyncio.get_running_loop().call_later(0.1, announce)
        await asyncio.gather(*(client.fps.banks() for _ in range(16)))

    asyncio.run(main())
else:
    blocking = pikepay.Client(**stalled_args())
    for _ in range(4):
        threading.Thread(target=blocking.fps.banks, daemon=True).start()
    threading.Timer(0.1, announce).start()
    blocking.fps.banks()
