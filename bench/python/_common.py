"""Timing helpers and fixtures shared by the Python benchmarks (not a library: bench only)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

DATA = Path(__file__).resolve().parent.parent / "data"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))


def data(name: str) -> bytes:
    """A fixture file of bench/data/, as bytes."""
    return (DATA / name).read_bytes().strip()


def fresh_key() -> tuple[str, str]:
    """A new 2048-bit RSA pair as (private PKCS#8 PEM, public SPKI PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def per_op_us(fn: Callable[[], Any], budget_s: float = 0.3) -> float:
    """Median microseconds per call of ``fn`` over ROUNDS rounds of about ``budget_s`` each."""
    fn()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.05 and calls < 100_000:
        fn()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    n = max(1, min(100_000, int(budget_s / per_call)))
    samples = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - t0) / n * 1e6)
    return statistics.median(samples)


def row(name: str, us: float) -> None:
    """Prints one result line: name, µs per op, ops per second."""
    print(f"  {name:<58} {us:>10.1f} µs/op {1e6 / us:>10.0f} ops/s", flush=True)


def per_op_us_interleaved(
    fns: dict[str, Callable[[], Any]], budget_s: float = 0.2
) -> dict[str, float]:
    """Median microseconds per call of each of ``fns``, over ROUNDS rounds in which every
    function runs in turn (about ``budget_s`` each), so a change in the machine's load
    touches all of them alike."""
    counts = {}
    for name, fn in fns.items():
        fn()
        start = time.perf_counter()
        calls = 0
        while time.perf_counter() - start < 0.05 and calls < 100_000:
            fn()
            calls += 1
        per_call = (time.perf_counter() - start) / calls
        counts[name] = max(1, min(100_000, int(budget_s / per_call)))
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(ROUNDS):
        for name, fn in fns.items():
            n = counts[name]
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            samples[name].append((time.perf_counter() - t0) / n * 1e6)
    return {name: statistics.median(s) for name, s in samples.items()}
