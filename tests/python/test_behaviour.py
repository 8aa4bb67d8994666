"""behaviour.json through the Python package: the defaults, ``wait``'s ``until`` forms,
per-call option rules, call shapes and non-object answers, the same as in Rust and Node.
Calls go to a loopback server that plays Pike and records what it was sent."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import load_vector

import pikepay

KEYS = {k["name"]: k for k in load_vector("keys.json")["keys"]}
CASES = load_vector("behaviour.json")["cases"]


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [c for c in CASES if c["kind"] == kind]


def case_id(case: dict[str, Any]) -> str:
    return str(case["name"])


@dataclass
class Seen:
    method: str
    path: str
    key: str | None
    body: Any


@dataclass
class Pike:
    """A stand-in for Pike on 127.0.0.1: answers with the given body, records requests."""

    url: str = ""
    body: bytes = b'{"status":"ok"}'
    seen: list[Seen] = field(default_factory=list)

    def answer(self, body: str) -> None:
        self.body = body.encode()

    def take(self) -> list[Seen]:
        seen, self.seen = self.seen, []
        return seen


@pytest.fixture(scope="module")
def pike() -> Iterator[Pike]:
    state = Pike()

    class Handler(http.server.BaseHTTPRequestHandler):
        def handle_one(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            key = self.headers.get("X-PARTNER-IDEMPOTENCY-KEY")
            state.seen.append(Seen(self.command, self.path, key, body))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        do_POST = handle_one  # noqa: N815
        do_GET = handle_one  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def client_args(pike: Pike) -> dict[str, Any]:
    pike.take()
    return {
        "project": "vectors",
        "private_key": KEYS["rsa2048"]["private_pkcs8_pem"],
        "base_url": pike.url,
        "max_retries": 0,
    }


def test_defaults_come_from_the_core(pike: Pike) -> None:
    (case,) = of_kind("defaults")
    settings = case["settings"]
    assert pikepay._native.DEFAULTS == settings
    args = client_args(pike)
    del args["max_retries"]
    with pikepay.Client(**args) as client:
        assert client._native.settings() == settings
        assert client.timeout == settings["timeout_ms"] / 1000
        assert client.max_retries == settings["max_retries"]


def until_of(case: dict[str, Any], called: list[Any]) -> Any:
    """The case's condition: its JSON form, or a function recording its argument."""
    function = case.get("until_function")
    if function is None:
        return case["until"]

    def until(session: pikepay.PikeObject) -> bool:
        called.append(session)
        if function == "throws":
            raise LookupError("thrown by the function")
        return bool(function == "returns_true")

    return until


def check_wait(case: dict[str, Any], pike: Pike, wait: Any) -> None:
    called: list[Any] = []
    until = until_of(case, called)
    if "refused" in case:
        with pytest.raises(pikepay.PikepayError) as info:
            wait(until)
        assert info.value.code == case["refused"]["error_code"]
        assert info.value.field == case["refused"]["field"]
        assert pike.take() == []
        return
    pike.answer(json.dumps({"status": "ok", "session": case["session"]}))
    if case.get("raises"):
        with pytest.raises(LookupError, match="thrown by the function"):
            wait(until)
    elif case["stops"]:
        assert wait(until).session.to_dict() == case["session"]
    else:
        with pytest.raises(pikepay.OutcomeUnknownError):
            wait(until)
    if called:
        assert isinstance(called[0], pikepay.PikeObject)
        assert called[0].id == case["session"]["id"]
    elif "until_function" in case:
        assert case["session"]["status"] in ("accepted", "cancelled", "canceled")


@pytest.mark.parametrize("case", of_kind("until"), ids=case_id)
def test_until_forms(case: dict[str, Any], pike: Pike) -> None:
    with pikepay.Client(**client_args(pike)) as client:
        check_wait(case, pike, lambda until: client.sessions.wait("ps_1", until=until, timeout=0.3))


@pytest.mark.parametrize("case", of_kind("until"), ids=case_id)
def test_until_forms_asyncio(case: dict[str, Any], pike: Pike) -> None:
    async def run(until: Any) -> pikepay.PikeObject:
        async with pikepay.AsyncClient(**client_args(pike)) as client:
            return await client.wait("ps_1", until=until, timeout=0.3)

    check_wait(case, pike, lambda until: asyncio.run(run(until)))


@pytest.mark.parametrize("case", of_kind("option"), ids=case_id)
def test_option_rules(case: dict[str, Any], pike: Pike) -> None:
    value = case["value"]
    if case.get("unit") == "ms":
        value = value / 1000
    options = {case["names"]["python"]: value}
    with pikepay.Client(**client_args(pike)) as client:
        if "refused" not in case:
            client.sessions.status(session_id="ps_1", **options)
            assert len(pike.take()) == 1
            return
        with pytest.raises(pikepay.PikepayError) as info:
            client.sessions.status(session_id="ps_1", **options)
    assert info.value.code == case["refused"]["error_code"]
    assert info.value.field == case["refused"]["field"]["python"]
    assert pike.take() == []


def send(client: pikepay.Client, case: dict[str, Any]) -> pikepay.PikeObject:
    return client.request(case["method"], case["path"], case["body"], **case["options"])


@pytest.mark.parametrize("case", of_kind("call"), ids=case_id)
def test_call_shapes(case: dict[str, Any], pike: Pike) -> None:
    pike.answer('{"status":"ok"}')
    with pikepay.Client(**client_args(pike)) as client:
        send(client, case)
    (seen,) = pike.take()
    sends = case["sends"]
    assert (seen.method, seen.path) == (sends["method"], sends["path"])
    if sends["idempotency_key"] == "none":
        assert seen.key is None
    elif sends["idempotency_key"] == "generated":
        assert seen.key is not None and len(seen.key) >= 4
    else:
        assert seen.key == sends["idempotency_key"]
    for name in sends["body_has"]:
        assert name in seen.body


@pytest.mark.parametrize("case", of_kind("answer"), ids=case_id)
def test_non_object_answers(case: dict[str, Any], pike: Pike) -> None:
    pike.answer(case["answer"]["body"])
    with pikepay.Client(**client_args(pike)) as client, pytest.raises(pikepay.PikepayError) as info:
        send(client, case)
    assert info.value.code == case["error"]["error_code"]
    assert (info.value.idempotency_key is not None) == case["error"]["idempotency_key"]
