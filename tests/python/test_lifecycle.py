"""Process lifecycles, each scenario run many times in its own interpreter confined to one
CPU (as in most containers): exit after calls, exit with calls in flight, Ctrl-C, fork
while other threads sign. Every run must end the way Python ends it (exit 0, or the
SIGINT of an uncaught KeyboardInterrupt) with no fatal error on stderr.

The scripts are in ``lifecycle/``; runs go in parallel batches, each bounded in time.
"""

from __future__ import annotations

import os
import signal
import socketserver
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import Hooks, Sandbox, register_project

SCRIPTS = Path(__file__).resolve().parent / "lifecycle"
RUNS = 100
RUN_TIMEOUT = 60.0
CPUS = sorted(os.sched_getaffinity(0))
PARALLEL = 4 * len(CPUS)


class _Stall(socketserver.BaseRequestHandler):
    """Reads whatever the client sends and never answers."""

    def handle(self) -> None:
        while self.request.recv(65536):
            pass


class _StallServer(socketserver.ThreadingTCPServer):
    request_queue_size = 256
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture(scope="module")
def stall_url() -> Iterator[str]:
    """A server on 127.0.0.1 that accepts requests and never answers them."""
    server = _StallServer(("127.0.0.1", 0), _Stall)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def env(
    sandbox: Sandbox, hooks: Hooks, merchant_key: dict[str, str], stall_url: str
) -> dict[str, str]:
    """The environment the scripts read their settings from (``lifecycle/_settings.py``)."""
    project = register_project(sandbox, hooks, merchant_key, 2)
    return {
        **os.environ,
        "LIFECYCLE_PROJECT": project.name,
        "LIFECYCLE_PRIVATE_KEY": merchant_key["private"],
        "LIFECYCLE_PUBLIC_KEY": merchant_key["public"],
        "LIFECYCLE_SANDBOX_URL": project.base_url,
        "LIFECYCLE_STALL_URL": stall_url,
    }


def _command(run: int, script: str, *args: str) -> list[str]:
    cpu = CPUS[run % len(CPUS)]
    return ["taskset", "-c", str(cpu), sys.executable, str(SCRIPTS / script), *args]


def _verdict(returncode: int | None, stderr: str, expected: int) -> str | None:
    """What went wrong in one run, or None."""
    if "Fatal Python error" in stderr or "panicked" in stderr:
        return f"exit {returncode}, stderr: {stderr[-1500:]}"
    if returncode != expected:
        return f"exit {returncode} (expected {expected}), stderr: {stderr[-1500:]}"
    return None


def _run_exit(run: int, env: dict[str, str], script: str) -> str | None:
    try:
        done = subprocess.run(
            _command(run, script),
            env=env,
            check=False,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"did not end within {RUN_TIMEOUT} s"
    return _verdict(done.returncode, done.stderr, 0)


def _run_interrupt(run: int, env: dict[str, str], mode: str) -> str | None:
    child = subprocess.Popen(
        _command(run, "interrupt.py", mode),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    timer = threading.Timer(RUN_TIMEOUT, child.kill)
    timer.start()
    try:
        if child.stdout.readline() != "ready\n":
            child.kill()
            return f"did not start: {child.stderr.read()[-1500:]}"
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate()
    finally:
        timer.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
    if "KeyboardInterrupt" not in stderr:
        return f"exit {child.returncode} without KeyboardInterrupt: {stderr[-1500:]}"
    # An uncaught KeyboardInterrupt ends Python by SIGINT (a shell shows 130).
    return _verdict(child.returncode, stderr, -signal.SIGINT)


def _failures(job: Callable[[int], str | None]) -> list[str]:
    """Runs ``job(run)`` for every run, in parallel batches; what went wrong, by run."""
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        outcomes = list(pool.map(job, range(RUNS)))
    return [f"run {run}: {what}" for run, what in enumerate(outcomes) if what is not None]


@pytest.mark.parametrize(
    "script", ["exit_after_gather.py", "exit_after_threads.py", "exit_in_flight.py"]
)
def test_exit_never_crashes(env: dict[str, str], script: str) -> None:
    failures = _failures(lambda run: _run_exit(run, env, script))
    assert not failures, f"{len(failures)} of {RUNS} runs failed:\n" + "\n".join(failures[:5])


@pytest.mark.parametrize("mode", ["async", "sync"])
def test_ctrl_c_never_crashes(env: dict[str, str], mode: str) -> None:
    failures = _failures(lambda run: _run_interrupt(run, env, mode))
    assert not failures, f"{len(failures)} of {RUNS} runs failed:\n" + "\n".join(failures[:5])


def test_forked_children_sign_and_call_while_parent_threads_sign(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "fork_while_signing.py")],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]


def test_closing_the_last_client_ends_its_threads(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "close_ends_threads.py")],
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    counts = dict(line.rsplit(" ", 1) for line in done.stdout.splitlines())
    assert int(counts["calling"]) > 0
    assert int(counts["one closed"]) > 0
    assert counts["both closed"] == "0"
    assert int(counts["again"]) > 0
    assert counts["closed again"] == "0"
