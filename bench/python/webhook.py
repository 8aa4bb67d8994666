"""Webhook verification: pikepay.Webhook.construct_event vs cryptography verify + json.loads."""

from __future__ import annotations

import base64
import json
from typing import Any

from _common import data, fresh_key, per_op_us_interleaved, row
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

import pikepay


def main() -> None:
    body = data("webhook.json")
    private_pem, public_pem = fresh_key()
    signer = load_pem_private_key(private_pem.encode(), password=None)
    assert isinstance(signer, RSAPrivateKey)
    signature = base64.b64encode(signer.sign(body, PKCS1v15(), SHA256())).decode()
    public = load_pem_public_key(public_pem.encode())
    assert isinstance(public, RSAPublicKey)
    webhook = pikepay.Webhook(public_pem)

    def crypto_loaded() -> Any:
        public.verify(base64.b64decode(signature), body, PKCS1v15(), SHA256())
        return json.loads(body)

    def crypto_pem() -> Any:
        key = load_pem_public_key(public_pem.encode())
        assert isinstance(key, RSAPublicKey)
        key.verify(base64.b64decode(signature), body, PKCS1v15(), SHA256())
        return json.loads(body)

    def pikepay_webhook() -> Any:
        return webhook.construct_event(body, signature)

    def pikepay_verify_pem() -> Any:
        pikepay.verify(body, signature, public_pem)
        return json.loads(body)

    event = pikepay_webhook()
    assert event.type == crypto_loaded()["type"] == "payment_finished"
    assert event.session.id == crypto_pem()["session"]["id"]
    pikepay_verify_pem()

    def verify_only() -> Any:
        return pikepay.verify(body, signature, public_pem)

    def json_only() -> Any:
        return json.loads(body)

    results = per_op_us_interleaved(
        {
            "cryptography verify + json.loads, key loaded once": crypto_loaded,
            "cryptography verify + json.loads, PEM per call": crypto_pem,
            "pikepay Webhook(pem).construct_event": pikepay_webhook,
            "pikepay.verify(body, sig, pem) + json.loads": pikepay_verify_pem,
            "  part: pikepay.verify(body, sig, pem) alone": verify_only,
            "  part: json.loads alone": json_only,
        }
    )
    print(f"python webhook ({len(body)}-byte body, RSA-2048; variants interleaved)")
    for name, us in results.items():
        row(name, us)
    hand = results["cryptography verify + json.loads, key loaded once"]
    ours = results["pikepay Webhook(pem).construct_event"]
    print(f"  construct_event vs hand-written with a loaded key: {hand / ours:.2f}x")


if __name__ == "__main__":
    main()
