"""Payouts from Celery workers: one payout per order, however often a task runs.

The idempotency key is derived from the order id, so a task that is retried (after a
timeout, a lost answer or a worker crash) sends the same key and Pike makes the payout
once. The client is made once per worker process, after the prefork pool forked it.

    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 PIKEPAY_PROJECT=shop \\
    PIKEPAY_PRIVATE_KEY_PATH=shop.pem PIKEPAY_BASE_URL=http://127.0.0.1:8080 \\
    celery -A celery_payouts worker --pool prefork

    pay_out.delay("order-1001", 15_000, "4242424242424242")
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from celery import Celery  # type: ignore[import-untyped]

import pikepay

broker = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
app = Celery("celery_payouts", broker=broker, backend=broker)
app.conf.update(task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1)

#: Failures after which sending the same payout again is safe and may succeed: the key
#: makes a resend harmless even when the first one was processed.
RETRYABLE = (pikepay.OutcomeUnknownError, pikepay.NetworkError, pikepay.ServerError)


@cache
def client() -> pikepay.Client:
    """This worker process's client (made on first use, so after the fork)."""
    return pikepay.Client(
        project=os.environ["PIKEPAY_PROJECT"],
        private_key=Path(os.environ["PIKEPAY_PRIVATE_KEY_PATH"]).read_bytes(),
        base_url=os.environ.get("PIKEPAY_BASE_URL", pikepay.DEMO_URL),
        # Celery retries the task; each task run makes one attempt.
        max_retries=0,
    )


def payout_key(order_id: str, step: str) -> str:
    """The idempotency key of a step of the order's payout: the same on every run."""
    return f"{step}-{order_id}"


@app.task(  # type: ignore[untyped-decorator]
    bind=True,
    autoretry_for=RETRYABLE,
    retry_backoff=0.2,
    retry_backoff_max=5,
    retry_jitter=True,
    max_retries=5,
)
def pay_out(self: Any, order_id: str, amount: int, card_number: str) -> dict[str, Any]:
    """Pays ``amount`` (minor units, rub) out to a card for ``order_id``, exactly once:
    starts the payout, then confirms it when Pike is ready."""
    pike = client()
    started = pike.sessions.init_payout(
        payout_details={
            "type": "card",
            "card": {"type": "bank_card", "bank_card": {"number": card_number}},
        },
        amount_details={"amount": amount, "currency": "rub"},
        metadata={"order_id": order_id},
        idempotency_key=payout_key(order_id, "payout"),
    )
    session_id = started.session.id
    if pike.sessions.wait(session_id, until="next_action").session.get("next_action") == "confirm":
        pike.sessions.confirm(
            session_id=session_id, idempotency_key=payout_key(order_id, "confirm")
        )
    final = pike.sessions.wait(session_id)
    return {
        "order_id": order_id,
        "session_id": session_id,
        "status": final.session.status,
        "idempotency_key": started.idempotency_key,
        "attempts": self.request.retries + 1,
    }
