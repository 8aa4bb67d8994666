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
    # The Literal aliases of pikepay.types are plain Python, read by type checkers as
    # unions; stubtest would call each "not a Union". The aliases of _resource_base are
    # made for type checkers only (``import pikepay`` does not import ``typing``).
    allow = tmp_path / "allowlist.txt"
    allow.write_text(
        "pikepay\\.types\\..*\npikepay\\._resource_base\\.(Call|Json|More|R|Until|Wait)\n"
    )
    out = run(tmp_path, "mypy.stubtest", "pikepay", "--concise", "--allowlist", str(allow))
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


TYPED_RESULT = """
import pikepay

def check(client: pikepay.Client) -> None:
    result = client.sessions.status(session_id="ps_1")
    reveal_type(result.session.payout_list[0].status)
    assert result.session.payout_list[0].status == "succeeded"
"""


def test_mypy_sees_the_typed_results(tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text(TYPED_RESULT)
    out = run(tmp_path, "mypy", "--strict", "--no-incremental", str(good))
    assert out.returncode == 0 and "error:" not in out.stdout, out.stdout + out.stderr
    revealed = out.stdout
    for status in ("in_progress", "pending", "succeeded", "failed"):
        assert f"Literal['{status}']" in revealed, revealed

    typo = tmp_path / "typo.py"
    typo.write_text(TYPED_RESULT.replace("payout_list", "payot_list", 1))
    out = run(tmp_path, "mypy", "--strict", "--no-incremental", str(typo))
    assert '"Session" has no attribute "payot_list"' in out.stdout, out.stdout
