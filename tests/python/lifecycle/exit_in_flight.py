"""Exits while calls are still waiting for answers: blocking calls in daemon threads,
awaitables on an event loop in a daemon thread, and tasks asyncio.run cancels."""

from __future__ import annotations

import asyncio
import threading
import time

from _settings import stalled_args

import pikepay

client = pikepay.Client(**stalled_args())
aclient = pikepay.AsyncClient(**stalled_args())


CARD = {"type": "bank_card", "bank_card": {"number": "4242424242424242"}}


def blocking() -> None:
    client.sessions.init_payout(
        payout_details={"type": "card", "card": CARD},
        amount_details={"amount": 100, "currency": "rub"},
    )


async def many() -> None:
    await asyncio.gather(*(aclient.fps.banks() for _ in range(16)))


for _ in range(4):
    threading.Thread(target=blocking, daemon=True).start()
threading.Thread(target=lambda: asyncio.run(many()), daemon=True).start()


async def main() -> None:
    for _ in range(16):
        asyncio.ensure_future(aclient.fps.banks())
    await asyncio.sleep(0.2)


asyncio.run(main())
time.sleep(0.05)
print("exiting")
