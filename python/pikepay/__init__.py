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
from pikepay._object import TYPE_CHECKING, PikeObject
from pikepay._webhook import SIGNATURE_HEADER, Webhook
from pikepay.models import Event

if TYPE_CHECKING:
    from pikepay._observe import AttemptRequest, AttemptResponse, RequestHook, ResponseHook

#: The names made on first use: the hooks' types need ``typing``, which ``import
#: pikepay`` leaves unimported.
_ON_FIRST_USE = frozenset({"AttemptRequest", "AttemptResponse", "RequestHook", "ResponseHook"})


def __getattr__(name: str) -> object:
    if name in _ON_FIRST_USE:
        from pikepay import _observe

        return getattr(_observe, name)
    raise AttributeError(f"module 'pikepay' has no attribute {name!r}")


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
