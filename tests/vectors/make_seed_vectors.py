"""Writes seeds.json and webhooks.json from Pike's documents in shared/seeds/.

seeds.json: every JSON example of the documents (requests, responses, webhooks; API v1
and v2), each with its endpoint, kind, API version and source line; the few examples that
are not valid JSON as printed are repaired minimally and say what was changed.

webhooks.json: webhook bodies built from every webhook example of the documents, signed
by the openssl CLI with keys.json's rsa2048 key, each with the expected outcome.

Run: python3 tests/vectors/make_seed_vectors.py [path/to/shared/seeds]
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = {
    "000_1c868ec43e689194.txt": "https://developer.pikepayments.com/en/reference/methods",
    "001_cd217102a01aba66.txt": "https://developer.pikepayments.com/en/payouts/payout-tokenized-card",
    "002_fd8399a04af5618d.txt": "https://developer.pikepayments.com/en/reference/format",
    "003_493c01b7fa558e85.txt": "https://developer.pikepayments.com/en/payouts/payouts-intro",
    "004_3acb83ba6e213d26.txt": "https://developer.pikepayments.com/en/payments/payment-refund",
}
# Guide pages post payout bodies to the bare `session/start`; the reference method is this one.
PATH_ALIASES = {"session/start": "session/start/payout"}
# A caption such as "Request example", "Successful response examples" or "Webhook example".
LABEL = re.compile(r"^(?=[A-Z])[^|:]{0,90}\b[Ee]xamples?\b[^|:]{0,90}$")
ENDPOINT_LINE = re.compile(r"^/api/v(\d)/(\S+)$")
CURL_URL = re.compile(r"^https://proxy-demo\.pikepayments\.com/api/v(\d)/(\S+?) *\\?$")
WEBHOOK_URL = re.compile(r"^https: ?//partner\.ru")
V1_NAMES = ("payment_method", "payments", "acquiring_payments")
V2_NAMES = ("payout_details", "payout_list", "payment_list")
KEY_NAME = "rsa2048"
SIGN_COMMAND = "openssl dgst -sha256 -sign rsa2048_private_pkcs8.pem body.bin | openssl base64 -A"


def repair(text: str) -> tuple[object, str | None]:
    """Parses an example; if it is not valid JSON, applies the one known fix it needs."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError:
        pass
    fixes = [
        (
            re.compile(r"\n// request body\n"),
            "\n",
            "the placeholder line `// request body` was removed, leaving an empty object",
        ),
        (
            re.compile(r",\n}"),
            "\n}",
            "the trailing comma after the last field of `session` was removed",
        ),
        (
            re.compile(r"},\.\.\.\]"),
            "}]",
            "the `,...` standing for more banks was removed",
        ),
    ]
    for pattern, replacement, what in fixes:
        fixed = pattern.sub(replacement, text)
        if fixed != text:
            return json.loads(fixed), what
    raise ValueError(f"cannot repair example:\n{text}")


def names_version(value: object) -> int | None:
    """1 or 2 when the body uses only that version's names, None when it uses neither."""
    text = json.dumps(value)
    v1 = any(f'"{n}"' in text for n in V1_NAMES)
    v2 = any(f'"{n}"' in text for n in V2_NAMES)
    if v1 and v2:
        raise ValueError("example mixes v1 and v2 names")
    return 1 if v1 else 2 if v2 else None


def json_block(lines: list[str], start: int) -> tuple[str, int]:
    """The bare JSON block starting at `lines[start] == "{"`, by brace depth outside strings."""
    depth, in_str, escaped = 0, False, False
    for i in range(start, len(lines)):
        for c in lines[i]:
            if in_str:
                escaped = c == "\\" and not escaped
                if c == '"' and not escaped:
                    in_str = False
            elif c == '"':
                in_str = True
            elif c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
        if depth == 0:
            return "\n".join(lines[start : i + 1]), i
    raise ValueError(f"unclosed JSON block at line {start + 1}")


def curl_body(lines: list[str], start: int) -> tuple[str, int]:
    """The body of `-d '...'` starting at `lines[start]`, up to the closing quote."""
    first = lines[start][len("-d '") :]
    if first.endswith("'"):
        return first[:-1], start
    out = [first]
    for i in range(start + 1, len(lines)):
        if lines[i].endswith("'"):
            out.append(lines[i][:-1])
            return "\n".join(out), i
        out.append(lines[i])
    raise ValueError(f"unclosed -d body at line {start + 1}")


def extract(doc: Path) -> list[dict]:
    lines = doc.read_text(encoding="utf-8").split("\n")
    cases: list[dict] = []
    version, path, label, to_webhook = None, None, None, False
    i = 0
    while i < len(lines):
        line = lines[i]
        if m := ENDPOINT_LINE.match(line):
            version, path = int(m.group(1)), m.group(2)
        elif m := CURL_URL.match(line):
            version, path, to_webhook = int(m.group(1)), m.group(2), False
        elif WEBHOOK_URL.match(line):
            to_webhook = True
        elif LABEL.match(line.strip()):
            label = line.strip()
        elif line.startswith("-d '") or line == "{":
            start = i
            if line == "{":
                text, i = json_block(lines, i)
                kind = "response"
            else:
                text, i = curl_body(lines, i)
                kind = "webhook" if to_webhook else "request"
            body, repaired = repair(text)
            cases.append(make_case(doc, start, kind, version, path, label, text, body, repaired))
        i += 1
    return cases


def make_case(doc, start, kind, version, path, label, text, body, repaired) -> dict:
    named = names_version(body)
    case: dict = {"id": f"{doc.name[:3]}:{start + 1}", "description": ""}
    if kind == "webhook":
        case.update(endpoint=None, kind=kind, api_version=named, webhook_type=body["type"])
        what = f"{body['type']} webhook (API v{named} names)"
    else:
        if named is not None and named != version:
            raise ValueError(f"{doc.name}:{start + 1} documented as v{version} uses v{named} names")
        endpoint = PATH_ALIASES.get(path, path)
        case.update(endpoint=endpoint, kind=kind, api_version=version)
        if endpoint != path:
            case["documented_path"] = f"/api/v{version}/{path}"
        outcome = "error" if isinstance(body, dict) and body.get("status") == "error" else "ok"
        if kind == "response":
            case["outcome"] = outcome
        else:
            case["passes_validation"] = True
        what = f"{endpoint} (API v{version}) {kind}" + (
            " with an error" if kind == "response" and outcome == "error" else ""
        )
    case["description"] = f"{what}; '{label}' in the document"
    case["source"] = {"document": doc.name, "url": DOCS[doc.name], "line": start + 1}
    if repaired:
        case["repaired"] = repaired
        case["original_text"] = text
    case["body"] = body
    case["_text"] = text
    return case


def canonical_session(session: object) -> object:
    """The session with v2 names, as pikepay's wire::session_to_canonical makes it: only
    known positions are renamed, and only where they hold what they should."""
    if not isinstance(session, dict):
        return session
    out = {}
    for k, v in session.items():
        if k == "payments" and "payout_list" not in session:
            out["payout_list"] = (
                [
                    {
                        ("payout_details" if ik == "payment_method" else ik): iv
                        for ik, iv in item.items()
                    }
                    if isinstance(item, dict) and "payout_details" not in item
                    else item
                    for item in v
                ]
                if isinstance(v, list)
                else v
            )
        elif k == "acquiring_payments" and "payment_list" not in session:
            out["payment_list"] = v
        else:
            out[k] = v
    return out


def to_v2(body: dict) -> dict:
    if "session" not in body:
        return dict(body)
    return {**body, "session": canonical_session(body["session"])}


class Signer:
    def __init__(self, keys: dict) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.pems = {}
        for key in keys["keys"]:
            pem = Path(self.dir.name) / f"{key['name']}.pem"
            pem.write_text(key["private_pkcs8_pem"])
            self.pems[key["name"]] = pem

    def sign(self, body: str, key: str = KEY_NAME) -> str:
        raw = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", str(self.pems[key])],
            input=body.encode("utf-8"),
            capture_output=True,
            check=True,
        ).stdout
        return subprocess.run(
            ["openssl", "base64", "-A"], input=raw, capture_output=True, check=True
        ).stdout.decode()


def webhook_cases(seed_webhooks: list[dict], signer: Signer) -> list[dict]:
    cases: list[dict] = []

    def add(name, description, body, signature, expected, command=SIGN_COMMAND, **more):
        cases.append(
            {
                "name": name,
                "description": description,
                "public_key": KEY_NAME,
                "body": body,
                "body_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
                "signature": signature,
                "command": command,
                **more,
                "expected": expected,
            }
        )

    def ok(body_value: dict) -> dict:
        event = to_v2(body_value)
        session = event.get("session")
        kind = event.get("type")
        return {
            "outcome": "ok",
            "event_type": kind if isinstance(kind, str) else None,
            "session_id": session.get("id") if isinstance(session, dict) else None,
            "event": event,
        }

    def fails(code: str) -> dict:
        return {"outcome": "error", "error_code": code}

    sig_error = fails("signature_verification_error")
    for seed in seed_webhooks:
        text, value, t = seed["original_text"], seed["body"], seed["body"]["type"]
        src = {"derived_from": seed["id"]}
        sig = signer.sign(text)
        add(
            f"{t}_v1_as_documented",
            f"the {t} webhook of {seed['id']} byte for byte (API v1 names)",
            text,
            sig,
            ok(value),
            **src,
        )
        v2 = json.dumps(to_v2(value), ensure_ascii=False, separators=(",", ":"))
        add(
            f"{t}_v2",
            f"the {t} webhook of {seed['id']} with API v2 names, compact",
            v2,
            signer.sign(v2),
            ok(value),
            **src,
        )
        tampered = text.replace('"ps_3230"', '"ps_3231"', 1)
        add(
            f"{t}_tampered",
            "one byte of the session id changed after signing",
            tampered,
            sig,
            sig_error,
            command="signature of the unchanged body",
            **src,
        )
        compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        add(
            f"{t}_reserialized",
            "the same JSON value re-serialized compactly, with the signature of the "
            "documented bytes",
            compact,
            sig,
            sig_error,
            command="signature of the documented body",
            **src,
        )
        spaced = text.replace("\n", "\n  ").replace('": ', '":  ')
        add(
            f"{t}_whitespace_changed",
            "indentation and spaces added after signing: same JSON value, other bytes",
            spaced,
            sig,
            sig_error,
            command="signature of the documented body",
            **src,
        )
        add(
            f"{t}_trailing_newline",
            "a newline appended after signing",
            text + "\n",
            sig,
            sig_error,
            command="signature of the documented body",
            **src,
        )
        add(
            f"{t}_wrong_key",
            "signed with rsa4096, verified with rsa2048's public key",
            text,
            signer.sign(text, "rsa4096"),
            sig_error,
            command=SIGN_COMMAND.replace(KEY_NAME, "rsa4096"),
            **src,
        )

    base = next(s for s in seed_webhooks if s["body"]["type"] == "ready_to_confirm")
    src = {"derived_from": base["id"]}

    def variant(name: str, description: str, change, expected=None) -> None:
        value = copy.deepcopy(base["body"])
        change(value)
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        add(name, description, body, signer.sign(body), expected or ok(value), **src)

    def finished(v):
        v["type"] = "payment_finished"
        v["session"].update(status="accepted")
        v["session"].pop("next_action")
        v["session"]["payments"][0].update(
            status="succeeded", finished_at="2024-05-27T02:05:00.000000Z"
        )

    variant(
        "payment_finished_derived",
        "payment_finished: the payout succeeded (built from the ready_to_confirm example)",
        finished,
    )

    def capture(v):
        v["type"] = "ready_to_capture"
        v["session"]["next_action"] = "capture"

    variant("ready_to_capture_derived", "ready_to_capture with next_action capture", capture)

    def action(v):
        v["type"] = "action_required"
        v["session"].pop("next_action")
        v["session"]["payments"][0]["customer_interaction"] = {
            "type": "redirect",
            "redirect": {
                "url": "https://bank.example/3ds?foo=bar",
                "base_url": "https://bank.example/3ds",
                "method": "POST",
                "qs": {"foo": "bar"},
                "params": {"PaReq": "eJxVUc1u", "MD": "42"},
            },
        }

    variant(
        "action_required_derived", "action_required with a customer_interaction redirect", action
    )
    variant(
        "unknown_type",
        "a webhook type this version does not know is kept as its string",
        lambda v: v.update(type="payment_disputed"),
    )

    def canceled(v):
        v["type"] = "payment_finished"
        v["session"].update(status="canceled")
        v["session"].pop("next_action")
        v["session"]["payments"][0]["status"] = "failed"

    variant(
        "canceled_spelling",
        "session status spelled 'canceled' (Pike also writes 'cancelled')",
        canceled,
    )
    variant(
        "unknown_fields",
        "unknown fields in the session and the item are kept",
        lambda v: (
            v["session"].update(risk_level="low"),
            v["session"]["payments"][0].update(card_id="c_77", new_block={"a": [1, 2]}),
        ),
    )

    def nulls(v):
        v["session"]["finished_at"] = None
        v["session"]["payments"][0]["metadata"] = None

    variant(
        "null_fields",
        "fields sent as null are kept as null in the event (the typed view reads them as "
        "absent)",
        nulls,
    )
    # A verified webhook is never refused for its shape: each of these is read, and the
    # received JSON is the event.
    variant("no_type", "no 'type' field", lambda v: v.pop("type"))
    variant("type_not_string", "'type' is a number", lambda v: v.update(type=5))
    variant("no_session", "no 'session' field", lambda v: v.pop("session"))
    variant("session_not_object", "'session' is a string", lambda v: v.update(session="ps_3230"))
    variant("session_without_id", "the session has no 'id'", lambda v: v["session"].pop("id"))

    for name, description, body in [
        (
            "malformed_json",
            "a body cut in the middle, correctly signed",
            '{"type":"payment_finished","session":{"id":"ps_3230"',
        ),
        ("not_an_object", "a JSON array, correctly signed", "[]"),
        ("a_string", "a JSON string, correctly signed", '"ready_to_confirm"'),
        ("empty_body", "an empty body, correctly signed", ""),
    ]:
        add(name, description, body, signer.sign(body), fails("decode_error"))
    body = cases[0]["body"]
    add(
        "signature_not_base64",
        "the signature header is not base64",
        body,
        "not base64!",
        sig_error,
        command="none",
    )
    add("signature_empty", "the signature header is empty", body, "", sig_error, command="none")
    return cases


def main() -> None:
    seeds_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "shared" / "seeds"
    cases = [c for doc in sorted(DOCS) for c in extract(seeds_dir / doc)]
    seed_webhooks = []
    for c in cases:
        text = c.pop("_text")
        if c["kind"] == "webhook":
            seed_webhooks.append({**c, "original_text": text})
    seeds = {
        "description": (
            "Every JSON example in Pike's documents (shared/seeds/), in document order. "
            "kind: request | response | webhook; endpoint: the method path (null for "
            "webhooks); api_version: the version the example is documented under (webhooks: "
            "by the names they use); outcome (responses): ok | error, from the body's "
            "status; source: document, page URL and the line where the example starts; "
            "passes_validation (requests): client-side validation accepts the body renamed to "
            "v2 names; "
            "documented_path: set when the document posts to another path than the "
            "reference method; repaired + original_text: set when the printed text is not "
            "valid JSON and was minimally fixed. Every body must parse into its model and "
            "serialize back equal (after renaming to v2 names)."
        ),
        "cases": cases,
    }
    (HERE / "seeds.json").write_text(
        json.dumps(seeds, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )

    keys = json.loads((HERE / "keys.json").read_text())
    signer = Signer(keys)
    webhooks = {
        "description": (
            "Webhook deliveries built from every webhook example in shared/seeds/. body is "
            "the exact raw body (UTF-8 text of the string; SHA-256 in body_sha256), "
            "signature the X-PARTNER-SIGN header, made by `command` with keys.json's key; "
            "verify with public_key (a key name in keys.json). expected.outcome ok: "
            "construct_event succeeds with event_type and session_id (null when absent or "
            "not a string) and event (the whole event serialized: the received JSON with "
            "canonical v2 names, unknown fields and nulls kept; compare as JSON values). "
            "expected.outcome error: it fails with error_code; only a bad or missing "
            "signature, or a body that is not a JSON object, fails. derived_from names the "
            "seeds.json case."
        ),
        "cases": webhook_cases(seed_webhooks, signer),
    }
    (HERE / "webhooks.json").write_text(
        json.dumps(webhooks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"seeds.json: {len(cases)} examples; webhooks.json: {len(webhooks['cases'])} cases")


if __name__ == "__main__":
    main()
