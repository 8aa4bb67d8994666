"""Writes drift.json: validly signed webhooks whose shape drifts from what Pike documents.

Two rich webhooks (a payment and a payout, API v2 names) are changed one field at a time:
every field of every object gets a value of each other JSON type (arrays for objects and
objects for arrays included), is left out, or, for numbers, gets a float, a string or a
number beyond 64 bits; status and type fields get a value nobody knows yet. Named cases
reproduce shapes seen in the wild. Each body is signed by the openssl CLI with keys.json's
rsa2048 key.

Every case must verify and parse, and the event must be the received JSON, whole.

Run: python3 tests/vectors/make_drift_vectors.py
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

from make_seed_vectors import KEY_NAME, SIGN_COMMAND, Signer

HERE = Path(__file__).resolve().parent

PAYMENT = {
    "type": "payment_finished",
    "session": {
        "id": "ps_700",
        "status": "accepted",
        "created_at": "2024-05-27T02:03:00.000000Z",
        "updated_at": "2024-05-27T02:04:00.000000Z",
        "finished_at": "2024-05-27T02:05:00.000000Z",
        "payment_list": [
            {
                "id": "pm_700",
                "status": "succeeded",
                "created_at": "2024-05-27T02:03:00.000000Z",
                "finished_at": "2024-05-27T02:05:00.000000Z",
                "customer": {"reference": "lucky", "contacts": [{"email": "a@b.ru"}]},
                "payment_details": {
                    "type": "card",
                    "card": {"brand": "visa", "last4": "4242", "bin": "424242"},
                },
                "amount_details": {"amount": 10000, "currency": "rub"},
                "payment_options": {"return_url": "https://shop.example/back", "recurrent": True},
                "recurrent": {"type": "recurrent_token", "token": "rt_1", "is_active": True},
                "participant_details": {"recipient": {"full_name": "Ivanov Ivan"}},
                "refunds": [
                    {
                        "id": "rf_1",
                        "status": "succeeded",
                        "amount_details": {"amount": 4000, "currency": "rub"},
                        "is_chargeback": False,
                        "transaction_info": {"rrn": "123456789012"},
                    }
                ],
                "customer_interaction": {
                    "type": "redirect",
                    "redirect": {
                        "url": "https://bank.example/3ds",
                        "method": "POST",
                        "qs": {"a": "b"},
                        "params": {"PaReq": "abc", "MD": "1"},
                    },
                },
                "transaction_info": {"rrn": "123456789012", "auth_code": "A1"},
                "metadata": {"order": 42},
            }
        ],
    },
}

PAYOUT = {
    "type": "ready_to_confirm",
    "session": {
        "id": "ps_701",
        "status": "in_progress",
        "next_action": "confirm",
        "payout_list": [
            {
                "id": "po_701",
                "status": "pending",
                "payout_details": {
                    "type": "bank_account",
                    "bank_account": {
                        "system_type": "faster_payment_system",
                        "faster_payment_system": {
                            "phone": "79261234567",
                            "bank_id": "100000000069",
                            "description": "salary",
                        },
                    },
                },
                "amount_details": {"amount": 15000, "currency": "rub"},
                "participant_details": {
                    "sender": {"company_name": "Shop"},
                    "recipient": {"full_name": "Ivanov Ivan"},
                },
                "error": {"code": "none", "description": "no error"},
            }
        ],
    },
}

MISSING = object()
HUGE = [18446744073709551616, -18446744073709551616, 1e300]
ENUM_KEYS = {"type", "status", "next_action", "system_type"}


def other_values(value: object, key: str) -> list[object]:
    """Values of every other JSON type, plus the odd numbers and unknown enum values."""
    out: list[object] = [v for v in (None, True, 12345, "text", [], {}) if type(v) is not type(value)]
    if isinstance(value, bool):
        out.remove(12345)
        out.append(0)
    if isinstance(value, int) and not isinstance(value, bool):
        out += [float(value), str(value), *HUGE]
    if isinstance(value, dict):
        out.append([value])
    if isinstance(value, list):
        out.append({"0": value[0]} if value else {"x": 1})
    if isinstance(value, str) and key in ENUM_KEYS:
        out.append("value_nobody_knows_yet")
    return out + [MISSING]


def paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every field path below the root, objects' keys and arrays' items alike."""
    out = []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return out
    for k, v in items:
        out.append(prefix + (k,))
        out += paths(v, prefix + (k,))
    return out


def changed(base: dict, path: tuple, new: object) -> dict:
    body = copy.deepcopy(base)
    parent = body
    for step in path[:-1]:
        parent = parent[step]
    if new is MISSING:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return body


def dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def main() -> None:
    signer = Signer(json.loads((HERE / "keys.json").read_text()))
    cases = []

    def add(name: str, description: str, body: dict, path: tuple, expect_drift: bool) -> None:
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        cases.append(
            {
                "name": name,
                "description": description,
                "body": text,
                "body_sha256": hashlib.sha256(text.encode()).hexdigest(),
                "signature": signer.sign(text),
                "path": dotted(path),
                "expect_drift": expect_drift,
            }
        )

    s_pay = ("session", "payment_list", 0)
    s_out = ("session", "payout_list", 0)
    named = [
        ("recurrent_as_string", PAYMENT, s_pay + ("payment_options", "recurrent"), "true", True),
        ("full_name_as_number", PAYOUT, s_out + ("participant_details", "recipient", "full_name"), 12345, True),
        ("redirect_params_php_empty_map", PAYMENT, s_pay + ("customer_interaction", "redirect", "params"), [], True),
        ("rrn_as_number", PAYMENT, s_pay + ("transaction_info", "rrn"), 123456789012, True),
        ("is_chargeback_as_string", PAYMENT, s_pay + ("refunds", 0, "is_chargeback"), "true", True),
        ("amount_as_string", PAYMENT, s_pay + ("amount_details", "amount"), "1000", True),
        ("amount_as_float", PAYMENT, s_pay + ("amount_details", "amount"), 1000.0, True),
        ("error_without_code", PAYOUT, s_out + ("error", "code"), MISSING, False),
        ("refund_without_status", PAYMENT, s_pay + ("refunds", 0, "status"), MISSING, False),
        ("interaction_without_type", PAYMENT, s_pay + ("customer_interaction", "type"), MISSING, False),
        ("recurrent_echo_without_token", PAYMENT, s_pay + ("recurrent", "token"), MISSING, False),
        ("item_id_as_number", PAYOUT, s_out + ("id",), 701, True),
        ("new_top_level_field", PAYMENT, ("delivered_at",), "2024-05-27T02:05:01Z", False),
        ("explicit_null", PAYMENT, ("session", "finished_at"), None, False),
    ]
    for name, base, path, new, drift in named:
        add(name, f"{dotted(path)} = {json.dumps(None if new is MISSING else new)}"
            f"{' (left out)' if new is MISSING else ''}", changed(base, path, new), path, drift)

    for label, base in (("payment", PAYMENT), ("payout", PAYOUT)):
        for path in paths(base):
            parent = base
            for step in path:
                parent = parent[step]
            old = parent
            for i, new in enumerate(other_values(old, str(path[-1]))):
                what = "left out" if new is MISSING else f"= {json.dumps(new)}"
                add(
                    f"{label}.{dotted(path)}#{i}",
                    f"{dotted(path)} {what}",
                    changed(base, path, new),
                    path,
                    False,
                )

    drift = {
        "description": (
            "Validly signed webhooks whose shape drifts from Pike's documents (made by "
            "make_drift_vectors.py, signed with keys.json's rsa2048 key as `command` shows; "
            "verify with its public key). Every case must verify and parse: the event (its "
            "serialized form) equals the body parsed as JSON, unknown fields, nulls and "
            "numbers included, and the value at `path` (dotted, array items by index) is "
            "the one in the body, or absent when the body leaves it out. expect_drift: the "
            "typed view reads the field at `path` as raw and reports that path; no other "
            "path is ever reported."
        ),
        "public_key": KEY_NAME,
        "command": SIGN_COMMAND,
        "cases": cases,
    }
    (HERE / "drift.json").write_text(json.dumps(drift, ensure_ascii=False, indent=1) + "\n")
    print(f"drift.json: {len(cases)} cases")


if __name__ == "__main__":
    main()
