"""The shared test vectors (tests/vectors/), read unchanged, through the Python package.

Signatures and webhooks go straight to sign/verify/Webhook. Error answers, v1/v2 names
and the seed examples go through a real Client talking to a local replay server that
answers with the vector's bytes and records what the client sent.
"""

from __future__ import annotations

import http.server
import json
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from conftest import load_vector

import pikepay

KEYS = {k["name"]: k for k in load_vector("keys.json")["keys"]}
CLASS_OF = {code: getattr(pikepay, name) for code, name, _ in pikepay._native.ERROR_KINDS}


def cases(name: str) -> list[Any]:
    return list(load_vector(name)["cases"])


def case_id(case: Any) -> str:
    return str(case.get("name") or case.get("id"))


@pytest.mark.parametrize("case", cases("signatures.json"), ids=case_id)
def test_signatures(case: dict[str, Any]) -> None:
    key = KEYS[case["key"]]
    body = case["body"].encode()
    public = case.get("public_key", key["public_spki_pem"])
    if isinstance(public, str) and public in KEYS:
        public = KEYS[public]["public_spki_pem"]
    if case["expected"]["valid"]:
        assert pikepay.sign(body, private_key=key["private_pkcs8_pem"]) == case["signature"]
        assert pikepay.sign(body, private_key=key["private_pkcs1_pem"]) == case["signature"]
        pikepay.verify(body, case["signature"], public_key=public)
    else:
        with pytest.raises(pikepay.PikepayError) as info:
            pikepay.verify(body, case["signature"], public_key=public)
        assert info.value.code == case["expected"]["error_code"]


@pytest.mark.parametrize("case", cases("webhooks.json"), ids=case_id)
def test_webhooks(case: dict[str, Any]) -> None:
    webhook = pikepay.Webhook(public_key=KEYS[case["public_key"]]["public_spki_pem"])
    expected = case["expected"]
    if expected["outcome"] == "ok":
        event = webhook.construct_event(case["body"].encode(), case["signature"])
        assert event.to_dict() == expected["event"]
        if expected["event_type"] is not None:
            assert event.type == expected["event_type"]
        if expected["session_id"] is not None:
            assert event.session.id == expected["session_id"]
    else:
        with pytest.raises(pikepay.PikepayError) as info:
            webhook.construct_event(case["body"].encode(), case["signature"])
        assert info.value.code == expected["error_code"]


DRIFT = load_vector("drift.json")
_ABSENT = object()


def _at(value: Any, path: str) -> Any:
    """The value at a dotted path (`session.payment_list.0.id`) through attribute and
    item access, as a user reads it; ``_ABSENT`` when it is not there."""
    for step in path.split("."):
        if isinstance(value, list):
            index = int(step)
            if index >= len(value):
                return _ABSENT
            value = value[index]
        elif isinstance(value, pikepay.PikeObject):
            if step not in value:
                return _ABSENT
            value = value[step]
        else:
            return _ABSENT
    return value


def _plain(value: Any) -> Any:
    return value.to_dict() if isinstance(value, pikepay.PikeObject) else value


#: The Python type a number of the vector reads as (its "python" field): an integer of
#: any size is an int, a number a float holds exactly a float, any other a Decimal.
_NUMBER_TYPES: dict[str, type] = {"int": int, "float": float, "decimal": Decimal}


def _put(value: Any, path: str, new: Any) -> None:
    *parents, last = path.split(".")
    for step in parents:
        value = value[int(step)] if isinstance(value, list) else value[step]
    if isinstance(value, list):
        value[int(last)] = new
    else:
        value[last] = new


def _same_number(got: Any, wanted: Any) -> bool:
    """Same type and value, the sign of a zero and a Decimal's digits included."""
    if type(got) is not type(wanted) or got != wanted:
        return False
    if isinstance(wanted, float):
        return math.copysign(1.0, got) == math.copysign(1.0, wanted)
    if isinstance(wanted, Decimal):
        return bool(got.as_tuple() == wanted.as_tuple())
    return True


@pytest.mark.parametrize("case", DRIFT["cases"], ids=case_id)
def test_drifted_webhooks(case: dict[str, Any]) -> None:
    webhook = pikepay.Webhook(public_key=KEYS[DRIFT["public_key"]]["public_spki_pem"])
    event = webhook.construct_event(case["body"].encode(), case["signature"])
    sent = json.loads(case["body"])
    if "number" in case:
        number = _NUMBER_TYPES[case["python"]](case["number"])
        _put(sent, case["path"], number)
        assert _same_number(_at(event, case["path"]), number)
    assert event.to_dict() == sent
    wanted = _at(pikepay.PikeObject(sent), case["path"])
    got = _at(event, case["path"])
    assert (got is _ABSENT) == (wanted is _ABSENT)
    assert _plain(got) == _plain(wanted)


@dataclass
class Replay:
    """A stand-in for Pike on 127.0.0.1: answers with the given bytes, keeps requests."""

    url: str = ""
    status: int = 200
    body: bytes = b'{"status":"ok"}'
    requests: list[tuple[str, bytes, str]] = field(default_factory=list)

    def answer(self, status: int, body: bytes | str) -> None:
        self.status = status
        self.body = body.encode() if isinstance(body, str) else body


@pytest.fixture(scope="module")
def replay() -> Iterator[Replay]:
    state = Replay()

    class Handler(http.server.BaseHTTPRequestHandler):
        def handle_one(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            signature = self.headers.get("X-PARTNER-SIGN", "")
            state.requests.append((self.path, self.rfile.read(length), signature))
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        do_POST = handle_one  # noqa: N815
        do_GET = handle_one  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        request_queue_size = 128
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def client_for(replay: Replay, api_version: int = 2) -> pikepay.Client:
    replay.requests.clear()
    return pikepay.Client(
        project="vectors",
        private_key=KEYS["rsa2048"]["private_pkcs8_pem"],
        base_url=replay.url,
        api_version=api_version,
        max_retries=0,
    )


@pytest.mark.parametrize("case", cases("errors.json"), ids=case_id)
def test_error_answers(case: dict[str, Any], replay: Replay) -> None:
    replay.answer(case["http_status"], case["body"])
    expected = case["expected"]
    with client_for(replay) as client:
        if not expected["is_error"]:
            assert isinstance(client.sessions.status(session_id="ps_1"), pikepay.PikeObject)
            return
        with pytest.raises(pikepay.PikepayError) as info:
            client.sessions.status(session_id="ps_1")
    err = info.value
    assert type(err) is CLASS_OF[expected["kind"]]
    assert err.code == expected["kind"]
    assert err.pike_code == expected["pike_code"]
    assert err.pike_description == expected["pike_description"]
    assert err.field == expected["field"]
    assert err.retryable == expected["retryable"]
    assert err.http_status == case["http_status"]
    for secret in expected.get("message_excludes", []):
        assert secret not in str(err) and secret not in repr(err)


NUMBER_CASES = [c for c in DRIFT["cases"] if c["name"].startswith("number.")]


@pytest.mark.parametrize("case", NUMBER_CASES, ids=case_id)
def test_answers_keep_numbers_as_sent(case: dict[str, Any], replay: Replay) -> None:
    replay.answer(200, '{"status":"ok",' + case["body"][1:])
    with client_for(replay) as client:
        result = client.sessions.status(session_id="ps_1")
    number = _NUMBER_TYPES[case["python"]](case["number"])
    assert _same_number(_at(result, case["path"]), number)


def sendable(case: dict[str, Any]) -> bool:
    body = case["input"]
    return isinstance(body, dict) and body.get("status") != "error"


@pytest.mark.parametrize("case", cases("wire.json"), ids=case_id)
def test_wire_names_in_answers(case: dict[str, Any], replay: Replay) -> None:
    if case["scope"] == "session":
        answer, expected = {"session": case["input"]}, {"session": case["expected"]["to_canonical"]}
    else:
        answer, expected = case["input"], case["expected"]["to_canonical"]
    replay.answer(200, json.dumps(answer))
    with client_for(replay, 1) as client:
        if not isinstance(answer, dict):
            # A method the client does not know, sent without a key, is not taken for
            # one that moves money: a 2xx it cannot read is a decode error (with a key,
            # the outcome would be unknown).
            with pytest.raises(pikepay.DecodeError):
                client.request("POST", "vectors/echo", {})
            return
        if answer.get("status") == "error":
            with pytest.raises(pikepay.PikepayError):
                client.request("POST", "vectors/echo", {})
            return
        assert client.request("POST", "vectors/echo", {}).to_dict() == expected


@pytest.mark.parametrize(
    ("case", "version"),
    [
        (c, version)
        for c in cases("wire.json")
        if c["scope"] == "message" and sendable(c)
        for version in (1, 2)
        if version == 2 or "to_v1" in c["expected"]
    ],
    ids=lambda v: str(v) if isinstance(v, int) else case_id(v),
)
def test_wire_names_in_requests(case: dict[str, Any], version: int, replay: Replay) -> None:
    replay.answer(200, '{"status":"ok"}')
    # v2 names are the canonical ones.
    expected = case["expected"].get(f"to_v{version}", case["expected"]["to_canonical"])
    with client_for(replay, version) as client:
        client.request("POST", "vectors/echo", case["input"])
    (path, sent, _), *_ = replay.requests
    assert path == f"/api/v{version}/vectors/echo"
    assert json.loads(sent) == expected


SEEDS = cases("seeds.json")


V1_ONLY = {
    "recurrent/disable",
    "token",
    "token/info",
    "tokenize/elements",
    "fps/banks",
    "wallet/balance",
    "sberpay/push",
}


@pytest.mark.parametrize("case", [c for c in SEEDS if c["kind"] == "request"], ids=case_id)
def test_seed_requests_are_sent_as_documented(case: dict[str, Any], replay: Replay) -> None:
    replay.answer(200, '{"status":"ok"}')
    method = "GET" if case["endpoint"] == "fps/banks" else "POST"
    with client_for(replay, case["api_version"]) as client:
        client.request(method, case["endpoint"], case["body"])
    (path, sent, signature), *_ = replay.requests
    version = 1 if case["endpoint"] in V1_ONLY else case["api_version"]
    assert path == f"/api/v{version}/{case['endpoint']}"
    assert json.loads(sent) == case["body"]
    pikepay.verify(sent, signature, public_key=KEYS["rsa2048"]["public_spki_pem"])


@pytest.mark.parametrize("case", [c for c in SEEDS if c["kind"] == "response"], ids=case_id)
def test_seed_responses_are_read(case: dict[str, Any], replay: Replay) -> None:
    replay.answer(200, json.dumps(case["body"]))
    with client_for(replay, case["api_version"]) as client:
        if case["outcome"] == "ok":
            result = client.request("POST", "vectors/echo", {})
            assert result.get("status", "ok") == "ok"
            assert "payments" not in result.get("session", {})
        else:
            with pytest.raises(pikepay.PikepayError) as info:
                client.request("POST", "vectors/echo", {})
            assert info.value.pike_code == case["body"]["error"]["code"]


#: Bodies the client completes before validating: it fills wallet/balance's
#: request_datetime and renames API v1 names (payment_method) to v2 ones.
FILLED_BY_THE_CLIENT = {"wallet_balance_no_datetime", "payout_without_instrument"}


@pytest.mark.parametrize("case", cases("validation.json"), ids=case_id)
def test_validation(case: dict[str, Any], replay: Replay) -> None:
    """Each body through ``client.request`` to a loopback Pike: accepted bodies are sent,
    refused ones never leave and name the field as the vector says."""
    replay.answer(200, '{"status":"ok"}')
    expected = case["expected"]
    method = "GET" if case["endpoint"] == "fps/banks" else "POST"
    with client_for(replay) as client:
        if not isinstance(case["body"], dict):
            # request() takes a mapping: anything else is refused before it is sent.
            with pytest.raises((TypeError, ValueError, pikepay.InvalidRequestError)):
                client.request(method, case["endpoint"], case["body"])
            assert replay.requests == []
            return
        if case["name"] in FILLED_BY_THE_CLIENT:
            client.request(method, case["endpoint"], case["body"])
            assert len(replay.requests) == 1
            return
        if expected["valid"]:
            client.request(method, case["endpoint"], case["body"])
            assert len(replay.requests) == 1
            return
        with pytest.raises(pikepay.InvalidRequestError) as info:
            client.request(method, case["endpoint"], case["body"])
    assert replay.requests == []
    err = info.value
    assert err.code == expected["error_code"]
    assert err.field == expected["field"]
    assert err.pike_description == expected["pike_description"]
    assert expected.get("message_contains", "") in str(err)


def test_metadata_none_is_sent_as_null_and_absent_is_left_out(replay: Replay) -> None:
    card = {"type": "card", "card": {"type": "bank_card", "bank_card": {"number": "4" * 16}}}
    money = {"amount": 100, "currency": "rub"}
    with client_for(replay) as client:
        client.sessions.init_payout(payout_details=card, amount_details=money, metadata=None)
        client.sessions.init_payout(payout_details=card, amount_details=money)
    sent = [json.loads(body) for _, body, _ in replay.requests]
    assert "metadata" in sent[0] and sent[0]["metadata"] is None
    assert "metadata" not in sent[1]


def test_numbers_read_from_pike_are_sent_back_exactly(replay: Replay) -> None:
    numbers = sorted({c["number"] for c in NUMBER_CASES})
    body = "{" + ",".join(f'"n{i}":{n}' for i, n in enumerate(numbers)) + "}"
    replay.answer(200, '{"status":"ok","echo":' + body + "}")
    with client_for(replay) as client:
        echo = client.request("POST", "numbers/echo", {}, validate=False).echo.to_dict()
        client.request("POST", "numbers/echo", echo, validate=False)
    sent = json.loads(replay.requests[-1][1], parse_float=Decimal)
    assert sent.keys() == echo.keys()
    for key, value in echo.items():
        # The value as read (int, float or Decimal) is sent as its digits.
        assert Decimal(str(sent[key])) == Decimal(str(value)), key
    with client_for(replay) as client, pytest.raises(pikepay.InvalidRequestError) as info:
        client.request("POST", "numbers/echo", {"a": {"b": Decimal("NaN")}}, validate=False)
    assert info.value.field == "a.b"
