"""Stubs of the compiled module ``pikepay._native``."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, final

__all__ = [
    "PikepayError",
    # generated from the core's error table: error names
    "ConfigurationError",
    "InvalidKeyError",
    "SignatureVerificationError",
    "InvalidRequestError",
    "AuthenticationError",
    "IdempotencyError",
    "NotFoundError",
    "RateLimitError",
    "ApiError",
    "ServerError",
    "NetworkError",
    "OutcomeUnknownError",
    "DecodeError",
    "InternalError",
    # end of generated: error names
    "ERROR_KINDS",
    "DEMO_URL",
    "LIVE_URL",
    "SIGNATURE_HEADER",
    "DEFAULTS",
    "__version__",
    "Client",
    "sign",
    "verify",
    "Webhook",
    "redact",
    "classify_key",
    "clear_key_cache",
    "generate_key_pair",
    "sign_event",
    "webhook_dedupe_key",
]

DEMO_URL: str
LIVE_URL: str
#: The header Pike puts a webhook's signature in.
SIGNATURE_HEADER: str
#: The core's default settings, the same in every language (durations in milliseconds).
DEFAULTS: dict[str, int]
#: The package version (the wheel's and the crate's).
__version__: str
ERROR_KINDS: tuple[tuple[str, str, str], ...]

class PikepayError(Exception):
    code: str | None
    message: str | None
    field: str | None
    pike_code: str | None
    pike_description: str | None
    http_status: int | None
    idempotency_key: str | None
    retryable: bool
    retry_after: float | None
    def raw_pike_description(self) -> str | None:
        """Pike's error description as received. UNSAFE TO LOG: may hold card data."""

# generated from the core's error table: error classes
class ConfigurationError(PikepayError):
    """The client or sandbox is configured wrongly; fix the setting named in the message."""

class InvalidKeyError(PikepayError):
    """A key could not be loaded; supply an unencrypted RSA key of 2048 bits or more in PEM or
    DER."""

class SignatureVerificationError(PikepayError):
    """A signature did not match the exact body; reject the message (answer 400 to a webhook)."""

class InvalidRequestError(PikepayError):
    """The request is invalid at the field named; correct it and send again."""

class AuthenticationError(PikepayError):
    """Pike refused the credentials; check the project id, the private key and the key Pike
    holds."""

class IdempotencyError(PikepayError):
    """The idempotency key clashed; Pike's code says how: ..._params_mismatch needs a new key,
    ..._already_exists means the first request is still running."""

class NotFoundError(PikepayError):
    """Pike has no such object; check the id you sent."""

class RateLimitError(PikepayError):
    """Too many requests; wait (Retry-After when given) and try again."""

class ApiError(PikepayError):
    """Pike refused the request; Pike's code and description on the error say why."""

class ServerError(PikepayError):
    """Pike failed on its side; retry later with the same idempotency key."""

class NetworkError(PikepayError):
    """The request never reached Pike; it is safe to send it again."""

class OutcomeUnknownError(PikepayError):
    """The request may have been processed; retry with the same idempotency key or check
    session status."""

class DecodeError(PikepayError):
    """An answer could not be read; it was not the JSON expected. Check the base URL."""

class InternalError(PikepayError):
    """A bug in pikepay; please report it with the message."""

# end of generated: error classes

def sign(body: bytes | bytearray | str, private_key: str | bytes) -> str: ...
def verify(body: bytes | bytearray | str, signature: str, public_key: str | bytes) -> None: ...
def clear_key_cache() -> None: ...
def redact(value: Any) -> Any: ...
def classify_key(key: str) -> str: ...

@final
class Webhook:
    def __new__(cls, public_key: str | bytes) -> Webhook: ...
    def construct_event(
        self, raw_body: bytes | bytearray | str, signature: str | None
    ) -> dict[str, Any]: ...

_Answer = tuple[dict[str, Any], str | None]

@final
class Client:
    def __new__(
        cls,
        *,
        project: str,
        private_key: str | bytes,
        base_url: str,
        api_version: int,
        submerchant: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        request_timeout: float | None = None,
        max_retries: int | None = None,
        max_connections: int | None = None,
        proxy: str | None = None,
        root_certificates: Sequence[str | bytes] = ...,
        user_agent_suffix: str | None = None,
        allow_insecure_http: bool = False,
        on_request: Callable[[Any], object] | None = None,
        on_response: Callable[[Any], object] | None = None,
        max_response_bytes: int | None = None,
    ) -> Client: ...
    def settings(self) -> dict[str, int]: ...
    def call(self, path: str, body: Any, options: dict[str, Any] | None = None) -> _Answer: ...
    def call_async(
        self, path: str, body: Any, options: dict[str, Any] | None = None
    ) -> tuple[Awaitable[_Answer], str | None]: ...
    def request(
        self, method: str, path: str, body: Any, options: dict[str, Any] | None = None
    ) -> _Answer: ...
    def request_async(
        self, method: str, path: str, body: Any, options: dict[str, Any] | None = None
    ) -> tuple[Awaitable[_Answer], str | None]: ...
    def wait(self, session_id: str, options: dict[str, Any] | None = None) -> _Answer: ...
    def wait_async(
        self, session_id: str, options: dict[str, Any] | None = None
    ) -> Awaitable[_Answer]: ...
    def close(self) -> None: ...

def generate_key_pair() -> tuple[str, str]: ...
def sign_event(
    event_type: str, session: Any, private_key: str | bytes, api_version: int
) -> tuple[bytes, str]: ...
def webhook_dedupe_key(raw_body: bytes | str) -> str: ...
