"""The Django and FastAPI webhook examples, fed the sandbox's real deliveries."""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT, SANDBOX_BIN, Hooks, Project, Sandbox
from test_client import RUB_1000, card_payout

import pikepay

EXAMPLES = ROOT / "examples" / "python"


@functools.cache
def load(path: Path) -> ModuleType:
    """Imports an example once (Django keeps its URL configuration for the process)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def delivery(
    client: pikepay.Client, project: Project, sandbox: Sandbox, hooks: Hooks
) -> Iterator[tuple[bytes, str]]:
    """A webhook the sandbox signed and sent, with the sandbox key in the environment."""
    client.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    body, signature = hooks.wait_for(project.name, 1)[0]
    assert signature is not None
    key = sandbox.control("GET", "/_sandbox/public_key")
    old = os.environ.get("PIKE_WEBHOOK_PUBLIC_KEY")
    os.environ["PIKE_WEBHOOK_PUBLIC_KEY"] = key
    try:
        yield body, signature
    finally:
        if old is None:
            del os.environ["PIKE_WEBHOOK_PUBLIC_KEY"]
        else:
            os.environ["PIKE_WEBHOOK_PUBLIC_KEY"] = old


def cases(body: bytes, signature: str) -> list[tuple[bytes, dict[str, str], int]]:
    tampered = body.replace(b"ready_to_confirm", b"payment_finished")
    return [
        (body, {"X-PARTNER-SIGN": signature}, 200),
        (tampered, {"X-PARTNER-SIGN": signature}, 400),
        (body, {}, 400),
        (body, {"X-PARTNER-SIGN": "bm90IGEgc2lnbmF0dXJl"}, 400),
    ]


def test_django_view(delivery: tuple[bytes, str], monkeypatch: pytest.MonkeyPatch) -> None:
    module = load(EXAMPLES / "django_webhook.py")
    module.webhook.cache_clear()
    handled: list[pikepay.Event] = []
    monkeypatch.setattr(module, "handle_event", handled.append)
    from django.test import Client as DjangoClient

    http = DjangoClient()
    for body, headers, expected in cases(*delivery):
        answer = http.post(
            "/pike/webhook", data=body, content_type="application/json", headers=headers
        )
        assert answer.status_code == expected
    assert [e.type for e in handled] == ["ready_to_confirm"]
    assert http.get("/pike/webhook").status_code == 405


def test_fastapi_endpoint(delivery: tuple[bytes, str], monkeypatch: pytest.MonkeyPatch) -> None:
    module = load(EXAMPLES / "fastapi_webhook.py")
    module.webhook.cache_clear()
    handled: list[pikepay.Event] = []
    monkeypatch.setattr(module, "handle_event", handled.append)
    from fastapi.testclient import TestClient

    with TestClient(module.app) as http:
        for body, signature_header, expected in cases(*delivery):
            headers = {**signature_header, "Content-Type": "application/json"}
            answer = http.post("/pike/webhook", content=body, headers=headers)
            assert answer.status_code == expected
    assert [e.type for e in handled] == ["ready_to_confirm"]


def test_payout_flow_example() -> None:
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "payout_flow.py"), str(SANDBOX_BIN)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.endswith("accepted, item po_2 succeeded") for line in lines), lines
    assert "ledger: payout 100.00 rub succeeded" in lines
    assert any(line.endswith("in_progress, 20.00 rub") for line in lines), lines
    assert any(line.startswith("refund ") and line.endswith(" accepted") for line in lines), lines
    assert "ledger: refund 20.00 rub accepted" in lines
    webhooks = [line for line in lines if line.startswith("webhook (verified)")]
    assert sorted(w.split()[2] for w in webhooks) == [
        "payment_finished",
        "payment_finished",
        "payment_refunded",
        "ready_to_confirm",
        "ready_to_confirm",
    ]
    assert "4242424242424242" not in out.stdout
