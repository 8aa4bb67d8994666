#!/usr/bin/env python3
"""Builds the fuzz targets' seed inputs from tests/vectors/ into fuzz/seeds/<target>/.

Each file is one input in the format its target reads (see the doc comment at the top of
each fuzz_targets/*.rs). The seeds are made anew on every run and not committed.
"""

import base64
import hashlib
import json
import pathlib
import re
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
OUT = ROOT / "fuzz" / "seeds"


def load(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def endpoint_paths():
    """Endpoint paths in the order of `Endpoint::ALL` (core/src/endpoint.rs)."""
    source = (ROOT / "core" / "src" / "endpoint.rs").read_text(encoding="utf-8")
    paths = re.findall(r'^\s+\w+ => \("([^"]+)",', source, re.MULTILINE)
    if len(paths) < 10:
        sys.exit("make_seeds: could not read the endpoint table from core/src/endpoint.rs")
    return paths


def body_bytes(body):
    return body.encode() if isinstance(body, str) else json.dumps(body).encode()


def pem_der(pem):
    lines = [line for line in pem.strip().splitlines() if not line.startswith("-----")]
    return base64.b64decode("".join(lines))


def main():
    paths = endpoint_paths()
    index = {path: i for i, path in enumerate(paths)}
    seeds = {name: [] for name in ("webhook", "keys", "answer", "validate")}

    keys = load("keys.json")
    labels = {  # the label order of fuzz_targets/keys.rs
        "private_pkcs8_pem": 0,
        "private_pkcs1_pem": 1,
        "public_spki_pem": 2,
        "public_pkcs1_pem": 3,
    }
    for key in keys["keys"]:
        for field, label in labels.items():
            seeds["keys"].append(b"\x00" + key[field].encode())
            seeds["keys"].append(b"\x00" + pem_der(key[field]))
            seeds["keys"].append(b"\x80" + bytes([label]) + pem_der(key[field]))
    for bad in keys["bad_keys"]:
        seeds["keys"].append(b"\x00" + bad["pem"].encode())

    for case in load("webhooks.json")["cases"]:
        body = body_bytes(case["body"])
        seeds["webhook"].append(b"\x00" + body)
        seeds["webhook"].append(b"\x01" + case["signature"].encode() + b"\n" + body)

    for case in load("seeds.json")["cases"]:
        body = body_bytes(case["body"])
        at = bytes([index.get(case["endpoint"] or "", 0)])
        if case["kind"] == "webhook":
            seeds["webhook"].append(b"\x00" + body)
        elif case["kind"] == "response":
            seeds["answer"].append((200 - 100).to_bytes(2, "big") + at + body)
        else:
            seeds["validate"].append(at + body)

    for case in load("errors.json")["cases"]:
        status = (int(case["http_status"]) - 100) % 500
        seeds["answer"].append(status.to_bytes(2, "big") + b"\x00" + body_bytes(case["body"]))

    status_at = bytes([index["session/status"]])
    for case in load("wire.json")["cases"]:
        for value in [case["input"], *case["expected"].values()]:
            seeds["answer"].append((200 - 100).to_bytes(2, "big") + status_at + body_bytes(value))

    for case in load("validation.json")["cases"]:
        seeds["validate"].append(bytes([index[case["endpoint"]]]) + body_bytes(case["body"]))

    for target, inputs in seeds.items():
        folder = OUT / target
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for data in inputs:
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
        print(f"make_seeds: {target}: {len(set(inputs))} seeds")


if __name__ == "__main__":
    main()
