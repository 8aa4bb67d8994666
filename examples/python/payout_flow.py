"""A payout, then a card payment with a partial refund, against a local pikepay-sandbox.

``python payout_flow.py [path/to/pikepay-sandbox]`` starts the sandbox, makes a merchant
key, registers a project whose webhooks come to a local receiver that verifies them, and
prints what happens.
"""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pikepay
from pikepay.params import BankCard

CARD = "4242424242424242"


def money(minor: int, currency: str) -> str:
    """Integer minor units as a readable amount, e.g. 15000 rub -> '150.00 rub'."""
    return f"{minor // 100}.{minor % 100:02d} {currency}"


def control(base_url: str, method: str, path: str, body: Any = None) -> Any:
    """Calls the sandbox's control API."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base_url + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


class Receiver(http.server.ThreadingHTTPServer):
    """Receives webhooks on 127.0.0.1, verifies each from its raw body, keeps the events."""

    request_queue_size = 128
    daemon_threads = True

    def __init__(self, webhook: pikepay.Webhook) -> None:
        self.webhook = webhook
        self.events: list[pikepay.Event] = []
        super().__init__(("127.0.0.1", 0), ReceiverHandler)


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    """Answers 200 to a webhook that verifies and 400 to anything else."""

    server: Receiver

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            event = self.server.webhook.construct_event(
                raw_body, self.headers.get(pikepay.SIGNATURE_HEADER)
            )
        except pikepay.PikepayError:
            self.send_response(400)
        else:
            self.server.events.append(event)
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def payout(client: pikepay.Client) -> None:
    """Sends 100.00 RUB to a card: init, wait for Pike, confirm, wait for the result."""
    started = client.sessions.init_payout(
        payout_details={
            "type": "card",
            "card": {"type": "bank_card", "bank_card": {"number": CARD}},
        },
        amount_details={"amount": 10_000, "currency": "rub"},
        participant_details={"recipient": {"full_name": "Ivanov Ivan"}},
    )
    sid = started.session.id
    print(f"payout  {sid}: {started.session.status}, key {started.idempotency_key}")
    ready = client.sessions.wait(sid, until="next_action")
    print(f"payout  {sid}: next action {ready.session.next_action}")
    client.sessions.confirm(session_id=sid)
    final = client.sessions.wait(sid)
    item = final.session.payout_list[0]
    print(f"payout  {sid}: {final.session.status}, item {item.id} {item.status}")


def payment_and_refund(client: pikepay.Client) -> None:
    """Takes 50.00 RUB from a card, then refunds 20.00 of it."""
    bank_card: BankCard = {
        "number": CARD,
        "expiration_month": "05",
        "expiration_year": "30",
        "security_code": "123",
    }
    started = client.sessions.init_payment(
        payment_details={"type": "card", "card": {"type": "bank_card", "bank_card": bank_card}},
        amount_details={"amount": 5_000, "currency": "rub"},
        customer={"reference": "customer-42"},
    )
    sid = started.session.id
    print(f"payment {sid}: {started.session.status}")
    waiting = client.sessions.wait(sid, until="next_action")
    if waiting.session.get("next_action") == "confirm":
        client.sessions.confirm(session_id=sid)
    final = client.sessions.wait(sid)
    print(f"payment {sid}: {final.session.status}, item {final.session.payment_list[0].status}")
    refunded = client.sessions.refund(
        session_id=sid, amount_details={"amount": 2_000, "currency": "rub"}
    )
    refund = refunded.session.payment_list[0].refunds[0]
    print(
        f"refund  {sid}: {refund.id} {refund.status}, {money(refund.amount_details.amount, 'rub')}"
    )
    # A refund starts in_progress; its result comes with payment_refunded, and the
    # session is final again once it has settled.
    settled = client.sessions.wait(sid)
    refund = settled.session.payment_list[0].refunds[0]
    print(f"refund  {sid}: {refund.id} {refund.status}")


def main(sandbox_bin: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        private, public = Path(folder) / "private.pem", Path(folder) / "public.pem"
        subprocess.run(
            [sandbox_bin, "keygen", "--private-out", str(private), "--public-out", str(public)],
            check=True,
            capture_output=True,
        )
        sandbox = subprocess.Popen(
            [sandbox_bin, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
        )
        try:
            assert sandbox.stdout is not None
            base_url = sandbox.stdout.readline().split()[-1]
            print(f"sandbox at {base_url}")
            with urllib.request.urlopen(base_url + "/_sandbox/public_key", timeout=10) as answer:
                pike_key = answer.read()
            receiver = Receiver(pikepay.Webhook(public_key=pike_key))
            threading.Thread(target=receiver.serve_forever, daemon=True).start()
            control(
                base_url,
                "POST",
                "/_sandbox/projects",
                {
                    "name": "shop",
                    "public_key_pem": public.read_text(),
                    "webhook_url": f"http://127.0.0.1:{receiver.server_address[1]}/pike",
                    "wallet_balance": {"amount": 1_000_000, "currency": "rub"},
                },
            )
            with pikepay.Client(
                project="shop", private_key=private.read_text(), base_url=base_url
            ) as client:
                payout(client)
                payment_and_refund(client)
                wallet = client.wallet.balance().wallets[0].amount_details
                print(f"wallet: {money(wallet.amount, wallet.currency)}")
            ledger = control(base_url, "GET", "/_sandbox/ledger?project=shop")["entries"]
            for e in ledger:
                print(f"ledger: {e['kind']} {money(e['amount'], e['currency'])} {e['status']}")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not all(
                d["delivered"]
                for d in control(base_url, "GET", "/_sandbox/deliveries?project=shop")["deliveries"]
            ):
                time.sleep(0.05)
            for event in receiver.events:
                print(f"webhook (verified): {event.type} {event.session.id}")
            receiver.shutdown()
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=10)


if __name__ == "__main__":
    default = "pikepay-sandbox"  # on PATH: pip install pikepay-sandbox
    main(sys.argv[1] if len(sys.argv) > 1 else default)
