"""The runtime bridge: threads, tasks, cancellation, fork and Ctrl-C."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import Hooks, Project, Sandbox
from test_client import RUB_1000, card_payout

import pikepay


def test_many_threads_share_one_client(
    client: pikepay.Client, project: Project, sandbox: Sandbox
) -> None:
    def payout(i: int) -> str:
        amount = {"amount": 100 + i, "currency": "rub"}
        result = client.sessions.init_payout(payout_details=card_payout(), amount_details=amount)
        sid: str = result.session.id
        assert (
            client.sessions.status(session_id=sid).session.payout_list[0].amount_details == amount
        )
        return sid

    with ThreadPoolExecutor(max_workers=16) as pool:
        ids = list(pool.map(payout, range(40)))
    assert len(set(ids)) == 40


async def test_many_tasks_share_one_client(aclient: pikepay.AsyncClient, project: Project) -> None:
    async def payout(i: int) -> str:
        amount = {"amount": 100 + i, "currency": "rub"}
        result = await aclient.sessions.init_payout(
            payout_details=card_payout(), amount_details=amount
        )
        sid: str = result.session.id
        status = await aclient.sessions.status(session_id=sid)
        assert status.session.payout_list[0].amount_details == amount
        return sid

    ids = await asyncio.gather(*(payout(i) for i in range(40)))
    assert len(set(ids)) == 40


def test_async_client_in_several_event_loops(project: Project) -> None:
    client = pikepay.AsyncClient(**project.client_args())

    async def first_bank() -> str:
        bank: str = (await client.fps.banks()).banks[0].id
        return bank

    assert asyncio.run(first_bank()) == asyncio.run(first_bank())
    with ThreadPoolExecutor(max_workers=4) as pool:
        banks = list(pool.map(lambda _: asyncio.run(first_bank()), range(8)))
    assert set(banks) == {asyncio.run(first_bank())}


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_two_event_loops_taking_turns_on_one_thread(project: Project) -> None:
    # Each loop that makes calls is woken through a pipe of its own; when another loop
    # takes over the thread, the first one must still get its answers, and the pipes of
    # the loops left behind must be closed, not pile up.
    client = pikepay.AsyncClient(**project.client_args())
    loops = [asyncio.new_event_loop(), asyncio.new_event_loop()]
    try:

        async def first_bank() -> str:
            bank: str = (await client.fps.banks()).banks[0].id
            return bank

        expected = loops[0].run_until_complete(first_bank())
        loops[1].run_until_complete(first_bank())
        before = _open_files()
        for turn in range(30):
            assert loops[turn % 2].run_until_complete(first_bank()) == expected
        # Let each loop see that the pipe of its former bridge was closed.
        for event_loop in loops:
            event_loop.run_until_complete(asyncio.sleep(0.05))
        assert _open_files() <= before + 2
    finally:
        loops[0].run_until_complete(client.close())
        for event_loop in loops:
            event_loop.close()


class _LoopWithoutReaders(asyncio.SelectorEventLoop):
    """An event loop that cannot watch files, like the proactor loop on Windows."""

    def add_reader(self, *args: object, **kwargs: object) -> None:
        raise NotImplementedError


def test_a_loop_that_cannot_watch_files_still_gets_answers(project: Project) -> None:
    client = pikepay.AsyncClient(**project.client_args())
    event_loop = _LoopWithoutReaders()
    try:

        async def banks() -> list[str]:
            calls = asyncio.gather(*(client.fps.banks() for _ in range(20)))
            results = await asyncio.wait_for(calls, 60)
            return [result.banks[0].id for result in results]

        assert len(set(event_loop.run_until_complete(banks()))) == 1
        event_loop.run_until_complete(client.close())
    finally:
        event_loop.close()


def test_blocking_call_releases_the_gil(project: Project, hooks: Hooks) -> None:
    # A Pike stand-in served by a Python thread of this process: the call can only get
    # its answer if the GIL is free while it waits.
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = json.dumps({"status": "ok", "banks": []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        with pikepay.Client(**{**project.client_args(), "base_url": url}) as client:
            assert client.sessions.status(session_id="ps_1").status == "ok"
    finally:
        server.shutdown()
        server.server_close()


async def test_cancelling_a_task_drops_the_request(
    aclient: pikepay.AsyncClient, project: Project, sandbox: Sandbox
) -> None:
    sandbox.control(
        "POST",
        "/_sandbox/faults",
        {"path": "session/init/payout", "count": 1, "mode": "delay", "delay_ms": 1500},
    )
    task = asyncio.ensure_future(
        aclient.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    )
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(2.0)
    # Dropped before the sandbox processed it: no session, so no webhook was ever queued.
    assert sandbox.deliveries(project.name) == []
    # The client keeps working.
    assert (await aclient.fps.banks()).banks


def test_fork_child_gets_a_working_client(project: Project, sandbox: Sandbox) -> None:
    client = pikepay.Client(**project.client_args())
    aclient = pikepay.AsyncClient(**project.client_args())
    assert client.fps.banks().banks  # the runtime and a pooled connection exist now
    assert asyncio.run(aclient.fps.banks()).banks
    pid = os.fork()
    if pid == 0:  # the child: a hang is ended by the alarm (exit by signal = failure)
        signal.alarm(20)
        code = 1
        try:
            ok = client.sessions.create().session.status == "created"
            ok = ok and asyncio.run(aclient.sessions.create()).session.status == "created"
            code = 0 if ok else 1
        finally:
            os._exit(code)
    deadline = time.monotonic() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.05)
    assert os.WIFEXITED(status), f"child ended by signal {os.WTERMSIG(status)}"
    assert os.WEXITSTATUS(status) == 0
    # The parent's client still works after the fork.
    assert client.fps.banks().banks


CTRL_C_CHILD = textwrap.dedent(
    """
    import os, sys, pikepay
    client = pikepay.Client(project=sys.argv[1], private_key=os.environ["MERCHANT_KEY"],
                            base_url=sys.argv[2], timeout=30.0)
    client.fps.banks()
    print("ready", flush=True)
    sys.stdin.readline()
    print("calling", flush=True)
    try:
        client.fps.banks()
        print("completed", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        print("after:" + client.fps.banks().banks[0].id, flush=True)
    """
)


def test_ctrl_c_interrupts_a_blocking_call(project: Project, sandbox: Sandbox) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CTRL_C_CHILD, project.name, project.base_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "MERCHANT_KEY": project.private_key},
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline() == "ready\n"
        sandbox.control(
            "POST",
            "/_sandbox/faults",
            {"path": "fps/banks", "count": 1, "mode": "delay", "delay_ms": 20000},
        )
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline() == "calling\n"
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        child.wait(timeout=10)  # far below the 20 s the call would take
        out = child.stdout.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert out.splitlines() == ["interrupted", "after:100000000069"]
    assert child.returncode == 0


@pytest.mark.parametrize("key", ["order-cancel-1", None])
async def test_a_cancelled_money_moving_call_raises_with_its_key(
    aclient: pikepay.AsyncClient, sandbox: Sandbox, key: str | None
) -> None:
    sandbox.control(
        "POST",
        "/_sandbox/faults",
        {"path": "session/init/payout", "count": 1, "mode": "delay", "delay_ms": 1500},
    )
    seen: list[BaseException] = []

    async def payout() -> None:
        try:
            await aclient.sessions.init_payout(
                payout_details=card_payout(), amount_details=RUB_1000, idempotency_key=key
            )
        except asyncio.CancelledError as cancelled:
            seen.append(cancelled)
            raise

    task = asyncio.ensure_future(payout())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    reported = getattr(seen[0], "idempotency_key", None)
    assert reported == (key or reported)
    assert reported is not None and len(reported) >= 4


CTRL_C_KEY_CHILD = textwrap.dedent(
    """
    import os, sys, pikepay
    client = pikepay.Client(project=sys.argv[1], private_key=os.environ["MERCHANT_KEY"],
                            base_url=sys.argv[2], timeout=30.0)
    card = {"type": "card", "card": {"type": "bank_card",
                                     "bank_card": {"number": "4242424242424242"}}}
    print("ready", flush=True)
    sys.stdin.readline()
    print("calling", flush=True)
    try:
        client.sessions.init_payout(payout_details=card,
                                    amount_details={"amount": 1000, "currency": "rub"})
    except KeyboardInterrupt as interrupt:
        print("key:" + str(interrupt.idempotency_key), flush=True)
    """
)


def test_ctrl_c_during_a_money_moving_call_raises_with_its_key(
    project: Project, sandbox: Sandbox
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CTRL_C_KEY_CHILD, project.name, project.base_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "MERCHANT_KEY": project.private_key},
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline() == "ready\n"
        sandbox.control(
            "POST",
            "/_sandbox/faults",
            {"path": "session/init/payout", "count": 1, "mode": "delay", "delay_ms": 20000},
        )
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline() == "calling\n"
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        child.wait(timeout=10)
        out = child.stdout.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert out.startswith("key:")
    key = out.strip().removeprefix("key:")
    assert key != "None" and len(key) >= 4
    assert child.returncode == 0
