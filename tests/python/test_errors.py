"""The exception classes: one per core error kind, under PikepayError."""

from __future__ import annotations

import pikepay
from pikepay import _native

# The classes the package promises (issue #5); the core's table must provide each.
PROMISED = [
    "InvalidKeyError",
    "SignatureVerificationError",
    "InvalidRequestError",
    "IdempotencyError",
    "NotFoundError",
    "RateLimitError",
    "ApiError",
    "ServerError",
    "NetworkError",
    "OutcomeUnknownError",
    "DecodeError",
    "ConfigurationError",
    "AuthenticationError",
    "InternalError",
]


def test_every_core_kind_has_its_class() -> None:
    assert len(_native.ERROR_KINDS) >= len(PROMISED)
    for code, class_name, summary in _native.ERROR_KINDS:
        cls = getattr(pikepay, class_name)
        assert issubclass(cls, pikepay.PikepayError)
        assert cls.__name__ == class_name
        assert cls.__module__ == "pikepay"
        assert cls.code == code
        assert cls.__doc__ == summary
        assert class_name in pikepay.__all__


def test_promised_classes_exist() -> None:
    names = {class_name for _, class_name, _ in _native.ERROR_KINDS}
    assert set(PROMISED) <= names


def test_base_is_a_plain_exception() -> None:
    assert issubclass(pikepay.PikepayError, Exception)
    for attr in (
        "code",
        "message",
        "field",
        "pike_code",
        "pike_description",
        "http_status",
        "idempotency_key",
        "retry_after",
    ):
        assert getattr(pikepay.PikepayError, attr) is None
    assert pikepay.PikepayError.retryable is False


def test_retryable_defaults_follow_the_core() -> None:
    assert pikepay.NetworkError.retryable is True
    assert pikepay.OutcomeUnknownError.retryable is True
    assert pikepay.InvalidRequestError.retryable is False
