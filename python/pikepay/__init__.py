"""pikepay: the Pike payments API for Python.

``Client`` (blocking) and ``AsyncClient`` (asyncio) sign, send and retry requests safely;
``Webhook`` verifies webhooks; ``sign``/``verify`` handle raw signatures (``clear_key_cache``
forgets the keys they keep parsed). Every error is a
:class:`PikepayError`, one subclass per kind (:mod:`pikepay.errors`); what the client's
hooks receive is in :mod:`pikepay.hooks`.
"""

from pikepay._client import DEMO_URL, LIVE_URL, AsyncClient, Client
from pikepay._native import __version__, clear_key_cache, sign, verify
from pikepay._object import PikeObject
from pikepay._typing import TYPE_CHECKING
from pikepay._webhook import SIGNATURE_HEADER, Webhook

# generated from the core's error table: error imports
from pikepay.errors import (
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
)

# end of generated: error imports
from pikepay.models import Event

if TYPE_CHECKING:
    from pikepay.hooks import AttemptRequest as AttemptRequest
    from pikepay.hooks import AttemptResponse as AttemptResponse
    from pikepay.hooks import RequestHook as RequestHook
    from pikepay.hooks import ResponseHook as ResponseHook

#: The hook types, documented in :mod:`pikepay.hooks`, are reachable here too; they are
#: made on first use, because they need ``typing``, which ``import pikepay`` leaves
#: unimported.
_HOOK_TYPES = frozenset({"AttemptRequest", "AttemptResponse", "RequestHook", "ResponseHook"})
#: The submodules ``import pikepay`` leaves unimported (they need ``typing``), imported
#: on first use as ``pikepay.types``, ``pikepay.params`` or ``pikepay.hooks``.
_SUBMODULES = frozenset({"types", "params", "hooks"})


def __getattr__(name: str) -> object:
    from importlib import import_module

    if name in _SUBMODULES:
        return import_module(f"pikepay.{name}")
    if name in _HOOK_TYPES:
        return getattr(import_module("pikepay.hooks"), name)
    raise AttributeError(f"module 'pikepay' has no attribute {name!r}")


__all__ = [
    "__version__",
    "DEMO_URL",
    "LIVE_URL",
    "SIGNATURE_HEADER",
    "AsyncClient",
    "Client",
    "Event",
    "PikeObject",
    "Webhook",
    "clear_key_cache",
    "sign",
    "verify",
    # generated from the core's error table: error names
    "ApiError",
    "AuthenticationError",
    "ConfigurationError",
    "DecodeError",
    "IdempotencyError",
    "InternalError",
    "InvalidKeyError",
    "InvalidRequestError",
    "NetworkError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PikepayError",
    "RateLimitError",
    "ServerError",
    "SignatureVerificationError",
    # end of generated: error names
]
