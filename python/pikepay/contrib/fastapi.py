"""FastAPI: a dependency that gives your endpoint a verified :class:`pikepay.Event`.

::

    from pikepay.contrib.fastapi import VerifiedEvent

    pike_event = VerifiedEvent(pikepay.Webhook(public_key=PIKE_PUBLIC_KEY))

    @app.post("/pike/webhook")
    async def pike_webhook(event: Annotated[pikepay.Event, Depends(pike_event)]) -> None:
        ...

It reads the raw body, verifies the signature and raises ``HTTPException(400)`` when
verification fails; your endpoint answers 200. A body larger than ``max_body_size``
bytes (1 MiB unless you say otherwise; Pike's webhooks are a few KiB) is refused with
``HTTPException(413)`` as soon as its ``Content-Length`` or the bytes read so far show it,
without reading the rest.
"""

from __future__ import annotations

import logging

from fastapi import HTTPException, Request

from pikepay._native import PikepayError
from pikepay._webhook import SIGNATURE_HEADER, Webhook
from pikepay.models import Event

log: logging.Logger = logging.getLogger("pikepay.webhook")


#: The largest webhook body :class:`VerifiedEvent` reads unless told otherwise, in bytes.
DEFAULT_MAX_BODY_SIZE = 1024 * 1024


def _too_large() -> HTTPException:
    return HTTPException(status_code=413, detail="webhook body too large")


class VerifiedEvent:
    """A FastAPI dependency: the request's webhook, verified with ``webhook``; bodies over
    ``max_body_size`` bytes are refused with 413."""

    def __init__(self, webhook: Webhook, *, max_body_size: int = DEFAULT_MAX_BODY_SIZE) -> None:
        self.webhook = webhook
        self.max_body_size = max_body_size

    async def _read(self, request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_size:
            raise _too_large()
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body_size:
                raise _too_large()
            chunks.append(chunk)
        return b"".join(chunks)

    async def __call__(self, request: Request) -> Event:
        raw_body = await self._read(request)
        try:
            return self.webhook.construct_event(raw_body, request.headers.get(SIGNATURE_HEADER))
        except PikepayError as e:
            log.warning("rejected a webhook: %s", e)
            raise HTTPException(status_code=400, detail="invalid webhook") from None
