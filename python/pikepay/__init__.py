"""pikepay: the Pike payments API for Python.

``Client`` (blocking) and ``AsyncClient`` (asyncio) sign, send and retry requests safely;
``Webhook`` verifies webhooks; ``sign``/``verify`` handle raw signatures (``clear_key_cache``
forgets the keys they keep parsed). Every error is a
:class:`PikepayError`, one subclass per kind.
"""

from pikepay._client import DEMO_URL, LIVE_URL, AsyncClient, Client
from pikepay._native import (
    ApiError,
    AuthenticationError,
    ConfigurationError,
    DecodeError,
    IdempotencyError,
    InternalError,
    InvalidKeyError,
    InvalidRequestError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    PikepayError,
    RateLimitError,
    ServerError,
    SignatureVerificationError,
    __version__,
    clear_key_cache,
    sign,
    verify,
)
from pikepay._object import PikeObject
from pikepay._observe import AttemptRequest, AttemptResponse, RequestHook, ResponseHook
from pikepay._webhook import SIGNATURE_HEADER, Webhook
from pikepay.models import Event

__all__ = [
    "__version__",
    "DEMO_URL",
    "LIVE_URL",
    "SIGNATURE_HEADER",
    "ApiError",
    "AsyncClient",
    "AttemptRequest",
    "AttemptResponse",
    "AuthenticationError",
    "Client",
    "ConfigurationError",
    "DecodeError",
    "Event",
    "IdempotencyError",
    "InternalError",
    "InvalidKeyError",
    "InvalidRequestError",
    "NetworkError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PikeObject",
    "PikepayError",
    "RateLimitError",
    "RequestHook",
    "ResponseHook",
    "ServerError",
    "SignatureVerificationError",
    "Webhook",
    "clear_key_cache",
    "sign",
    "verify",
]
