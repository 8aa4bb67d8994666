"""OpenTelemetry spans for every Pike attempt, built from the client's hooks.

``attempt_hooks(tracer)`` returns the ``on_response`` hook for ``pikepay.Client(...)``
or ``pikepay.AsyncClient(...)``: each attempt becomes one client
span named ``pike POST /api/v2/session/init/payout`` with the HTTP semantic-convention
attributes, the attempt number, the idempotency key and the retry decision. Hooks run
on the client's own threads, so spans are made with explicit start and end times.

    from opentelemetry import trace
    client = pikepay.Client(..., **attempt_hooks(trace.get_tracer("pikepay")))
"""

from __future__ import annotations

import time
from typing import TypedDict

from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer

import pikepay


class Hooks(TypedDict):
    """Keyword arguments for a client."""

    on_response: pikepay.ResponseHook


def attempt_hooks(tracer: Tracer) -> Hooks:
    """Hooks that turn each attempt into one finished span."""

    def on_response(attempt: pikepay.AttemptResponse) -> None:
        end = time.time_ns()
        start = end - attempt["duration_ms"] * 1_000_000
        attributes: dict[str, str | int] = {
            "http.request.method": attempt["method"],
            "url.path": attempt["path"],
            "http.request.resend_count": attempt["attempt"] - 1,
            "pikepay.attempt": attempt["attempt"],
            "pikepay.decision": attempt["decision"],
            "pikepay.reason": attempt["reason"],
        }
        if attempt["http_status"] is not None:
            attributes["http.response.status_code"] = attempt["http_status"]
        if attempt["idempotency_key"] is not None:
            attributes["pikepay.idempotency_key"] = attempt["idempotency_key"]
        if attempt["error"] is not None:
            attributes["error.type"] = attempt["error"]
        span = tracer.start_span(
            f"pike {attempt['method']} {attempt['path']}",
            kind=SpanKind.CLIENT,
            start_time=start,
            attributes=attributes,
        )
        if attempt["error"] is not None:
            span.set_status(Status(StatusCode.ERROR, attempt["error"]))
        span.end(end_time=end)

    return {"on_response": on_response}
