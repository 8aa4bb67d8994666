"""pikepay.testing: webhooks signed as Pike signs them, accepted by the framework
examples and helpers; the dedupe key and the idempotent-handler pattern against the
sandbox."""

from __future__ import annotations

import pytest
from conftest import Hooks, Project, Sandbox
from test_client import RUB_1000, card_payout
from test_examples import EXAMPLES, load

import pikepay
from pikepay.testing import generate_key_pair, sign_event

SESSION = {
    "id": "s-test-1",
    "status": "in_progress",
    "next_action": "confirm",
    "payout_list": [{"id": "po-1", "status": "pending", "amount": 1000, "currency": "rub"}],
}


@pytest.fixture(scope="module")
def pike() -> pikepay.testing.KeyPair:
    return generate_key_pair()


@pytest.mark.parametrize("version", [1, 2])
def test_a_signed_event_verifies_with_the_public_half(
    pike: pikepay.testing.KeyPair, version: int
) -> None:
    delivery = sign_event("ready_to_confirm", SESSION, pike.private_key, api_version=version)
    assert delivery.body.startswith(b'{"type":"ready_to_confirm","session":{')
    event = pikepay.Webhook(public_key=pike.public_key).construct_event(
        delivery.body, delivery.signature
    )
    assert event.type == "ready_to_confirm"
    assert event.session.id == "s-test-1"
    assert event.session.payout_list[0].id == "po-1"
    assert delivery.headers["X-PARTNER-SIGN"] == delivery.signature
    other = generate_key_pair()
    with pytest.raises(pikepay.SignatureVerificationError):
        pikepay.Webhook(public_key=other.public_key).construct_event(
            delivery.body, delivery.signature
        )


def test_the_key_pair_never_prints_its_private_half(pike: pikepay.testing.KeyPair) -> None:
    assert "PRIVATE" not in repr(pike)
    assert "PRIVATE" not in str(pike)
    assert pike.private_key.startswith("-----BEGIN PRIVATE KEY-----")


def test_signing_is_pikes_own(pike: pikepay.testing.KeyPair) -> None:
    delivery = sign_event("payment_finished", SESSION, pike.private_key)
    pikepay.verify(delivery.body, delivery.signature, pike.public_key)
    assert pikepay.sign(delivery.body, pike.private_key) == delivery.signature


def test_a_bad_session_is_a_typed_error(pike: pikepay.testing.KeyPair) -> None:
    with pytest.raises(pikepay.InvalidRequestError, match="session"):
        sign_event("payment_finished", [], pike.private_key)  # type: ignore[arg-type]


def test_framework_examples_accept_a_test_signed_webhook(
    pike: pikepay.testing.KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIKE_WEBHOOK_PUBLIC_KEY", pike.public_key)
    delivery = sign_event("ready_to_confirm", SESSION, pike.private_key)
    forged = sign_event("ready_to_confirm", SESSION, generate_key_pair().private_key)

    django_example = load(EXAMPLES / "django_webhook.py")
    django_example.webhook.cache_clear()
    handled: list[pikepay.Event] = []
    monkeypatch.setattr(django_example, "handle_event", handled.append)
    from django.test import Client as DjangoClient

    django = DjangoClient()
    for signed, expected in [(delivery, 200), (forged, 400)]:
        answer = django.post(
            "/pike/webhook",
            data=signed.body,
            content_type="application/json",
            headers={"X-PARTNER-SIGN": signed.signature},
        )
        assert answer.status_code == expected

    fastapi_example = load(EXAMPLES / "fastapi_webhook.py")
    fastapi_example.webhook.cache_clear()
    monkeypatch.setattr(fastapi_example, "handle_event", handled.append)
    from fastapi.testclient import TestClient

    with TestClient(fastapi_example.app) as http:
        for signed, expected in [(delivery, 200), (forged, 400)]:
            answer = http.post("/pike/webhook", content=signed.body, headers=signed.headers)
            assert answer.status_code == expected
    assert [e.session.id for e in handled] == ["s-test-1", "s-test-1"]


def test_dedupe_key_is_stable_per_delivery(pike: pikepay.testing.KeyPair) -> None:
    first = sign_event("ready_to_confirm", SESSION, pike.private_key)
    again = sign_event("ready_to_confirm", SESSION, pike.private_key)
    finished = sign_event("payment_finished", {**SESSION, "status": "accepted"}, pike.private_key)
    assert first.dedupe_key == again.dedupe_key == pikepay.Webhook.dedupe_key(first.body)
    assert first.dedupe_key.startswith("whk_")
    assert finished.dedupe_key != first.dedupe_key


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
def test_idempotent_handler_acts_once_on_a_replayed_delivery(
    client: pikepay.Client, project: Project, sandbox: Sandbox, hooks: Hooks
) -> None:
    """The pattern python/README.md documents, against real sandbox deliveries."""
    pike_key = sandbox.control("GET", "/_sandbox/public_key")
    webhook = pikepay.Webhook(public_key=pike_key)
    done: set[str] = set()  # in production: a table with a unique constraint
    confirms: list[str] = []

    def handle(raw_body: bytes, signature: str | None) -> int:
        event = webhook.construct_event(raw_body, signature)
        key = pikepay.Webhook.dedupe_key(raw_body)
        if key in done:
            return 200  # already handled: acknowledge, do nothing
        if event.type == "ready_to_confirm":
            client.sessions.confirm(
                session_id=event.session.id, idempotency_key=f"confirm-{event.session.id}"
            )
            confirms.append(event.session.id)
        done.add(key)
        return 200

    client.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    body, signature = hooks.wait_for(project.name, 1)[0]
    assert handle(body, signature) == 200
    assert handle(body, signature) == 200  # Pike (or an attacker) sends it again
    assert len(confirms) == 1

    session_id = confirms[0]
    # Even without the dedupe record, the derived key makes a second confirm harmless...
    again = client.sessions.confirm(session_id=session_id, idempotency_key=f"confirm-{session_id}")
    assert again.status == "ok"
    # ...while a confirm with a new key is refused: the session already moved on.
    with pytest.raises(pikepay.PikepayError) as info:
        client.sessions.confirm(session_id=session_id)
    assert info.value.pike_code == "invalid_session_state"
    payouts = [e for e in sandbox.ledger(project.name) if e["kind"] == "payout"]
    assert [(e["session_id"], e["amount"]) for e in payouts] == [(session_id, 1000)]


def test_the_documented_example_runs() -> None:
    import doctest

    import pikepay.testing

    result = doctest.testmod(pikepay.testing)
    assert result.attempted >= 6
    assert result.failed == 0
