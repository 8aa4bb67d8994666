"""What a hostile or careless world does to the client: secrets at every depth of every
result, event and error; oversized and unreadable answers; no system CA store."""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import VECTORS, load_vector

import pikepay

Respond = Callable[[http.server.BaseHTTPRequestHandler], None]


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    respond: Respond


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            self.server.respond(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Callable[[Respond], str]]:
    """Starts a loopback server answering with ``respond``; returns its base URL."""
    servers: list[_Server] = []

    def start(respond: Respond) -> str:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.respond = respond
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def answer(status: int, body: bytes) -> Respond:
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def client_for(url: str, key: dict[str, Any], **options: Any) -> pikepay.Client:
    return pikepay.Client(
        project="shop",
        private_key=key["private_pkcs8_pem"],
        base_url=url,
        max_retries=0,
        **options,
    )


# ------------------------------------------------------------------ secrets ----


def _classify(key: str) -> str:
    lower = key.lower()
    if lower == "public_token":
        return "public"
    secret = lower in {
        "number", "card_number", "pan", "security_code", "cvv", "cvc", "cvv2",
        "token", "secret", "password",
    } or lower.endswith(("_token", "_hash")) or lower.startswith("private_key")  # fmt: skip
    return "secret" if secret else "plain"


def secrets_of(value: Any, context: str = "plain") -> tuple[set[str], set[str]]:
    """The strings under secret fields of ``value``, and the plain ones."""
    secret: set[str] = set()
    plain: set[str] = set()

    def walk(v: Any, ctx: str) -> None:
        if isinstance(v, dict):
            for k, child in v.items():
                walk(child, _classify(k) if ctx == "plain" else ctx)
        elif isinstance(v, list):
            for child in v:
                walk(child, ctx)
        elif v is not None:
            text = json.dumps(v) if not isinstance(v, str) else v
            if ctx == "secret" and len(text) >= 3:
                secret.add(text)
            elif ctx == "plain":
                plain.add(text)

    walk(value, context)
    return secret, plain


def every_object(value: Any) -> Iterator[Any]:
    """``value`` and every PikeObject and list inside it."""
    yield value
    children = (
        [value[k] for k in value.keys()]
        if isinstance(value, pikepay.PikeObject)
        else value
        if isinstance(value, list)
        else []
    )
    for child in children:
        if isinstance(child, (pikepay.PikeObject, list)):
            yield from every_object(child)


def assert_nothing_leaks(result: Any, raw: Any, what: str) -> int:
    secret, plain = secrets_of(raw)
    checked = 0
    for obj in every_object(result):
        shown = repr(obj)
        for s in secret - plain:
            if re.search(rf"(?<![0-9A-Za-z]){re.escape(s)}(?![0-9A-Za-z])", shown):
                pytest.fail(f"{what}: {s} shown in {shown[:300]}")
        checked += 1
    return checked


def fixture_objects() -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(VECTORS.glob("*.json")):
        # keys.json holds keys and operations.json the method table: neither has bodies.
        if path.name in ("keys.json", "operations.json"):
            continue
        for case in load_vector(path.name)["cases"]:
            name = f"{path.name} {case.get('name') or case.get('id')}"
            for field in ("body", "input", "expected"):
                value = case.get(field)
                if isinstance(value, str):
                    try:
                        value = json.loads(value)
                    except ValueError:
                        continue
                if isinstance(value, dict):
                    found.append((f"{name} {field}", value))
    return found


def test_no_object_of_any_result_shows_a_secret_of_any_fixture(
    serve: Callable[[Respond], str], key: dict[str, Any]
) -> None:
    cases = fixture_objects()
    assert len(cases) > 200
    current: dict[str, Any] = {}

    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        answer(200, json.dumps(current).encode())(handler)

    client = client_for(serve(respond), key)
    checked = secrets = 0
    for name, body in cases:
        current = {**body, "status": "ok"}
        result = client.request("POST", "fixture/echo", {})
        checked += assert_nothing_leaks(result, current, name)
        secrets += len(secrets_of(current)[0])
    assert secrets > 50
    assert checked > 1000


def test_every_object_of_every_verified_event_hides_its_secrets() -> None:
    keys = {k["name"]: k["public_spki_pem"] for k in load_vector("keys.json")["keys"]}
    events = 0
    for file in ("webhooks.json", "drift.json"):
        if not (VECTORS / file).exists():
            continue
        for case in load_vector(file)["cases"]:
            if case.get("expected", {}).get("outcome", "ok") != "ok" or "public_key" not in case:
                continue
            webhook = pikepay.Webhook(keys[case["public_key"]])
            event = webhook.construct_event(case["body"], case["signature"])
            assert_nothing_leaks(event, json.loads(case["body"]), case["name"])
            events += 1
    assert events >= 10


def test_nested_objects_under_a_secret_field_stay_hidden(
    serve: Callable[[Respond], str], key: dict[str, Any]
) -> None:
    body = {
        "status": "ok",
        "session": {"id": "ps_1", "private_key": {"pem": "MIIEvQIBADANBgkqhkiG"},
                    "recurrent": {"token": "rt_0123456789abcdef0123"}},
        "public_token": "pt_abcdef0123456789",
    }  # fmt: skip
    result = client_for(serve(answer(200, json.dumps(body).encode())), key).request(
        "POST", "fixture/echo", {}
    )
    for shown in (repr(result), repr(result.session), repr(result.session.private_key)):
        assert "MIIEvQIBADANBgkqhkiG" not in shown
        assert "rt_0123456789abcdef0123" not in shown
    assert result.session.private_key.pem == "MIIEvQIBADANBgkqhkiG"
    # A public token is made for the browser, like to_dict() hands it over.
    assert "pt_abcdef0123456789" in repr(result)
    assert result.to_dict()["public_token"] == "pt_abcdef0123456789"


def test_error_text_is_masked_and_the_raw_description_is_behind_an_accessor(
    serve: Callable[[Respond], str], key: dict[str, Any]
) -> None:
    description = (
        "card 4242 4242 4242 4242 refused, security_code=123, "
        "token 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"
    )
    body = {"status": "error", "error": {"code": "card_declined", "description": description}}
    client = client_for(serve(answer(400, json.dumps(body).encode())), key)
    with pytest.raises(pikepay.ApiError) as info:
        client.sessions.status(session_id="ps_1")
    e = info.value
    for shown in (str(e), repr(e), e.pike_description or "", repr(vars(e)), str(e.args)):
        for secret in ("4242 4242 4242", "=123", "9a8b7c6d5e4f"):
            assert secret not in shown, shown
    assert e.raw_pike_description() == description


# ------------------------------------------------------------------ answers ----


def test_a_2xx_answer_that_is_not_an_object_keeps_the_key(
    serve: Callable[[Respond], str], key: dict[str, Any]
) -> None:
    client = client_for(serve(answer(200, b"[1, 2, 3]")), key)
    with pytest.raises(pikepay.OutcomeUnknownError) as info:
        client.sessions.init_payout(
            payout_details={"type": "card", "card": {"type": "bank_card",
                            "bank_card": {"number": "4242424242424242"}}},
            amount_details={"amount": 100, "currency": "rub"},
            idempotency_key="order-77",
        )  # fmt: skip
    assert info.value.idempotency_key == "order-77"
    with pytest.raises(pikepay.DecodeError):
        client.sessions.status(session_id="ps_1")


def test_max_response_bytes_sets_the_cap(
    serve: Callable[[Respond], str], key: dict[str, Any]
) -> None:
    body = json.dumps({"status": "ok", "session": {"id": "ps_1", "pad": "x" * 10_000}}).encode()
    url = serve(answer(200, body))
    with pytest.raises(pikepay.DecodeError, match="max_response_bytes"):
        client_for(url, key, max_response_bytes=1000).sessions.status(session_id="ps_1")
    assert (
        client_for(url, key, max_response_bytes=20_000)
        .sessions.status(session_id="ps_1")
        .session.id
        == "ps_1"
    )
    with pytest.raises(pikepay.ConfigurationError, match="max_response_bytes"):
        client_for(url, key, max_response_bytes=0)


HUGE = 256 * 1024 * 1024

CHILD = r"""
import json, re, sys
import pikepay

def peak():
    with open("/proc/self/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) * 1024

client = pikepay.Client(project="shop", private_key=sys.argv[2], base_url=sys.argv[1],
                        max_retries=0)
before = peak()
out = []
for call in (
    lambda: client.sessions.status(session_id="s"),
    lambda: client.sessions.init_payout(
        payout_details={"type": "card", "card": {"type": "bank_card",
                        "bank_card": {"number": "4242424242424242"}}},
        amount_details={"amount": 100, "currency": "rub"}),
):
    try:
        call()
        out.append({"resolved": True})
    except pikepay.PikepayError as e:
        out.append({"name": type(e).__name__, "key": e.idempotency_key, "message": str(e)})
print(json.dumps({"grew": peak() - before, "out": out}))
"""


def test_a_256_mib_answer_is_refused_at_the_cap_with_little_memory(
    serve: Callable[[Respond], str], key: dict[str, Any]
) -> None:
    written = [0]
    piece = b"x" * (64 * 1024)

    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if "status" in handler.path:
            handler.send_header("Content-Length", str(HUGE))
        handler.end_headers()
        while written[0] < HUGE:
            handler.wfile.write(piece)
            written[0] += len(piece)

    url = serve(respond)
    run = subprocess.run(
        [sys.executable, "-c", CHILD, url, key["private_pkcs8_pem"]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    status, payout = result["out"]
    assert status["name"] == "DecodeError", result
    assert payout["name"] == "OutcomeUnknownError", result
    assert payout["key"], result
    assert "max_response_bytes" in status["message"]
    assert result["grew"] < 64 * 1024 * 1024, result
    assert written[0] < 2 * HUGE


def test_without_a_system_ca_store_http_works_and_https_says_how_to_fix_it(
    key: dict[str, Any], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    code = r"""
import json, sys
import pikepay
out = {}
pikepay.Client(project="shop", private_key=sys.argv[1], base_url="http://127.0.0.1:9")
out["http"] = "ok"
try:
    pikepay.Client(project="shop", private_key=sys.argv[1], base_url="https://127.0.0.1:9")
    out["https"] = "ok"
except pikepay.PikepayError as e:
    out["https"] = {"name": type(e).__name__, "message": str(e)}
print(json.dumps(out))
"""
    env = {**os.environ, "SSL_CERT_FILE": str(empty), "SSL_CERT_DIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", code, key["private_pkcs8_pem"]],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["http"] == "ok"
    assert out["https"]["name"] == "ConfigurationError", out
    assert "SSL_CERT_FILE" in out["https"]["message"]
    assert "root_certificates" in out["https"]["message"]
