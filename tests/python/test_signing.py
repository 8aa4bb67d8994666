"""sign/verify match the openssl CLI byte for byte, and bad keys fail with InvalidKeyError."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import load_vector

import pikepay

BODY = b'{"amount_details":{"amount":1000,"currency":"rub"}}'


def openssl_verify(tmp_path: Path, body: bytes, signature: str, public_pem: str) -> bool:
    (tmp_path / "body").write_bytes(body)
    (tmp_path / "sig").write_bytes(base64.b64decode(signature))
    (tmp_path / "pub.pem").write_text(public_pem)
    cmd = ["openssl", "dgst", "-sha256", "-verify", str(tmp_path / "pub.pem")]
    cmd += ["-signature", str(tmp_path / "sig"), str(tmp_path / "body")]
    return subprocess.run(cmd, capture_output=True, check=False).returncode == 0


def openssl_sign(tmp_path: Path, body: bytes, private_pem: str) -> str:
    (tmp_path / "body").write_bytes(body)
    (tmp_path / "key.pem").write_text(private_pem)
    out = subprocess.run(
        ["openssl", "dgst", "-sha256", "-sign", str(tmp_path / "key.pem"), str(tmp_path / "body")],
        capture_output=True,
        check=True,
    )
    return base64.b64encode(out.stdout).decode()


@pytest.mark.parametrize("form", ["private_pkcs1_pem", "private_pkcs8_pem"])
def test_sign_verifies_with_openssl(tmp_path: Path, keys: list[dict[str, Any]], form: str) -> None:
    for k in keys:
        sig = pikepay.sign(BODY, private_key=k[form])
        assert openssl_verify(tmp_path, BODY, sig, k["public_spki_pem"])
        # PKCS#1 v1.5 is deterministic: the same bytes as openssl.
        assert sig == openssl_sign(tmp_path, BODY, k["private_pkcs8_pem"])


def test_sign_accepts_bytes_and_str(key: dict[str, Any]) -> None:
    pem = key["private_pkcs8_pem"]
    assert pikepay.sign(BODY, pem) == pikepay.sign(BODY, pem.encode())
    assert pikepay.sign(BODY.decode(), pem) == pikepay.sign(bytearray(BODY), pem)


@pytest.mark.parametrize("form", ["public_spki_pem", "public_pkcs1_pem"])
def test_verify_accepts_openssl_signature(tmp_path: Path, key: dict[str, Any], form: str) -> None:
    sig = openssl_sign(tmp_path, BODY, key["private_pkcs1_pem"])
    assert pikepay.verify(BODY, sig, public_key=key[form]) is None


def test_verify_rejects_tampered_body(key: dict[str, Any]) -> None:
    sig = pikepay.sign(BODY, key["private_pkcs8_pem"])
    with pytest.raises(pikepay.SignatureVerificationError) as info:
        pikepay.verify(BODY.replace(b"1000", b"9000"), sig, public_key=key["public_spki_pem"])
    err = info.value
    assert isinstance(err, pikepay.PikepayError)
    assert err.code == "signature_verification_error"
    assert err.retryable is False
    assert err.http_status is None


def test_verify_rejects_non_base64_signature(key: dict[str, Any]) -> None:
    with pytest.raises(pikepay.SignatureVerificationError):
        pikepay.verify(BODY, "%%% not base64 %%%", public_key=key["public_spki_pem"])


def test_verify_rejects_other_key(keys: list[dict[str, Any]]) -> None:
    sig = pikepay.sign(BODY, keys[0]["private_pkcs8_pem"])
    with pytest.raises(pikepay.SignatureVerificationError):
        pikepay.verify(BODY, sig, public_key=keys[1]["public_spki_pem"])


@pytest.mark.parametrize("case", load_vector("keys.json")["bad_keys"], ids=lambda c: str(c["name"]))
def test_bad_keys_are_refused(case: dict[str, Any], key: dict[str, Any]) -> None:
    with pytest.raises(pikepay.PikepayError) as info:
        if case["use"] == "private":
            pikepay.sign(BODY, private_key=case["pem"])
        else:
            sig = pikepay.sign(BODY, key["private_pkcs8_pem"])
            pikepay.verify(BODY, sig, public_key=case["pem"])
    assert info.value.code == case["error"]
    assert case["mentions"] in str(info.value)
    assert type(info.value).__name__ == "InvalidKeyError"
    # The key material never shows up in the message.
    assert case["pem"] not in str(info.value)


def test_wrong_argument_type_is_a_type_error(key: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="body"):
        pikepay.sign(12345, private_key=key["private_pkcs8_pem"])  # type: ignore[arg-type]


def test_clear_key_cache_forgets_parsed_keys_and_signing_goes_on(key: dict[str, Any]) -> None:
    first = pikepay.sign(BODY, key["private_pkcs8_pem"])
    pikepay.clear_key_cache()
    assert pikepay.sign(BODY, key["private_pkcs8_pem"]) == first
    pikepay.verify(BODY, first, key["public_spki_pem"])
