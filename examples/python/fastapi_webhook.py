"""A FastAPI endpoint that receives Pike webhooks: verify the raw body, answer 200 or 400.

Run it with ``PIKE_WEBHOOK_PUBLIC_KEY="$(cat pike.pem)" uvicorn fastapi_webhook:app``.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache

from fastapi import FastAPI, Request, Response

import pikepay

log = logging.getLogger("shop.pike")
app = FastAPI()


@lru_cache(maxsize=1)
def webhook() -> pikepay.Webhook:
    """The verifier, with Pike's public key from the environment."""
    return pikepay.Webhook(public_key=os.environ["PIKE_WEBHOOK_PUBLIC_KEY"])


def handle_event(event: pikepay.Event) -> None:
    """Your business logic: here, only a log line per webhook."""
    session = event.session
    log.info("Pike webhook %s for session %s (%s)", event.type, session.id, session.status)


@app.post("/pike/webhook")
async def pike_webhook(request: Request) -> Response:
    """Verifies the signature over ``await request.body()`` (the exact bytes) first."""
    raw_body = await request.body()
    try:
        event = webhook().construct_event(raw_body, request.headers.get(pikepay.SIGNATURE_HEADER))
    except pikepay.PikepayError as e:
        log.warning("rejected a webhook: %s", e)
        return Response(status_code=400)
    handle_event(event)
    return Response(status_code=200)
