"""Webhook verification over the exact raw bytes, then parsing to canonical names."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

import pikepay

V1_BODY = json.dumps(
    {
        "type": "payment_finished",
        "session": {
            "id": "ps_3230",
            "status": "accepted",
            "payments": [
                {
                    "id": "po_1",
                    "status": "succeeded",
                    "payment_method": {"type": "card", "card": {"last4": "4242"}},
                    "new_field": {"kept": True},
                }
            ],
        },
    }
).encode()


def test_construct_event_verifies_and_renames(key: dict[str, Any]) -> None:
    webhook = pikepay.Webhook(public_key=key["public_spki_pem"])
    sig = pikepay.sign(V1_BODY, private_key=key["private_pkcs8_pem"])
    event = webhook.construct_event(V1_BODY, sig)
    assert isinstance(event, pikepay.Event)
    assert event.type == "payment_finished"
    assert event.session.id == "ps_3230"
    payout = event.session.payout_list[0]
    assert payout.status == "succeeded"
    assert payout.payout_details.card.last4 == "4242"
    assert payout.new_field.kept is True
    assert event.to_dict()["session"]["payout_list"][0]["id"] == "po_1"


def test_tampered_body_is_rejected(key: dict[str, Any]) -> None:
    webhook = pikepay.Webhook(public_key=key["public_spki_pem"])
    sig = pikepay.sign(V1_BODY, private_key=key["private_pkcs8_pem"])
    with pytest.raises(pikepay.SignatureVerificationError):
        webhook.construct_event(V1_BODY.replace(b"succeeded", b"failed___"), sig)
    # Re-serialised JSON is different bytes: verification is over the raw body only.
    reserialised = json.dumps(json.loads(V1_BODY), indent=1).encode()
    with pytest.raises(pikepay.SignatureVerificationError):
        webhook.construct_event(reserialised, sig)


@pytest.mark.parametrize("signature", [None, ""])
def test_missing_signature_is_rejected(key: dict[str, Any], signature: str | None) -> None:
    webhook = pikepay.Webhook(public_key=key["public_spki_pem"])
    with pytest.raises(pikepay.SignatureVerificationError, match="X-PARTNER-SIGN"):
        webhook.construct_event(V1_BODY, signature)


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"payment_finished"', b"", b"null"])
def test_a_signed_body_that_is_not_a_json_object_is_a_decode_error(
    key: dict[str, Any], body: bytes
) -> None:
    webhook = pikepay.Webhook(public_key=key["public_spki_pem"])
    sig = pikepay.sign(body, private_key=key["private_pkcs8_pem"])
    with pytest.raises(pikepay.DecodeError, match="not"):
        webhook.construct_event(body, sig)


@pytest.mark.parametrize(
    "body",
    [
        b'{"type": "payment_finished"}',
        b'{"session": {}}',
        b"{}",
        b'{"type": 5, "session": "ps_1", "extra": [null]}',
    ],
)
def test_any_signed_json_object_is_an_event_kept_whole(key: dict[str, Any], body: bytes) -> None:
    webhook = pikepay.Webhook(public_key=key["public_spki_pem"])
    event = webhook.construct_event(body, pikepay.sign(body, private_key=key["private_pkcs8_pem"]))
    sent = json.loads(body)
    assert event.to_dict() == sent
    assert event.type == sent.get("type")
    assert (event.session is None) == ("session" not in sent)


def test_fields_of_unexpected_types_read_as_their_raw_values(key: dict[str, Any]) -> None:
    body = json.dumps(
        {
            "type": "payment_finished",
            "delivered_at": "2024-05-27T02:05:01Z",
            "session": {
                "id": "ps_1",
                "finished_at": None,
                "payment_list": [
                    {
                        "id": 17,
                        "payment_options": {"recurrent": "true"},
                        "amount_details": {"amount": "1000", "currency": "rub"},
                        "customer_interaction": {"redirect": {"params": []}},
                    }
                ],
            },
        }
    ).encode()
    webhook = pikepay.Webhook(public_key=key["public_spki_pem"])
    event = webhook.construct_event(body, pikepay.sign(body, private_key=key["private_pkcs8_pem"]))
    item = event.session.payment_list[0]
    assert item.id == 17
    assert item.payment_options.recurrent == "true"
    assert item.amount_details.amount == "1000"
    assert item.customer_interaction.redirect.params == []
    assert event.delivered_at == "2024-05-27T02:05:01Z"
    assert "finished_at" in event.session and event.session.finished_at is None


def test_unknown_type_is_kept(key: dict[str, Any]) -> None:
    body = b'{"type": "brand_new_type", "session": {"id": "ps_1", "status": "created"}}'
    webhook = pikepay.Webhook(public_key=key["public_spki_pem"])
    event = webhook.construct_event(body, pikepay.sign(body, private_key=key["private_pkcs8_pem"]))
    assert event.type == "brand_new_type"


def test_webhook_with_a_private_key_is_refused(key: dict[str, Any]) -> None:
    with pytest.raises(pikepay.InvalidKeyError):
        pikepay.Webhook(public_key=key["private_pkcs8_pem"])


def test_drift_reaches_the_pikepay_logger_once_per_field_path(
    key: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    path = "session.payment_list.1.payment_options.recurrent"
    body = json.dumps(
        {
            "type": "payment_finished",
            "session": {
                "id": "ps_1",
                "payment_list": [{}, {"payment_options": {"recurrent": "yes"}}],
            },
        }
    ).encode()
    webhook = pikepay.Webhook(public_key=key["public_spki_pem"])
    sig = pikepay.sign(body, private_key=key["private_pkcs8_pem"])
    with caplog.at_level(logging.WARNING, logger="pikepay"):
        for _ in range(3):
            webhook.construct_event(body, sig)
    logged = [r for r in caplog.records if path in r.getMessage()]
    assert len(logged) == 1, caplog.records
    assert logged[0].name == "pikepay.drift"
    assert logged[0].levelno == logging.WARNING
