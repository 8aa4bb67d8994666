"""Shared fixtures: test vectors, keys, and (for client tests) the sandbox as a process."""

from __future__ import annotations

import http.server
import json
import os
import re
import select
import subprocess
import sysconfig
import threading
import urllib.request
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import pikepay

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"

# The suite checks the installed wheel, never the source tree.
_site = Path(sysconfig.get_paths()["purelib"]).resolve()
if _site not in Path(pikepay.__file__).resolve().parents:
    raise RuntimeError(f"pikepay imported from {pikepay.__file__}, not from {_site}")


def load_vector(name: str) -> Any:
    """The parsed shared test-vector file ``name`` (e.g. ``keys.json``)."""
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def keys() -> list[dict[str, Any]]:
    """The test RSA key pairs from keys.json."""
    result: list[dict[str, Any]] = load_vector("keys.json")["keys"]
    return result


@pytest.fixture(scope="session")
def key(keys: list[dict[str, Any]]) -> dict[str, Any]:
    """The 2048-bit test key pair."""
    return next(k for k in keys if k["bits"] == 2048)


# --- the sandbox as a real process, and a webhook receiver -------------------------------

SANDBOX_BIN = Path(
    os.environ.get(
        "PIKEPAY_SANDBOX_BIN",
        ROOT / "target" / "debug" / "pikepay-sandbox",
    )
)


class Sandbox:
    """A running ``pikepay-sandbox serve`` process and its control API."""

    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Calls the control API (``/_sandbox/...``) and returns the parsed answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            raw = answer.read()
        text = raw.decode()
        return json.loads(text) if text.lstrip().startswith(("{", "[")) else text

    def deliveries(self, project: str) -> list[dict[str, Any]]:
        """Webhook deliveries the sandbox made for ``project``."""
        result: list[dict[str, Any]] = self.control(
            "GET", f"/_sandbox/deliveries?project={project}"
        )["deliveries"]
        return result

    def requests(self, project: str) -> list[dict[str, Any]]:
        """The last Pike requests the sandbox received from ``project``, oldest first."""
        result: list[dict[str, Any]] = self.control("GET", f"/_sandbox/requests?project={project}")[
            "requests"
        ]
        return result

    def ledger(self, project: str) -> list[dict[str, Any]]:
        """Money movements the sandbox executed for ``project``."""
        result: list[dict[str, Any]] = self.control("GET", f"/_sandbox/ledger?project={project}")[
            "entries"
        ]
        return result


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """``pikepay-sandbox serve --port 0``; the base URL is read from its one stdout line."""
    process = subprocess.Popen(
        [str(SANDBOX_BIN), "serve", "--port", "0", "--webhook-retry-ms", "50,100,200"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 30)
    if not ready:
        process.kill()
        raise RuntimeError("pikepay-sandbox did not start within 30 s")
    line = process.stdout.readline()
    match = re.fullmatch(r"pikepay-sandbox listening on (http://127\.0\.0\.1:\d+)\n", line)
    if match is None:
        process.kill()
        raise RuntimeError(f"unexpected first line from pikepay-sandbox: {line!r}")
    try:
        yield Sandbox(process, match.group(1))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class Hooks:
    """Webhooks received on 127.0.0.1, by project (the URL path is ``/<project>``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: dict[str, list[tuple[bytes, str | None]]] = {}
        self.arrived = threading.Condition(self.lock)
        self.url = ""

    def add(self, project: str, body: bytes, signature: str | None) -> None:
        with self.arrived:
            self.received.setdefault(project, []).append((body, signature))
            self.arrived.notify_all()

    def wait_for(
        self, project: str, count: int, timeout: float = 10.0
    ) -> list[tuple[bytes, str | None]]:
        """The first ``count`` webhooks of ``project``, waiting up to ``timeout`` seconds."""
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.received.get(project, [])) >= count, timeout)
            got = list(self.received.get(project, []))
        assert len(got) >= count, f"{len(got)} webhooks arrived for {project}, expected {count}"
        return got


@pytest.fixture(scope="session")
def hooks() -> Iterator[Hooks]:
    """An HTTP server on 127.0.0.1 that records webhooks and answers 200."""
    store = Hooks()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            store.add(self.path.strip("/"), body, self.headers.get("X-PARTNER-SIGN"))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        request_queue_size = 128
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    store.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield store
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def merchant_key(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh 2048-bit RSA key pair made with openssl for this run."""
    folder = tmp_path_factory.mktemp("merchant")
    private = folder / "private.pem"
    subprocess.run(
        ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        + ["-out", str(private)],
        check=True,
        capture_output=True,
    )
    public = subprocess.run(
        ["openssl", "pkey", "-in", str(private), "-pubout"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {"private": private.read_text(), "public": public}


@dataclass
class Project:
    """A sandbox project registered for one test."""

    name: str
    api_version: int
    private_key: str
    base_url: str

    def client_args(self) -> dict[str, Any]:
        """Keyword arguments for Client/AsyncClient talking to this project."""
        return {
            "project": self.name,
            "private_key": self.private_key,
            "base_url": self.base_url,
            "api_version": self.api_version,
            "max_retries": 2,
            "timeout": 20.0,
        }


@pytest.fixture(params=[1, 2], ids=["v1", "v2"])
def api_version(request: pytest.FixtureRequest) -> int:
    """Each client test runs against both API versions."""
    version: int = request.param
    return version


def register_project(
    sandbox: Sandbox,
    hooks: Hooks,
    merchant_key: dict[str, str],
    api_version: int,
    **extra: Any,
) -> Project:
    """Registers a fresh project (webhooks to ``hooks``) and returns it."""
    name = f"py-{uuid.uuid4().hex[:12]}"
    sandbox.control(
        "POST",
        "/_sandbox/projects",
        {
            "name": name,
            "public_key_pem": merchant_key["public"],
            "webhook_url": f"{hooks.url}/{name}",
            "api_version": api_version,
            "wallet_balance": {"amount": 10_000_000, "currency": "rub"},
            **extra,
        },
    )
    return Project(name, api_version, merchant_key["private"], sandbox.base_url)


@pytest.fixture
def project(
    sandbox: Sandbox, hooks: Hooks, merchant_key: dict[str, str], api_version: int
) -> Project:
    """A fresh project on the sandbox, on API v1 and v2 in turn."""
    return register_project(sandbox, hooks, merchant_key, api_version)


@pytest.fixture
def client(project: Project) -> Iterator[pikepay.Client]:
    """A blocking client for ``project``."""
    with pikepay.Client(**project.client_args()) as c:
        yield c


@pytest.fixture
async def aclient(project: Project) -> AsyncIterator[pikepay.AsyncClient]:
    """An asyncio client for ``project``."""
    async with pikepay.AsyncClient(**project.client_args()) as c:
        yield c
