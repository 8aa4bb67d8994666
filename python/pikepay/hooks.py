"""What the client's ``on_request`` and ``on_response`` hooks receive: one dict per
attempt, without bodies or secrets. (``pikepay.AttemptRequest`` and the others are the same
types.)

The same events are log records on the ``pikepay`` logger (``pikepay.client``): DEBUG
when an attempt ends the call, INFO when it is retried, WARNING when a retryable failure
is given up. Levels are read when a client is made: configure :mod:`logging` first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Optional, TypedDict


class AttemptRequest(TypedDict):
    """An attempt about to be sent (``on_request``)."""

    method: str
    """``"POST"`` or ``"GET"``."""
    path: str
    """URL path with the version, e.g. ``"/api/v2/session/init/payout"``."""
    attempt: int
    """1 for the first attempt of a call, then 2, 3, …"""
    idempotency_key: Optional[str]  # noqa: UP045 (TypedDict fields are evaluated on 3.9)
    """The key sent with this attempt, if any."""


class AttemptResponse(TypedDict):
    """The outcome of one attempt (``on_response``): the request's fields and more."""

    method: str
    """``"POST"`` or ``"GET"``."""
    path: str
    """URL path with the version, e.g. ``"/api/v2/session/init/payout"``."""
    attempt: int
    """1 for the first attempt of a call, then 2, 3, …"""
    idempotency_key: Optional[str]  # noqa: UP045
    """The key sent with this attempt, if any."""

    http_status: Optional[int]  # noqa: UP045
    """HTTP status of the answer; ``None`` when no answer came."""
    duration_ms: int
    """Time from sending to the whole answer or the failure."""
    error: Optional[str]  # noqa: UP045
    """Error code of this attempt (``"server_error"``, …); ``None`` on success."""
    decision: Literal["done", "retry", "give_up"]
    """What happens next."""
    reason: str
    """Why: the error code that makes a retry worth it, why the client gives up, or ``"ok"``."""
    retry_in_ms: Optional[int]  # noqa: UP045
    """The wait before the next attempt, when ``decision`` is ``"retry"``."""


#: A hook called with each attempt before it is sent.
RequestHook = Callable[[AttemptRequest], object]
#: A hook called with each attempt's outcome.
ResponseHook = Callable[[AttemptResponse], object]
