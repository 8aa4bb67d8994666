"""Import time of pikepay and of what a hand-written client imports, over a bare interpreter.

Bare and importing runs alternate (21 pairs each) and the median of the pairwise
differences is reported, so a change in machine load moves both sides alike.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

PAIRS = 21
HAND = (
    "import httpx\n"
    "from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15\n"
    "from cryptography.hazmat.primitives.hashes import SHA256\n"
    "from cryptography.hazmat.primitives.serialization import load_pem_private_key\n"
)


def once(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return (time.perf_counter() - t0) * 1e3


def extra(code: str) -> tuple[float, float]:
    """Median (extra ms over bare, bare ms)."""
    bare, more = [], []
    for _ in range(PAIRS):
        b = once("pass")
        bare.append(b)
        more.append(once(code) - b)
    return statistics.median(more), statistics.median(bare)


def main() -> None:
    print(f"python import time (median of {PAIRS} pairs of fresh interpreters)")
    for name, code in [
        ("import pikepay", "import pikepay"),
        ("import httpx + cryptography (hand-written client)", HAND),
    ]:
        ms, bare = extra(code)
        print(f"  {name:<58} {ms:>8.1f} ms over bare python ({bare:.1f} ms)", flush=True)


if __name__ == "__main__":
    main()
