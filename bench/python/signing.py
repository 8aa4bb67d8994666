"""Signing a typical request body: pikepay.sign vs cryptography.

cryptography both with the key loaded once and with the PEM parsed on every call.
"""

from __future__ import annotations

import base64

from _common import data, fresh_key, per_op_us, row
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.serialization import load_pem_private_key

import pikepay


def main() -> None:
    body = data("payout.json")
    pem, _ = fresh_key()
    loaded = load_pem_private_key(pem.encode(), password=None)
    assert isinstance(loaded, RSAPrivateKey)

    def crypto_loaded() -> str:
        return base64.b64encode(loaded.sign(body, PKCS1v15(), SHA256())).decode()

    def crypto_pem() -> str:
        key = load_pem_private_key(pem.encode(), password=None)
        assert isinstance(key, RSAPrivateKey)
        return base64.b64encode(key.sign(body, PKCS1v15(), SHA256())).decode()

    def pikepay_pem() -> str:
        return pikepay.sign(body, pem)

    # Same key, same bytes, deterministic padding: all three must agree.
    assert crypto_loaded() == crypto_pem() == pikepay_pem()

    print(f"python sign ({len(body)}-byte body, RSA-2048)")
    row("cryptography, key loaded once", per_op_us(crypto_loaded))
    row("cryptography, PEM parsed per call", per_op_us(crypto_pem))
    row("pikepay.sign(body, pem)", per_op_us(pikepay_pem))


if __name__ == "__main__":
    main()
