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
import math
import re
from decimal import Decimal
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

# Numbers as their exact JSON text, put at number fields and unknown fields alike: every
# one must reach the user exactly (see "number" in the cases).
NUMBERS = [
    "18446744073709551616",
    "-18446744073709551617",
    "340282366920938463463374607431768211457",
    "123456789012345678901234567890",
    "9007199254740993",
    "-0",
    "1.0",
    "-0.0",
    "100.50",
    "1.5e-7",
    "1e300",
    "1e400",
    "-1E400",
    "1e-400",
    "0.123456789012345678901234567890",
    "1234567890.12345678901234567890",
]
NUMBER_PATHS = [
    (PAYMENT, ("session", "payment_list", 0, "amount_details", "amount"), True),
    (PAYMENT, ("session", "payment_list", 0, "refunds", 0, "amount_details", "amount"), True),
    (PAYOUT, ("session", "payout_list", 0, "amount_details", "amount"), True),
    (PAYMENT, ("session", "payment_list", 0, "amount_details", "fee_exact"), False),
    (PAYMENT, ("session", "payment_list", 0, "metadata", "order"), False),
    (PAYOUT, ("session", "settled_total"), False),
    (PAYMENT, ("sequence",), False),
]
INT64 = range(-(2**63), 2**63)
MAX_SAFE_INTEGER = 2**53 - 1


class Number:
    """A number written into a body as its exact text."""

    def __init__(self, text: str) -> None:
        self.text = text


def kept(text: str) -> str:
    """The text the SDK keeps: the digits as sent, an exponent written `e+N` or `e-N`."""
    return re.sub(r"[eE]([+-]?)", lambda m: "e" + (m.group(1) or "+"), text)


def number_kinds(text: str) -> dict:
    """The number's text, the text kept, and the native type each language reads it as:
    Python `int` for an integer of any size, `float` when a float holds the value
    exactly, `Decimal` otherwise; Node a number when a JS number holds it exactly
    (integers up to Number.MAX_SAFE_INTEGER), the kept text as a string otherwise."""
    out = {"number": text, "kept": kept(text)}
    if not any(c in text for c in ".eE"):
        node = "number" if abs(int(text)) <= MAX_SAFE_INTEGER else "string"
        return out | {"python": "int", "node": node}
    f = float(text)
    exact = math.isfinite(f) and Decimal(repr(f)) == Decimal(text)
    return out | {
        "python": "float" if exact else "decimal",
        "node": "number" if exact else "string",
    }


def dumps(body: dict) -> str:
    """Compact JSON, with each Number written as its text."""
    marks: dict[str, str] = {}

    def swap(value: object) -> object:
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, Number):
            key = f"\0number{len(marks)}"
            marks[key] = value.text
            return key
        return value

    text = json.dumps(swap(body), ensure_ascii=False, separators=(",", ":"))
    for key, number in marks.items():
        text = text.replace(json.dumps(key), number)
    return text


def value_at(body: object, path: tuple) -> object:
    """The value at `path`, or MISSING."""
    for step in path:
        try:
            body = body[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return MISSING
    return body


MISSING = object()
HUGE = [18446744073709551616, -18446744073709551616, 1e300]
ENUM_KEYS = {"type", "status", "next_action", "system_type"}


def other_values(value: object, key: str) -> list[object]:
    """Values of every other JSON type, plus the odd numbers and unknown enum values."""
    out: list[object] = [
        v for v in (None, True, 12345, "text", [], {}) if type(v) is not type(value)
    ]
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
        text = dumps(body)
        case = {
            "name": name,
            "description": description,
            "body": text,
            "body_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "signature": signer.sign(text),
            "path": dotted(path),
            "expect_drift": expect_drift,
        }
        value = value_at(body, path)
        if isinstance(value, Number):
            case |= number_kinds(value.text)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            case |= number_kinds(json.dumps(value))
        cases.append(case)

    s_pay = ("session", "payment_list", 0)
    s_out = ("session", "payout_list", 0)
    named = [
        ("recurrent_as_string", PAYMENT, s_pay + ("payment_options", "recurrent"), "true", True),
        (
            "full_name_as_number",
            PAYOUT,
            s_out + ("participant_details", "recipient", "full_name"),
            12345,
            True,
        ),
        (
            "redirect_params_php_empty_map",
            PAYMENT,
            s_pay + ("customer_interaction", "redirect", "params"),
            [],
            True,
        ),
        ("rrn_as_number", PAYMENT, s_pay + ("transaction_info", "rrn"), 123456789012, True),
        ("is_chargeback_as_string", PAYMENT, s_pay + ("refunds", 0, "is_chargeback"), "true", True),
        ("amount_as_string", PAYMENT, s_pay + ("amount_details", "amount"), "1000", True),
        ("amount_as_float", PAYMENT, s_pay + ("amount_details", "amount"), 1000.0, True),
        ("error_without_code", PAYOUT, s_out + ("error", "code"), MISSING, False),
        ("refund_without_status", PAYMENT, s_pay + ("refunds", 0, "status"), MISSING, False),
        (
            "interaction_without_type",
            PAYMENT,
            s_pay + ("customer_interaction", "type"),
            MISSING,
            False,
        ),
        ("recurrent_echo_without_token", PAYMENT, s_pay + ("recurrent", "token"), MISSING, False),
        ("item_id_as_number", PAYOUT, s_out + ("id",), 701, True),
        ("new_top_level_field", PAYMENT, ("delivered_at",), "2024-05-27T02:05:01Z", False),
        ("explicit_null", PAYMENT, ("session", "finished_at"), None, False),
    ]
    for name, base, path, new, drift in named:
        add(
            name,
            f"{dotted(path)} = {json.dumps(None if new is MISSING else new)}"
            f"{' (left out)' if new is MISSING else ''}",
            changed(base, path, new),
            path,
            drift,
        )

    for base, path, typed in NUMBER_PATHS:
        for text in NUMBERS:
            in_int64 = not any(c in text for c in ".eE") and int(text) in INT64
            add(
                f"number.{dotted(path)}={text}",
                f"{dotted(path)} = {text}, kept exactly as sent",
                changed(base, path, Number(text)),
                path,
                typed and not in_int64,
            )

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
