"""Real workers and servers: the Celery example on a prefork pool with a Redis broker, and
the Django example under gunicorn, each as a separate process on 127.0.0.1."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Project, Sandbox
from test_examples import EXAMPLES, load

from pikepay.testing import generate_key_pair, sign_event


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def wait_for_port(port: int, process: subprocess.Popen[Any], what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within 30 s")


def stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """``redis-server`` (Debian's, installed by scripts/setup) on a free loopback port."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed: run scripts/setup"
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@pytest.mark.parametrize("api_version", [2], ids=["v2"])
def test_celery_prefork_workers_pay_out_once_per_order(
    project: Project,
    sandbox: Sandbox,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key_path = tmp_path / "shop.pem"
    key_path.write_text(project.private_key)
    env = {
        **os.environ,
        "CELERY_BROKER_URL": redis_url,
        "PIKEPAY_PROJECT": project.name,
        "PIKEPAY_PRIVATE_KEY_PATH": str(key_path),
        "PIKEPAY_BASE_URL": project.base_url,
    }
    monkeypatch.setenv("CELERY_BROKER_URL", redis_url)
    example = load(EXAMPLES / "celery_payouts.py")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_payouts", "worker", "--pool", "prefork"]
        + ["--concurrency", "2", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
        cwd=EXAMPLES,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The first payout request is processed, then its connection drops: that task
        # fails with OutcomeUnknownError, Celery retries it, and the same key is sent.
        sandbox.control(
            "POST",
            "/_sandbox/faults",
            {"path": "session/init/payout", "count": 1, "mode": "drop_after"},
        )
        orders = {"order-1": 1000, "order-2": 2000, "order-3": 3000}
        pending = [
            example.pay_out.delay(order, amount, "4242424242424242")
            for order, amount in orders.items()
        ]
        results = [r.get(timeout=90) for r in pending]
        again = example.pay_out.delay("order-1", 1000, "4242424242424242").get(timeout=90)
    finally:
        stop(worker)
    assert worker.stderr is not None
    log = worker.stderr.read()
    assert "ForkPoolWorker" in log, log[-2000:]  # the tasks ran in the prefork pool

    assert sorted(r["attempts"] for r in results) == [1, 1, 2], results
    assert all(r["status"] == "accepted" for r in results), results
    retried = next(r for r in results if r["attempts"] == 2)
    assert retried["idempotency_key"] == f"payout-{retried['order_id']}"
    assert again["session_id"] == results[0]["session_id"]

    payouts = [e for e in sandbox.ledger(project.name) if e["kind"] == "payout"]
    by_session = {r["session_id"]: orders[r["order_id"]] for r in results}
    assert sorted((e["session_id"], e["amount"]) for e in payouts) == sorted(by_session.items())


def test_django_example_runs_under_gunicorn_as_shipped() -> None:
    pike = generate_key_pair()
    port = free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "django_webhook:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=EXAMPLES,
        env={**os.environ, "PIKE_WEBHOOK_PUBLIC_KEY": pike.public_key},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, gunicorn, "gunicorn")
        session = {"id": "s-1", "status": "in_progress", "next_action": "confirm"}
        signed = sign_event("ready_to_confirm", session, pike.private_key)
        forged = sign_event("ready_to_confirm", session, generate_key_pair().private_key)
        statuses = []
        for delivery in (signed, forged):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/pike/webhook",
                data=delivery.body,
                headers=delivery.headers,
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=20) as answer:
                    statuses.append(answer.status)
            except urllib.error.HTTPError as e:
                statuses.append(e.code)
        assert statuses == [200, 400]
    finally:
        stop(gunicorn)
    assert gunicorn.stderr is not None
    log = gunicorn.stderr.read()
    assert re.search(r"Booting worker", log), log
