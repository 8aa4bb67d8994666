"""``import pikepay`` stays light: no event loop, framework or network modules at import."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["asyncio", "django", "fastapi", "starlette", "ssl", "http", "datetime", "urllib"]


def test_import_loads_no_heavy_modules() -> None:
    code = (
        "import sys, json; before = set(sys.modules); import pikepay; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert "pikepay._native" in loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
