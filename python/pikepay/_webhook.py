"""Webhook verification from the raw request body."""

from __future__ import annotations

from pikepay import _native
from pikepay.models import Event

#: The header Pike puts the webhook signature in (the core's name for it).
SIGNATURE_HEADER: str = _native.SIGNATURE_HEADER


class Webhook:
    """Verifies webhooks with Pike's public key, then parses them.

    ``Webhook(public_key=pem).construct_event(raw_body, signature)`` returns an
    :class:`Event`, or raises ``SignatureVerificationError`` (answer 400) when the
    signature is missing or does not match the exact bytes, and ``DecodeError`` only
    when a signed body is not a JSON object. A verified webhook is never refused for its
    shape: the event is the received JSON, whole, and fields of unexpected types read
    as their raw values.
    """

    __slots__ = ("_native",)

    def __init__(self, public_key: str | bytes) -> None:
        self._native = _native.Webhook(public_key)

    def construct_event(self, raw_body: bytes | str, signature: str | None) -> Event:
        """Verifies ``signature`` (the ``X-PARTNER-SIGN`` header) over ``raw_body``,
        exactly as received, and returns the event."""
        return Event(self._native.construct_event(raw_body, signature))

    @staticmethod
    def dedupe_key(raw_body: bytes | str) -> str:
        """A stable key for one delivery (``whk_`` + SHA-256 of the raw body).

        Pike signs only the body, so a delivery sent again verifies again. Record this
        key, in the same transaction as what the webhook makes you do, with a unique
        constraint, and answer 200 without acting when it is already there.
        """
        return _native.webhook_dedupe_key(raw_body)

    def __repr__(self) -> str:
        return "Webhook(public_key=...)"
