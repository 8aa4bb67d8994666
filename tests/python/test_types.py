"""The installed package's types: stubs match the compiled module, mypy --strict passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # From a neutral folder, so the installed package is checked, not the source tree.
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_stubs_match_the_built_module(tmp_path: Path) -> None:
    out = run(tmp_path, "mypy.stubtest", "pikepay", "--concise")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_strict_on_typing_check_and_examples(tmp_path: Path) -> None:
    files = [
        str(ROOT / "tests" / "python" / "typing_check.py"),
        str(ROOT / "examples" / "python" / "django_webhook.py"),
        str(ROOT / "examples" / "python" / "fastapi_webhook.py"),
        str(ROOT / "examples" / "python" / "payout_flow.py"),
    ]
    out = run(tmp_path, "mypy", "--strict", "--no-incremental", *files)
    assert out.returncode == 0, out.stdout + out.stderr
