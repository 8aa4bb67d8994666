"""Shared fixtures: test vectors, keys, and (for client tests) the sandbox as a process."""

from __future__ import annotations

import json
import sysconfig
from pathlib import Path
from typing import Any

import pytest

import pikepay

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"

# The suite checks the installed wheel, never the source tree.
_site = Path(sysconfig.get_paths()["purelib"]).resolve()
if _site not in Path(pikepay.__file__).resolve().parents:
    raise RuntimeError(f"pikepay imported from {pikepay.__file__}, not from {_site}")


def load_vector(name: str) -> Any:
    """The parsed shared test-vector file ``name`` (e.g. ``keys.json``)."""
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def keys() -> list[dict[str, Any]]:
    """The test RSA key pairs from keys.json."""
    result: list[dict[str, Any]] = load_vector("keys.json")["keys"]
    return result


@pytest.fixture(scope="session")
def key(keys: list[dict[str, Any]]) -> dict[str, Any]:
    """The 2048-bit test key pair."""
    return next(k for k in keys if k["bits"] == 2048)
