"""Signing from Python matches the openssl CLI."""

import base64
import json
import subprocess
from pathlib import Path

import pikepay

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def test_sign_verifies_with_openssl(tmp_path: Path) -> None:
    key = json.loads((VECTORS / "keys.json").read_text())["keys"][0]
    body = b'{"amount_details":{"amount":1000,"currency":"rub"}}'
    sig = pikepay.sign(body, key["private_pkcs1_pem"].encode())
    (tmp_path / "body").write_bytes(body)
    (tmp_path / "sig").write_bytes(base64.b64decode(sig))
    (tmp_path / "pub.pem").write_text(key["public_spki_pem"])
    out = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            str(tmp_path / "pub.pem"),
            "-signature",
            str(tmp_path / "sig"),
            str(tmp_path / "body"),
        ],
        capture_output=True,
        check=False,
    )
    assert out.returncode == 0, out
