"""The ``pikepay`` command from the ``pikepay-cli`` wheel, run as a user runs it: each
subcommand against a ``pikepay-sandbox serve`` process (the ``pikepay_sandbox`` fixture)
and a webhook receiver on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import os
import queue
import subprocess
import sysconfig
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pikepay
from pikepay_sandbox import Project, Sandbox

EXE = Path(sysconfig.get_path("scripts")) / "pikepay"
CARD = "4242424242424242"
EVENTS = [
    "ready_to_confirm",
    "payment_finished",
    "action_required",
    "ready_to_capture",
    "payment_refunded",
]
SUBCOMMANDS = [
    ["keygen"],
    ["sign"],
    ["verify"],
    ["webhook", "verify"],
    ["listen"],
    ["trigger"],
    ["request"],
]


def pikepay_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs the installed ``pikepay`` with ``args``; ``env`` is added to a clean environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PIKEPAY_BASE_URL", "PIKEPAY_PROJECT", "PIKEPAY_PRIVATE_KEY_PATH"}
    }
    return subprocess.run(
        [str(EXE), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **env},
        check=False,
    )


def ok(out: subprocess.CompletedProcess[str]) -> str:
    """The standard output of a run that succeeded."""
    assert out.returncode == 0, f"exit {out.returncode}\n{out.stdout}\n{out.stderr}"
    return out.stdout


class Shop:
    """A sandbox project whose key sits in files, as a user's would."""

    def __init__(self, project: Project, tmp: Path) -> None:
        self.project = project
        self.dir = tmp
        self.key = tmp / "shop.pem"
        self.key.write_text(project.private_key_pem)
        self.pike_key = tmp / "pike.pub.pem"
        self.pike_key.write_text(project.sandbox.public_key_pem)

    @property
    def sandbox(self) -> Sandbox:
        return self.project.sandbox

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``pikepay ARGS`` as this project, configured through the environment."""
        return pikepay_cli(
            *args,
            PIKEPAY_BASE_URL=self.sandbox.url,
            PIKEPAY_PROJECT=self.project.name,
            PIKEPAY_PRIVATE_KEY_PATH=str(self.key),
        )

    def deliveries(self) -> list[dict[str, Any]]:
        """The project's webhook deliveries, oldest first."""
        answer = self.sandbox.control("GET", f"/_sandbox/deliveries?project={self.project.name}")
        result: list[dict[str, Any]] = answer["deliveries"]
        return result

    def delivery(self, kind: str, session: str) -> dict[str, Any]:
        """The delivery of type ``kind`` for ``session``, waiting up to 20 s for it."""
        deadline = time.monotonic() + 20
        while True:
            found = [
                d for d in self.deliveries() if d["type"] == kind and d["session_id"] == session
            ]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        kinds = [(d["type"], d["session_id"]) for d in self.deliveries()]
        assert found, f"no {kind} webhook for {session}; deliveries: {kinds}"
        return found[0]


@pytest.fixture
def shop(pikepay_project: Project, tmp_path: Path) -> Shop:
    return Shop(pikepay_project, tmp_path)


def test_the_executable_is_the_wheels_and_reports_the_version() -> None:
    assert EXE.is_file(), f"pip install pikepay-cli puts pikepay into {EXE.parent}"
    assert ok(pikepay_cli("--version")).strip() == f"pikepay {pikepay.__version__}"


@pytest.mark.parametrize("sub", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_has_help_with_an_example(sub: list[str]) -> None:
    help_text = ok(pikepay_cli(*sub, "--help"))
    example = help_text.split("Example:", 1)
    assert len(example) == 2, help_text
    assert f"pikepay {' '.join(sub)}" in example[1], help_text


def test_keygen_sign_and_verify_round_trip_and_refuse_a_changed_file(tmp_path: Path) -> None:
    private, public = tmp_path / "k.pem", tmp_path / "k.pub.pem"
    made = pikepay_cli("keygen", "--private-out", str(private), "--public-out", str(public))
    ok(made)
    assert "generating" in made.stderr, "progress is shown"
    assert private.stat().st_mode & 0o077 == 0, "the private key is readable by its owner only"

    body = tmp_path / "body.json"
    body.write_bytes(b'{"session_id":"s-1"}')
    signature = ok(pikepay_cli("sign", str(body), "--private-key", str(private))).strip()
    # The SDK agrees with the command.
    pikepay.verify(body.read_bytes(), signature, public.read_text())

    verified = pikepay_cli("verify", str(body), signature, "--public-key", str(public))
    assert ok(verified).strip() == "signature OK"

    body.write_bytes(b'{"session_id":"s-2"}')
    refused = pikepay_cli("verify", str(body), signature, "--public-key", str(public))
    assert refused.returncode == 1
    assert "signature" in refused.stderr

    missing = pikepay_cli("sign", "/nonexistent/file", "--private-key", str(private))
    assert missing.returncode == 1
    assert "/nonexistent/file" in missing.stderr


def test_keygen_prints_the_public_key_when_no_file_is_given(tmp_path: Path) -> None:
    out = ok(pikepay_cli("keygen", "--private-out", str(tmp_path / "k.pem")))
    assert out.startswith("-----BEGIN PUBLIC KEY-----"), out
    assert "PRIVATE" not in out


@pytest.mark.parametrize("event", EVENTS)
def test_trigger_makes_the_sandbox_send_the_webhook_and_webhook_verify_accepts_it(
    shop: Shop, event: str
) -> None:
    out = shop.run("trigger", event)
    stdout = ok(out)
    assert stdout.startswith(f"triggered {event} for session "), stdout
    assert "starting a card" in out.stderr, "progress is shown"
    session = stdout.split()[-1]

    delivery = shop.delivery(event, session)
    body = shop.dir / "webhook.json"
    body.write_text(delivery["body"])
    shown = ok(
        pikepay_cli(
            "webhook",
            "verify",
            str(body),
            "--signature",
            delivery["signature"],
            "--public-key",
            str(shop.pike_key),
        )
    )
    assert f"type: {event}" in shown, shown
    assert f"session: {session}" in shown, shown
    assert "dedupe key: whk_" in shown, shown
    # The SDK reads the same event from it.
    assert shop.project.webhook.construct_event(delivery["body"], delivery["signature"]).type == (
        event
    )


def test_webhook_verify_refuses_another_bodys_signature(shop: Shop) -> None:
    session = ok(shop.run("trigger", "payment_finished")).split()[-1]
    finished = shop.delivery("payment_finished", session)
    first = shop.delivery("ready_to_confirm", session)
    body = shop.dir / "webhook.json"
    body.write_text(finished["body"])
    forged = pikepay_cli(
        "webhook",
        "verify",
        str(body),
        "--signature",
        first["signature"],
        "--public-key",
        str(shop.pike_key),
    )
    assert forged.returncode == 1
    assert "type:" not in forged.stdout


def test_trigger_names_the_events_it_knows_when_given_another(shop: Shop) -> None:
    unknown = shop.run("trigger", "no_such_event")
    assert unknown.returncode == 1
    for event in EVENTS:
        assert event in unknown.stderr


class Receiver(http.server.ThreadingHTTPServer):
    """Your endpoint: keeps each POST's body and X-PARTNER-SIGN, answers 200."""

    daemon_threads = True

    def __init__(self) -> None:
        self.received: queue.Queue[tuple[bytes, str]] = queue.Queue()
        super().__init__(("127.0.0.1", 0), ReceiverHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/pike/webhook"


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.put((body, self.headers.get("X-PARTNER-SIGN", "")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_listen_forwards_new_deliveries_with_their_signatures(
    shop: Shop, receiver: Receiver
) -> None:
    listen = subprocess.Popen(
        [
            str(EXE),
            "listen",
            "--sandbox",
            shop.sandbox.url,
            "--project",
            shop.project.name,
            "--forward-to",
            receiver.url,
            "--count",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert listen.stderr is not None
        first = listen.stderr.readline()
        assert first.startswith(f"listening for {shop.project.name}'s webhooks"), first

        ok(shop.run("trigger", "payment_finished"))
        kinds = []
        for _ in range(2):
            body, signature = receiver.received.get(timeout=30)
            event = shop.project.webhook.construct_event(body, signature)
            kinds.append(event.type)
        assert kinds == ["ready_to_confirm", "payment_finished"]
        stdout, _ = listen.communicate(timeout=30)
    finally:
        if listen.poll() is None:
            listen.kill()
            listen.wait()
    assert listen.returncode == 0
    lines = stdout.splitlines()
    assert len(lines) == 2, stdout
    assert lines[0].startswith("ready_to_confirm ") and lines[0].endswith("-> 200"), stdout


def test_request_makes_a_signed_call_and_reports_errors(shop: Shop) -> None:
    banks = json.loads(ok(shop.run("request", "GET", "fps/banks", "{}")))
    assert banks["status"] == "ok"
    assert banks["banks"]

    payout = json.dumps(
        {
            "payout_details": {
                "type": "card",
                "card": {"type": "bank_card", "bank_card": {"number": CARD}},
            },
            "amount_details": {"amount": 100, "currency": "rub"},
        }
    )
    out = shop.run(
        "request", "POST", "session/init/payout", payout, "--idempotency-key", "cli-order-1"
    )
    shown = ok(out)
    assert CARD not in shown, "card numbers never print"
    assert "idempotency key: cli-order-1" in out.stderr
    session = json.loads(shown)["session"]["id"]
    # The call reached the sandbox signed as the project, with the given key.
    requests = shop.sandbox.control("GET", f"/_sandbox/requests?project={shop.project.name}")
    signed = [r for r in requests["requests"] if r["idempotency_key"] == "cli-order-1"]
    assert [r["signature"] for r in signed] == ["verified"], requests
    status = json.loads(
        ok(shop.run("request", "POST", "session/status", json.dumps({"session_id": session})))
    )
    assert status["session"]["id"] == session

    missing = shop.run("request", "POST", "session/status", '{"session_id":"nope"}')
    assert missing.returncode == 1
    assert missing.stderr.strip()
    bad = shop.run("request", "POST", "session/status", "{not json")
    assert bad.returncode == 1
    assert "BODY is not JSON" in bad.stderr
