"""FastAPI: a dependency that gives your endpoint a verified :class:`pikepay.Event`.

::

    from pikepay.contrib.fastapi import VerifiedEvent

    pike_event = VerifiedEvent(pikepay.Webhook(public_key=PIKE_PUBLIC_KEY))

    @app.post("/pike/webhook")
    async def pike_webhook(event: Annotated[pikepay.Event, Depends(pike_event)]) -> None:
        ...

It reads the raw body (``await request.body()``), verifies the signature and raises
``HTTPException(400)`` when verification fails; your endpoint answers 200.
"""

from __future__ import annotations

import logging

from fastapi import HTTPException, Request

from pikepay._native import PikepayError
from pikepay._object import Event
from pikepay._webhook import SIGNATURE_HEADER, Webhook

log = logging.getLogger("pikepay.webhook")


class VerifiedEvent:
    """A FastAPI dependency: the request's webhook, verified with ``webhook``."""

    def __init__(self, webhook: Webhook) -> None:
        self.webhook = webhook

    async def __call__(self, request: Request) -> Event:
        raw_body = await request.body()
        try:
            return self.webhook.construct_event(raw_body, request.headers.get(SIGNATURE_HEADER))
        except PikepayError as e:
            log.warning("rejected a webhook: %s", e)
            raise HTTPException(status_code=400, detail="invalid webhook") from None
