"""What the client shows of each attempt: log records on the ``pikepay`` logger and the
``on_request`` / ``on_response`` hooks, both with two injected 503s (three attempts)."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from conftest import Project, Sandbox
from test_client import RUB_1000, card_payout

import pikepay

INIT = "session/init/payout"


def two_503s(sandbox: Sandbox) -> None:
    sandbox.control(
        "POST", "/_sandbox/faults", {"path": INIT, "count": 2, "mode": "status", "status": 503}
    )


def fast(project: Project) -> dict[str, Any]:
    return {**project.client_args(), "max_retries": 3}


def payout(client: pikepay.Client) -> pikepay.PikeObject:
    return client.sessions.init_payout(
        payout_details=card_payout(),
        amount_details=RUB_1000,
        participant_details={"recipient": {"full_name": "Ivanov Ivan"}},
    )


def attempt_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "pikepay.client" and " attempt " in r.message]


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
def test_each_attempt_is_one_log_record_on_the_pikepay_logger(
    project: Project, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="pikepay")
    two_503s(sandbox)
    with pikepay.Client(**fast(project)) as client:
        made = payout(client)
    key = made.idempotency_key
    assert key
    records = attempt_records(caplog)
    assert len(records) == 3, [r.message for r in caplog.records]
    assert [r.levelno for r in records] == [logging.INFO, logging.INFO, logging.DEBUG]
    first, _, last = (r.message for r in records)
    assert first.startswith("POST /api/v2/session/init/payout attempt 1: HTTP 503 in "), first
    assert "retry in" in first and "(server_error)" in first and f"key={key}" in first
    assert "attempt 3: HTTP 200" in last and "done (ok)" in last
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "4242424242424242" not in text
    assert "Ivanov" not in text, "no bodies by default"


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
def test_levels_follow_the_logger_when_a_client_is_made(
    project: Project, sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="pikepay")
    two_503s(sandbox)
    with pikepay.Client(**fast(project)) as client:
        payout(client)
    # The two retries are INFO; the final DEBUG record is filtered out, and so is
    # everything else the client says at DEBUG.
    pikepay_records = [r for r in caplog.records if r.name.startswith("pikepay")]
    assert pikepay_records == attempt_records(caplog)
    assert [r.levelno for r in pikepay_records] == [logging.INFO, logging.INFO]


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
def test_hooks_see_each_attempt_redacted(project: Project, sandbox: Sandbox) -> None:
    requests: list[pikepay.AttemptRequest] = []
    responses: list[pikepay.AttemptResponse] = []
    two_503s(sandbox)
    with pikepay.Client(
        **fast(project), on_request=requests.append, on_response=responses.append
    ) as client:
        made = payout(client)
    assert [r["attempt"] for r in requests] == [1, 2, 3]
    assert [r["http_status"] for r in responses] == [503, 503, 200]
    assert [r["decision"] for r in responses] == ["retry", "retry", "done"]
    assert {r["idempotency_key"] for r in requests + responses} == {made.idempotency_key}  # type: ignore[operator]
    assert requests[0] == {
        "method": "POST",
        "path": "/api/v2/session/init/payout",
        "attempt": 1,
        "idempotency_key": made.idempotency_key,
    }
    assert responses[0]["error"] == "server_error"
    assert responses[0]["reason"] == "server_error"
    assert isinstance(responses[0]["retry_in_ms"], int)
    assert isinstance(responses[2]["duration_ms"], int)
    assert "4242424242424242" not in repr(requests + responses)


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
async def test_async_client_hooks_see_each_attempt(project: Project, sandbox: Sandbox) -> None:
    seen: list[tuple[str, int]] = []
    two_503s(sandbox)
    async with pikepay.AsyncClient(
        **fast(project),
        on_request=lambda r: seen.append(("request", r["attempt"])),
        on_response=lambda r: seen.append(("response", r["attempt"])),
    ) as client:
        await client.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    assert seen == [
        ("request", 1),
        ("response", 1),
        ("request", 2),
        ("response", 2),
        ("request", 3),
        ("response", 3),
    ]


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
def test_a_failing_hook_never_breaks_the_call(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    def broken(_: object) -> None:
        raise RuntimeError("hook bug")

    with pikepay.Client(**project.client_args(), on_response=broken) as client:
        assert client.fps.banks().status == "ok"
    assert [str(r.exc_value) for r in reported] == ["hook bug"]


def test_hooks_must_be_callable(project: Project) -> None:
    with pytest.raises(TypeError, match="on_request"):
        pikepay.Client(**project.client_args(), on_request="print")  # type: ignore[arg-type]


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
def test_logging_and_hooks_at_exit_with_calls_in_flight(project: Project) -> None:
    """A process that exits while its calls still log and call hooks exits cleanly."""
    script = textwrap.dedent(
        f"""
        import asyncio, logging, sys
        import pikepay
        logging.basicConfig(level=logging.DEBUG, stream=sys.stdout)
        args = {project.client_args()!r}

        async def main():
            client = pikepay.AsyncClient(**args, on_response=lambda r: None)
            for _ in range(20):
                asyncio.ensure_future(client.fps.banks())
            await client.fps.banks()

        asyncio.run(main())
        print("exited")
        """
    )
    for _ in range(5):
        run = subprocess.run(
            [sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, run.stderr
        assert "exited" in run.stdout
        assert "Fatal Python error" not in run.stderr


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
def test_opentelemetry_example_makes_one_span_per_attempt(
    project: Project, sandbox: Sandbox
) -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import StatusCode
    from test_examples import EXAMPLES, load

    otel = load(EXAMPLES / "otel_tracing.py")
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    two_503s(sandbox)
    with pikepay.Client(**fast(project), **otel.attempt_hooks(provider.get_tracer("t"))) as client:
        made = payout(client)
    spans = exporter.get_finished_spans()
    assert [s.name for s in spans] == ["pike POST /api/v2/session/init/payout"] * 3
    assert [s.attributes["http.response.status_code"] for s in spans] == [503, 503, 200]
    assert [s.attributes["pikepay.decision"] for s in spans] == ["retry", "retry", "done"]
    assert {s.attributes["pikepay.idempotency_key"] for s in spans} == {made.idempotency_key}
    assert [s.status.status_code for s in spans] == [
        StatusCode.ERROR,
        StatusCode.ERROR,
        StatusCode.UNSET,
    ]
    assert all(s.end_time is not None and s.start_time is not None for s in spans)
