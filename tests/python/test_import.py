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


def test_the_hook_types_are_reachable_from_the_package_and_their_module() -> None:
    import pikepay
    import pikepay.hooks

    assert pikepay.AttemptRequest is pikepay.hooks.AttemptRequest
    assert pikepay.ResponseHook is pikepay.hooks.ResponseHook
    try:
        pikepay.NoSuchName  # noqa: B018
    except AttributeError as e:
        assert "NoSuchName" in str(e)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def test_every_error_class_is_in_pikepay_errors() -> None:
    import pikepay
    import pikepay.errors

    for code, class_name, _summary in pikepay._native.ERROR_KINDS:
        assert getattr(pikepay.errors, class_name) is getattr(pikepay, class_name), code
        assert class_name in pikepay.errors.__all__


def test_the_submodules_left_unimported_are_reachable_as_attributes() -> None:
    # A fresh interpreter: `import pikepay` alone, then the attributes a program uses.
    code = (
        "import sys, pikepay; "
        "assert 'pikepay.types' not in sys.modules; "
        "print(pikepay.types.SessionStatus is not None, "
        "pikepay.params.__name__, pikepay.hooks.AttemptRequest is pikepay.AttemptRequest)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "pikepay.params", "True"]
