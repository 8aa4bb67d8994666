"""End-to-end `session/status` calls against the sandbox: pikepay Client/AsyncClient vs
a hand-written httpx client (serialize, sign with cryptography, Pike's headers, parse JSON)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from _common import ROUNDS, data, fresh_key, register_project
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.serialization import load_pem_private_key

import pikepay

SEQUENTIAL = int(os.environ.get("BENCH_SEQUENTIAL", "200"))
CONCURRENT = int(os.environ.get("BENCH_CONCURRENT", "400"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "16"))


class HandWritten:
    """What a user writes without pikepay: one signed POST, JSON in and out."""

    def __init__(self, base_url: str, project: str, private_pem: str) -> None:
        key = load_pem_private_key(private_pem.encode(), password=None)
        assert isinstance(key, RSAPrivateKey)
        self.key = key
        self.project = project
        self.url = f"{base_url}/api/v2/"

    def prepare(self, path: str, payload: dict[str, Any]) -> tuple[str, bytes, dict[str, str]]:
        body = json.dumps(payload, separators=(",", ":")).encode()
        sign = base64.b64encode(self.key.sign(body, PKCS1v15(), SHA256())).decode()
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-PARTNER-PROJECT": self.project,
            "X-PARTNER-SIGN": sign,
        }
        return self.url + path, body, headers

    @staticmethod
    def parse(resp: httpx.Response) -> dict[str, Any]:
        answer: dict[str, Any] = resp.json()
        if resp.status_code != 200 or answer.get("status") != "ok":
            raise RuntimeError(f"Pike answered {resp.status_code}")
        return answer


def rate(run: Callable[[int], None], calls: int) -> float:
    """Median calls per second of ``run(calls)`` over ROUNDS rounds (after one warm-up)."""
    run(min(calls, 20))
    samples = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        run(calls)
        samples.append(calls / (time.perf_counter() - t0))
    return statistics.median(samples)


def show(name: str, ops: float) -> None:
    print(f"  {name:<58} {1e6 / ops:>10.1f} µs/op {ops:>10.0f} ops/s", flush=True)


def main() -> None:
    base_url = os.environ["PIKEPAY_BENCH_SANDBOX"]
    private_pem, public_pem = fresh_key()
    project = register_project(base_url, public_pem)
    args: dict[str, Any] = {
        "project": project,
        "private_key": private_pem,
        "base_url": base_url,
        "max_retries": 0,
    }
    client = pikepay.Client(**args)
    sid = client.sessions.init_payout(**json.loads(data("payout.json"))).session.id
    status_body = {"session_id": sid}
    hand = HandWritten(base_url, project, private_pem)

    def pikepay_seq(n: int) -> None:
        for _ in range(n):
            assert client.sessions.status(session_id=sid).session.id == sid

    def pikepay_threads(n: int) -> None:
        with ThreadPoolExecutor(WORKERS) as pool:
            for s in pool.map(lambda _: client.sessions.status(session_id=sid), range(n)):
                assert s.session.id == sid

    limits = httpx.Limits(max_connections=WORKERS, max_keepalive_connections=WORKERS)
    hx = httpx.Client(limits=limits, timeout=30)

    def httpx_one() -> dict[str, Any]:
        url, body, headers = hand.prepare("session/status", status_body)
        return hand.parse(hx.post(url, content=body, headers=headers))

    def httpx_seq(n: int) -> None:
        for _ in range(n):
            assert httpx_one()["session"]["id"] == sid

    def httpx_threads(n: int) -> None:
        with ThreadPoolExecutor(WORKERS) as pool:
            for s in pool.map(lambda _: httpx_one(), range(n)):
                assert s["session"]["id"] == sid

    print(
        f"python session/status against the sandbox ({SEQUENTIAL} sequential calls;"
        f" {CONCURRENT} calls with {WORKERS} at a time)"
    )
    show("httpx.Client (keep-alive) + cryptography, sequential", rate(httpx_seq, SEQUENTIAL))
    show("pikepay.Client, sequential", rate(pikepay_seq, SEQUENTIAL))
    show(f"httpx.Client + cryptography, {WORKERS} threads", rate(httpx_threads, CONCURRENT))
    show(f"pikepay.Client, {WORKERS} threads", rate(pikepay_threads, CONCURRENT))
    hx.close()
    client.close()
    asyncio.run(async_part(args, hand, sid, status_body))


async def async_part(
    args: dict[str, Any], hand: HandWritten, sid: str, status_body: dict[str, Any]
) -> None:
    aclient = pikepay.AsyncClient(**args)
    limits = httpx.Limits(max_connections=WORKERS, max_keepalive_connections=WORKERS)
    ahx = httpx.AsyncClient(limits=limits, timeout=30)

    async def httpx_one() -> dict[str, Any]:
        url, body, headers = hand.prepare("session/status", status_body)
        return hand.parse(await ahx.post(url, content=body, headers=headers))

    async def pikepay_one() -> Any:
        return await aclient.sessions.status(session_id=sid)

    async def gather(one: Callable[[], Any], n: int) -> list[Any]:
        gate = asyncio.Semaphore(WORKERS)

        async def bounded() -> Any:
            async with gate:
                return await one()

        return await asyncio.gather(*(bounded() for _ in range(n)))

    async def arate(one: Callable[[], Any], n: int, concurrent: bool) -> float:
        async def run(k: int) -> None:
            if concurrent:
                await gather(one, k)
            else:
                for _ in range(k):
                    await one()

        await run(min(n, 20))
        samples = []
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            await run(n)
            samples.append(n / (time.perf_counter() - t0))
        return statistics.median(samples)

    show("httpx.AsyncClient + cryptography, sequential", await arate(httpx_one, SEQUENTIAL, False))
    show("pikepay.AsyncClient, sequential", await arate(pikepay_one, SEQUENTIAL, False))
    show(
        f"httpx.AsyncClient + cryptography, {WORKERS} tasks",
        await arate(httpx_one, CONCURRENT, True),
    )
    show(f"pikepay.AsyncClient, {WORKERS} tasks", await arate(pikepay_one, CONCURRENT, True))
    await ahx.aclose()
    await aclient.close()


if __name__ == "__main__":
    main()
