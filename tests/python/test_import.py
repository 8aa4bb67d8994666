"""``import pikepay`` stays light: no event loop, framework, network, logging or typing
modules at import (``typing`` alone was half of its import time)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = [
    "asyncio",
    "django",
    "fastapi",
    "starlette",
    "ssl",
    "http",
    "datetime",
    "urllib",
    "logging",
    "typing",
]


def test_import_loads_no_heavy_modules() -> None:
    code = (
        "import sys, json; before = set(sys.modules); import pikepay; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert "pikepay._native" in loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}, sorted(loaded)
