"""Each error class raised for real: by the client's settings, the sandbox and its faults."""

from __future__ import annotations

import pickle
import socket
from typing import Any

import pytest
from conftest import Hooks, Project, Sandbox, load_vector
from test_client import RUB_1000, card_payout

import pikepay


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def fault(sandbox: Sandbox, **spec: Any) -> None:
    sandbox.control("POST", "/_sandbox/faults", {"count": 1, **spec})


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"project": ""}, "project"),
        ({"base_url": "ftp://example.com"}, "base URL"),
        ({"base_url": "http://pike.example.com"}, "allow_insecure_http=True"),
        ({"api_version": 3}, "api_version"),
        ({"timeout": -1.0}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"timeout": 10**400}, "timeout"),
        ({"timeout": "30"}, "timeout"),
        ({"connect_timeout": -5}, "connect_timeout"),
        ({"request_timeout": 1e300}, "request_timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 2**32}, "max_retries"),
        ({"max_retries": 2**80}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"api_version": -1}, "api_version"),
        ({"api_version": 2**70}, "api_version"),
        ({"max_connections": -1}, "max_connections"),
    ],
)
def test_bad_settings_are_configuration_errors(
    project: Project, change: dict[str, Any], words: str
) -> None:
    with pytest.raises(pikepay.ConfigurationError, match=words) as info:
        pikepay.Client(**{**project.client_args(), **change})
    assert info.value.code == "configuration_error"


def test_bad_private_key_is_an_invalid_key_error(project: Project) -> None:
    args = {**project.client_args(), "private_key": "-----BEGIN PRIVATE KEY-----\nxx\n"}
    with pytest.raises(pikepay.InvalidKeyError):
        pikepay.Client(**args)
    with pytest.raises(pikepay.InvalidKeyError):
        pikepay.AsyncClient(**args)


def test_closed_client_refuses_calls(project: Project) -> None:
    client = pikepay.Client(**project.client_args())
    client.close()
    with pytest.raises(pikepay.ConfigurationError, match="closed"):
        client.fps.banks()


def test_unknown_key_is_an_authentication_error(project: Project) -> None:
    other = load_vector("keys.json")["keys"][0]["private_pkcs8_pem"]
    with pikepay.Client(**{**project.client_args(), "private_key": other}) as client:
        with pytest.raises(pikepay.AuthenticationError) as info:
            client.fps.banks()
    assert info.value.http_status in (401, 403)
    assert other not in str(info.value)


def test_nothing_listening_is_a_network_error(project: Project) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with pikepay.Client(**{**project.client_args(), "base_url": url, "max_retries": 0}) as c:
        with pytest.raises(pikepay.NetworkError) as info:
            c.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    assert info.value.retryable is True
    assert info.value.idempotency_key


def test_not_json_is_a_decode_error(project: Project, hooks: Hooks) -> None:
    # The webhook receiver answers every POST with an empty 200: not Pike.
    with pikepay.Client(**{**project.client_args(), "base_url": hooks.url}) as client:
        with pytest.raises(pikepay.DecodeError):
            client.sessions.status(session_id="ps_1")


def test_server_error_then_retry_succeeds_once(
    client: pikepay.Client, project: Project, sandbox: Sandbox
) -> None:
    fault(sandbox, path="session/init/payout", mode="status", status=500)
    with pytest.raises(pikepay.ServerError) as info:
        client.sessions.init_payout(
            payout_details=card_payout(), amount_details=RUB_1000, max_retries=0
        )
    assert info.value.http_status == 500 and info.value.retryable is True
    fault(sandbox, path="session/init/payout", mode="status", status=503)
    session = client.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    assert session.session.payout_list[0].status == "pending"


def test_rate_limit_error(client: pikepay.Client, sandbox: Sandbox) -> None:
    fault(sandbox, path="fps/banks", mode="retry_after", retry_after_s=1)
    with pytest.raises(pikepay.RateLimitError) as info:
        client.fps.banks(max_retries=0)
    assert info.value.http_status == 429
    assert info.value.retry_after == 1.0


def test_lost_answer_is_outcome_unknown_and_the_key_recovers_it(
    client: pikepay.Client, project: Project, sandbox: Sandbox
) -> None:
    fault(sandbox, path="session/init/payout", mode="drop_after")
    with pytest.raises(pikepay.OutcomeUnknownError) as info:
        client.sessions.init_payout(
            payout_details=card_payout(), amount_details=RUB_1000, max_retries=0
        )
    key = info.value.idempotency_key
    assert key
    # A worker may pickle the error (celery): the key survives.
    copied = pickle.loads(pickle.dumps(info.value))
    assert type(copied) is pikepay.OutcomeUnknownError and copied.idempotency_key == key
    again = client.sessions.init_payout(
        payout_details=card_payout(), amount_details=RUB_1000, idempotency_key=key
    )
    sid = again.session.id
    client.sessions.wait(sid, until="next_action", timeout=10)
    client.sessions.confirm(session_id=sid)
    client.sessions.wait(sid, timeout=10)
    payouts = [e for e in sandbox.ledger(project.name) if e["kind"] == "payout"]
    assert len(payouts) == 1


def test_wrong_state_is_an_api_error(client: pikepay.Client) -> None:
    sid = client.sessions.create().session.id
    with pytest.raises(pikepay.ApiError) as info:
        client.sessions.confirm(session_id=sid)
    assert info.value.pike_code
    assert type(info.value) is pikepay.ApiError


def test_unknown_method_path(client: pikepay.Client) -> None:
    with pytest.raises(pikepay.PikepayError):
        client.request("PATCH", "session/status", {})


def test_errors_are_plain_exceptions(client: pikepay.Client) -> None:
    try:
        client.sessions.status(session_id="ps_404")
    except Exception as e:  # what a Django view would write
        assert isinstance(e, pikepay.NotFoundError)
    else:
        pytest.fail("no error")


# A per-call option is part of the request: out of range, it is an InvalidRequestError (as
# tests/vectors/behaviour.json says for every language); client settings out of range are
# ConfigurationErrors.
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 2**32}, "max_retries"),
        ({"timeout": 10**400}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
    ],
)
def test_out_of_range_call_options_are_invalid_request_errors_with_the_key(
    client: pikepay.Client, change: dict[str, Any], words: str
) -> None:
    with pytest.raises(pikepay.InvalidRequestError, match=words) as info:
        client.fps.banks(**change)
    assert info.value.idempotency_key is None
    with pytest.raises(pikepay.InvalidRequestError, match=words) as info:
        client.sessions.init_payout(
            payout_details=card_payout(),
            amount_details=RUB_1000,
            idempotency_key="order-77",
            **change,
        )
    assert info.value.idempotency_key == "order-77"


def test_a_body_that_cannot_be_sent_carries_the_key(client: pikepay.Client) -> None:
    for key in ["order-78", None]:
        with pytest.raises(pikepay.InvalidRequestError, match="metadata") as info:
            client.sessions.init_payout(
                payout_details=card_payout(),
                amount_details=RUB_1000,
                metadata={"when": object()},
                idempotency_key=key,
            )
        # The caller's key, or the one generated for this money-moving call.
        assert info.value.idempotency_key == (key or info.value.idempotency_key)
        assert info.value.idempotency_key


def test_an_answer_that_is_not_an_object_carries_the_key(project: Project) -> None:
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"[]")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with pikepay.Client(**{**project.client_args(), "base_url": url}) as client:
            with pytest.raises(pikepay.PikepayError) as info:
                client.sessions.init_payout(
                    payout_details=card_payout(),
                    amount_details=RUB_1000,
                    idempotency_key="order-79",
                )
    finally:
        server.shutdown()
        server.server_close()
    assert isinstance(info.value, (pikepay.DecodeError, pikepay.OutcomeUnknownError))
    assert info.value.idempotency_key == "order-79"
