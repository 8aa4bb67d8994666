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
