"""Whole signed ``session/status`` calls against the bench server (bench/rust), from Python.

``calls.py CLIENT CONCURRENCY URL KEY.pem`` prints one JSON line: calls/s and CPU µs per
call (this process's user + system time, every thread included) per round, and their
medians. CLIENT is ``client`` (pikepay.Client; threads, at most 16), ``async``
(pikepay.AsyncClient), ``aiohttp``, ``httpx`` (httpx.AsyncClient) or ``requests``
(threads, at most 16); the last three sign with ``cryptography`` and a loaded key.
``calls.py memory CALLS URL KEY.pem``: resident memory after a warm-up and after CALLS
more AsyncClient calls, 64 in flight. ``calls.py burst[:KIND] CALLS URL KEY.pem``: CALLS
calls at once under a 1024 open-file limit (KIND ``async``, the default, ``aiohttp``, or
``sleep``: tasks that only wait); errors and peak memory per waiting call.
Rounds and their length: ``BENCH_ROUNDS`` (3) and ``BENCH_SECONDS`` (4).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import resource
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

SESSION = "ps_3230"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
NAMES = {
    "client": "pikepay.Client",
    "async": "pikepay.AsyncClient",
    "aiohttp": "aiohttp + cryptography",
    "httpx": "httpx.AsyncClient + cryptography",
    "requests": "requests + cryptography",
    "sleep": "asyncio tasks that only wait",
}


def cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def rss_kib() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def hand_signer(pem: str) -> Callable[[], tuple[bytes, dict[str, str]]]:
    """Body and headers of a call, signed with ``cryptography`` and a loaded key."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key: Any = serialization.load_pem_private_key(pem.encode(), None)

    def prepare() -> tuple[bytes, dict[str, str]]:
        body = json.dumps({"session_id": SESSION}).encode()
        sig = key.sign(body, padding.PKCS1v15(), hashes.SHA256())
        return body, {
            "content-type": "application/json",
            "x-partner-project": "bench",
            "x-partner-sign": base64.b64encode(sig).decode(),
        }

    return prepare


def check(answer: Any) -> None:
    assert answer["session"]["id"] == SESSION, answer


def run_threads(call: Callable[[], None], threads: int) -> tuple[float, float]:
    stop = threading.Event()
    done = [0] * threads

    def loop(i: int) -> None:
        while not stop.is_set():
            call()
            done[i] += 1

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    c0, t0 = cpu(), time.perf_counter()
    for w in workers:
        w.start()
    time.sleep(SECONDS)
    stop.set()
    for w in workers:
        w.join()
    n, used, wall = sum(done), cpu() - c0, time.perf_counter() - t0
    return n / wall, used / n * 1e6


async def run_tasks(call: Callable[[], Awaitable[None]], tasks: int) -> tuple[float, float]:
    stop = False
    done = 0

    async def loop() -> None:
        nonlocal done
        while not stop:
            await call()
            done += 1

    c0, t0 = cpu(), time.perf_counter()
    workers = [asyncio.ensure_future(loop()) for _ in range(tasks)]
    await asyncio.sleep(SECONDS)
    stop = True
    await asyncio.gather(*workers)
    used, wall = cpu() - c0, time.perf_counter() - t0
    return done / wall, used / done * 1e6


def report(kind: str, c: int, rounds: list[tuple[float, float]], threads: int | None) -> None:
    print(
        json.dumps(
            {
                "client": NAMES[kind],
                "c": c,
                "threads": threads,
                "rps": round(statistics.median(r for r, _ in rounds)),
                "cpu_us": round(statistics.median(u for _, u in rounds), 1),
                "rounds_rps": [round(r) for r, _ in rounds],
                "rounds_cpu_us": [round(u, 1) for _, u in rounds],
            }
        ),
        flush=True,
    )


def blocking(kind: str, c: int, url: str, pem: str) -> None:
    threads = min(c, 16)
    if kind == "client":
        import pikepay

        client = pikepay.Client(project="bench", private_key=pem, base_url=url)

        def call() -> None:
            assert client.sessions.status(session_id=SESSION).session.id == SESSION

    else:
        import requests

        prepare = hand_signer(pem)
        local = threading.local()

        def call() -> None:
            if not hasattr(local, "s"):
                local.s = requests.Session()
            body, headers = prepare()
            r = local.s.post(f"{url}/api/v2/session/status", data=body, headers=headers)
            check(json.loads(r.content))

    t = time.perf_counter()
    while time.perf_counter() - t < 0.5:
        call()
    report(kind, c, [run_threads(call, threads) for _ in range(ROUNDS)], threads)


def async_caller(
    kind: str, url: str, pem: str
) -> tuple[Callable[[], Awaitable[None]], Callable[[], Awaitable[Any]]]:
    """One call of ``kind`` (its answer checked, then dropped) and how to close it."""
    if kind == "async":
        import pikepay

        client = pikepay.AsyncClient(project="bench", private_key=pem, base_url=url, timeout=300)

        async def call() -> None:
            r = await client.sessions.status(session_id=SESSION)
            assert r.session.id == SESSION

        return call, client.close
    if kind == "aiohttp":
        import aiohttp

        prepare = hand_signer(pem)
        session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300))

        async def hand() -> None:
            body, headers = prepare()
            async with session.post(
                f"{url}/api/v2/session/status", data=body, headers=headers
            ) as r:
                check(json.loads(await r.read()))

        return hand, session.close
    import httpx

    prepare = hand_signer(pem)
    hx = httpx.AsyncClient()

    async def hx_call() -> None:
        body, headers = prepare()
        r = await hx.post(f"{url}/api/v2/session/status", content=body, headers=headers)
        check(json.loads(r.content))

    return hx_call, hx.aclose


async def concurrent(kind: str, c: int, url: str, pem: str) -> None:
    call, close = async_caller(kind, url, pem)
    t = time.perf_counter()
    while time.perf_counter() - t < 0.5:
        await call()
    report(kind, c, [await run_tasks(call, c) for _ in range(ROUNDS)], None)
    await close()


async def memory(calls: int, url: str, pem: str) -> None:
    import pikepay

    async with pikepay.AsyncClient(project="bench", private_key=pem, base_url=url) as client:

        async def many(n: int) -> None:
            left = n

            async def loop() -> None:
                nonlocal left
                while left > 0:
                    left -= 1
                    await client.sessions.status(session_id=SESSION)

            await asyncio.gather(*(loop() for _ in range(64)))

        await many(10_000)
        before = rss_kib()
        await many(calls)
        after = rss_kib()
    print(
        json.dumps(
            {
                "client": "pikepay.AsyncClient",
                "calls": calls,
                "rss_before_kib": before,
                "rss_after_kib": after,
            }
        )
    )


async def burst(kind: str, calls: int, url: str, pem: str) -> None:
    """``calls`` calls of ``kind`` at once; ``sleep`` is the floor: coroutines that
    only wait (one second), the memory asyncio itself takes per waiting task."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))

    async def nap() -> None:
        await asyncio.sleep(1)

    async def nothing() -> None:
        pass

    call, close = (nap, nothing) if kind == "sleep" else async_caller(kind, url, pem)
    await call()
    before = rss_kib()
    peak = 0
    running = True

    async def sample() -> None:
        nonlocal peak
        while running:
            peak = max(peak, rss_kib())
            await asyncio.sleep(0.005)

    sampler = asyncio.ensure_future(sample())
    t0 = time.perf_counter()
    results = await asyncio.gather(*(call() for _ in range(calls)), return_exceptions=True)
    wall = time.perf_counter() - t0
    running = False
    await sampler
    await close()
    errors = Counter(type(r).__name__ for r in results if isinstance(r, BaseException))
    print(
        json.dumps(
            {
                "client": NAMES[kind],
                "calls": calls,
                "errors": errors,
                "seconds": round(wall, 2),
                "rss_before_kib": before,
                "rss_peak_kib": peak,
                "kib_per_waiting_call": round((peak - before) / calls, 2),
            }
        )
    )


def main() -> None:
    what, number, url, key_path = sys.argv[1:5]
    pem = open(key_path).read()
    n = int(number)
    if what == "memory":
        asyncio.run(memory(n, url, pem))
    elif what.startswith("burst"):
        asyncio.run(burst(what.partition(":")[2] or "async", n, url, pem))
    elif what in ("client", "requests"):
        blocking(what, n, url, pem)
    else:
        asyncio.run(concurrent(what, n, url, pem))


if __name__ == "__main__":
    main()
