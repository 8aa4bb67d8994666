"""The table of the call benchmarks from their JSON lines (one line per client, ``c`` and
round; the rounds of every client interleaved, so a slow minute of the machine weighs on
all of them alike).

``summary.py RESULTS.jsonl`` prints, per client and concurrency: the median req/s and CPU
µs per call over the rounds, and the CPU per call minus the Rust client's in the same
round (the median of those paired differences, with their range).
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict

RUST = "pikepay, Rust"


def main() -> None:
    runs: dict[tuple[str, int], list[tuple[float, float]]] = defaultdict(list)
    order: list[str] = []
    with open(sys.argv[1]) as f:
        for line in f:
            if not line.startswith("{"):
                continue
            row = json.loads(line)
            if "cpu_us" not in row:
                continue
            if row["client"] not in order:
                order.append(row["client"])
            runs[(row["client"], row["c"])].append((row["rps"], row["cpu_us"]))
    print("| client | c | req/s | CPU µs per call | minus Rust's, same round (range) |")
    print("|---|---:|---:|---:|---:|")
    for c in sorted({c for _, c in runs}):
        rust = [cpu for _, cpu in runs.get((RUST, c), [])]
        for client in order:
            rounds = runs.get((client, c))
            if not rounds:
                continue
            rps = statistics.median(r for r, _ in rounds)
            cpu = statistics.median(u for _, u in rounds)
            gaps = [u - r for (_, u), r in zip(rounds, rust)]
            gap = (
                f"{statistics.median(gaps):+.0f} ({min(gaps):+.0f} to {max(gaps):+.0f})"
                if gaps and client != RUST
                else ""
            )
            print(f"| {client} | {c} | {rps:,.0f} | {cpu:.0f} | {gap} |")
        out = json.dumps(
            {
                c_client: [u for _, u in runs[(c_client, c)]]
                for c_client in order
                if (c_client, c) in runs
            }
        )
        print(f"rounds of CPU µs per call, c={c}: {out}")


if __name__ == "__main__":
    main()
