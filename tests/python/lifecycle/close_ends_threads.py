"""Closing the last client ends pikepay's threads; a new client starts them again.

Prints the number of pikepay threads after each step.
"""

from __future__ import annotations

from pathlib import Path

from _settings import CLIENT_ARGS

import pikepay


def pikepay_threads() -> int:
    names = (task / "comm" for task in Path("/proc/self/task").iterdir())
    return sum(name.read_text().strip() == "pikepay-runtime" for name in names)


with pikepay.Client(**CLIENT_ARGS) as first, pikepay.Client(**CLIENT_ARGS) as second:
    first.fps.banks()
    second.fps.banks()
    print("calling", pikepay_threads())
    first.close()
    print("one closed", pikepay_threads())
print("both closed", pikepay_threads())
with pikepay.Client(**CLIENT_ARGS) as again:
    again.fps.banks()
    print("again", pikepay_threads())
print("closed again", pikepay_threads())
