"""Test your webhook handlers without Pike or a sandbox.

Make a key pair to stand in for Pike's, give your handler its public half, and sign
events with the private half exactly as Pike does (the same body bytes, the same
``X-PARTNER-SIGN`` header):

>>> import pikepay
>>> from pikepay.testing import generate_key_pair, sign_event
>>> pike = generate_key_pair()
>>> delivery = sign_event("ready_to_confirm", {"id": "s-1"}, pike.private_key)
>>> webhook = pikepay.Webhook(public_key=pike.public_key)
>>> event = webhook.construct_event(delivery.body, delivery.signature)
>>> event.type, event.session.id
('ready_to_confirm', 's-1')

In a framework test, post ``delivery.body`` with ``delivery.headers`` to your endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from pikepay import _native
from pikepay._webhook import SIGNATURE_HEADER, Webhook

__all__ = ["KeyPair", "SignedEvent", "generate_key_pair", "sign_event"]


class KeyPair(NamedTuple):
    """An RSA key pair as PEM text; ``repr`` never shows the private key."""

    private_key: str
    """PKCS#8 PEM; sign test events with it."""
    public_key: str
    """SPKI PEM; give it to the ``Webhook`` under test."""

    def __repr__(self) -> str:
        return "KeyPair(private_key=<redacted>, public_key=...)"


class SignedEvent(NamedTuple):
    """A webhook as Pike delivers it."""

    body: bytes
    """The exact body bytes to post."""
    signature: str
    """The ``X-PARTNER-SIGN`` value."""

    @property
    def headers(self) -> dict[str, str]:
        """The headers Pike sends with it."""
        return {"Content-Type": "application/json", SIGNATURE_HEADER: self.signature}

    @property
    def dedupe_key(self) -> str:
        """:meth:`pikepay.Webhook.dedupe_key` of this delivery."""
        return Webhook.dedupe_key(self.body)


def generate_key_pair() -> KeyPair:
    """A fresh 2048-bit RSA key pair, the kind Pike signs webhooks with."""
    private_key, public_key = _native.generate_key_pair()
    return KeyPair(private_key, public_key)


def sign_event(
    event_type: str,
    session: Mapping[str, Any],
    private_key: str | bytes,
    *,
    api_version: int = 2,
) -> SignedEvent:
    """The webhook Pike sends when ``event_type`` happens to ``session`` (given with API v2
    names; renamed for a project on ``api_version=1``), signed with ``private_key``."""
    body, signature = _native.sign_event(event_type, session, private_key, api_version)
    return SignedEvent(body, signature)
