"""Smoke test of the installed wheels, for any CPython 3.9+ and any Linux.

Starts the sandbox from the ``pikepay-sandbox`` wheel on a free port, registers a project
with a fresh key whose webhooks come to a receiver here, makes a signed payout call and
verifies the webhook it causes. Prints one line and exits 0 when all of that works.
"""

from __future__ import annotations

import http.server
import platform
import queue
import sys
import threading
from typing import Any

import pikepay
from pikepay_sandbox import Sandbox

received: queue.Queue[tuple[bytes, str | None]] = queue.Queue()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        received.put((body, self.headers.get(pikepay.SIGNATURE_HEADER)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with Sandbox() as sandbox:
            project = sandbox.new_project(
                webhook_url=f"http://127.0.0.1:{server.server_address[1]}/hook"
            )
            started = project.client.sessions.init_payout(
                payout_details={
                    "type": "card",
                    "card": {"type": "bank_card", "bank_card": {"number": "4242424242424242"}},
                },
                amount_details={"amount": 10_000, "currency": "rub"},
            )
            body, signature = received.get(timeout=30)
            event = project.webhook.construct_event(body, signature)
            assert event.session.id == started.session.id, (event.session.id, started)
            project.close()
    finally:
        server.shutdown()
    print(
        f"smoke ok: CPython {platform.python_version()}, pikepay {pikepay.__version__}, "
        f"signed call {started.session.status}, webhook {event.type} verified"
    )


if __name__ == "__main__":
    main()
    sys.exit(0)
