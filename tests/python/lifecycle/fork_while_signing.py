"""Forks 30 times while three threads sign and call; every child must sign and call.

Prints one line per child: its number and how it ended (``ok``, ``exit N``, ``signal N``,
``hung``); exits 0 only when every child ended ``ok``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from _settings import CLIENT_ARGS

import pikepay

FORKS = 30
PRIVATE_KEY: str = CLIENT_ARGS["private_key"]
PUBLIC_KEY = os.environ["LIFECYCLE_PUBLIC_KEY"]

client = pikepay.Client(**CLIENT_ARGS)
stop = threading.Event()


def busy(n: int) -> None:
    body = f'{{"n":{n}}}'.encode()
    while not stop.is_set():
        pikepay.sign(body, PRIVATE_KEY)
        client.sessions.create()


def child() -> int:
    signal.alarm(20)  # a hang ends the child by SIGALRM, reported as a failure
    body = b'{"child":true}'
    pikepay.verify(body, pikepay.sign(body, PRIVATE_KEY), PUBLIC_KEY)
    return 0 if client.sessions.create().session.status == "created" else 1


def outcome(pid: int) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            if os.WIFSIGNALED(status):
                return f"signal {os.WTERMSIG(status)}"
            code = os.WEXITSTATUS(status)
            return "ok" if code == 0 else f"exit {code}"
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return "hung"


threads = [threading.Thread(target=busy, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
results = []
try:
    for i in range(FORKS):
        time.sleep(0.01)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = child()
            finally:
                os._exit(code)
        results.append(outcome(pid))
        print(i, results[-1], flush=True)
finally:
    stop.set()
    for t in threads:
        t.join()
sys.exit(0 if results == ["ok"] * FORKS else 1)
