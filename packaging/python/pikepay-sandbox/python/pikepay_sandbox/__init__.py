"""The ``pikepay-sandbox`` binary (a local Pike emulator) and a :class:`Sandbox` that runs it.

``Sandbox()`` starts ``pikepay-sandbox serve`` on a free port of 127.0.0.1;
``sandbox.new_project()`` registers a project with a fresh key pair and returns a
:class:`Project` holding a ready ``pikepay.Client`` and a ``pikepay.Webhook`` verifier.
The pytest plugin (:mod:`pikepay_sandbox.pytest_plugin`) wraps both as fixtures.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import threading
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepay

__all__ = ["Project", "Sandbox", "SandboxError", "binary"]

_EXE = "pikepay-sandbox" + (".exe" if sys.platform == "win32" else "")
_LISTENING = re.compile(r"pikepay-sandbox listening on (http://127\.0\.0\.1:\d+)")
_names = itertools.count(1)


class SandboxError(RuntimeError):
    """The sandbox binary is missing, did not start, or refused a control call."""


def binary() -> Path:
    """The installed ``pikepay-sandbox`` executable.

    ``PIKEPAY_SANDBOX_BIN`` overrides it; otherwise it is the one this package installed
    into the environment's scripts directory (or the user scheme's, for ``pip install
    --user``), then any on ``PATH``.
    """
    override = os.environ.get("PIKEPAY_SANDBOX_BIN")
    if override:
        return Path(override)
    candidates = [
        Path(sysconfig.get_path("scripts")) / _EXE,
        Path(sysconfig.get_path("scripts", f"{os.name}_user")) / _EXE,
        Path(sys.executable).parent / _EXE,
    ]
    on_path = shutil.which(_EXE)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise SandboxError(
        f"the {_EXE} executable is not installed next to this Python "
        "(pip install pikepay-sandbox) and not on PATH; set PIKEPAY_SANDBOX_BIN to its path"
    )


class Project:
    """A project registered in a running sandbox, with its own fresh key pair.

    ``client`` is a ``pikepay.Client`` signed with the project's key and pointed at the
    sandbox; ``webhook`` verifies the sandbox's webhooks.
    """

    def __init__(
        self, sandbox: Sandbox, name: str, private_key_pem: str, public_key_pem: str
    ) -> None:
        import pikepay

        self.sandbox = sandbox
        self.name = name
        self.private_key_pem = private_key_pem
        self.public_key_pem = public_key_pem
        self.client: pikepay.Client = self.new_client()
        self.webhook: pikepay.Webhook = pikepay.Webhook(public_key=sandbox.public_key_pem)

    def new_client(self, **options: Any) -> pikepay.Client:
        """Another blocking client of this project; ``options`` go to ``pikepay.Client``."""
        import pikepay

        return pikepay.Client(
            project=self.name,
            private_key=self.private_key_pem,
            base_url=self.sandbox.url,
            **options,
        )

    def new_async_client(self, **options: Any) -> pikepay.AsyncClient:
        """An ``AsyncClient`` of this project; ``options`` go to ``pikepay.AsyncClient``."""
        import pikepay

        return pikepay.AsyncClient(
            project=self.name,
            private_key=self.private_key_pem,
            base_url=self.sandbox.url,
            **options,
        )

    def close(self) -> None:
        """Closes ``client``."""
        self.client.close()

    def __repr__(self) -> str:
        return f"Project(name={self.name!r}, url={self.sandbox.url!r})"


class Sandbox:
    """``pikepay-sandbox serve --port 0 ARGS`` as a child process, until :meth:`stop`.

    Use it as a context manager, or call :meth:`stop`. ``args`` are further ``serve``
    options, e.g. ``("--webhook-retry-ms", "50,100")``.
    """

    def __init__(self, *args: str, start_timeout: float = 30.0) -> None:
        self._binary = binary()
        self._work = tempfile.TemporaryDirectory(prefix="pikepay-sandbox-")
        self._process = subprocess.Popen(
            [str(self._binary), "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        # The pipe is drained for the life of the process, so the sandbox never blocks
        # on a full stdout.
        threading.Thread(target=self._drain, args=(lines,), daemon=True).start()
        try:
            line = lines.get(timeout=start_timeout)
        except queue.Empty:
            self.stop()
            raise SandboxError(f"pikepay-sandbox did not start within {start_timeout} s") from None
        match = _LISTENING.fullmatch(line.strip())
        if match is None:
            self.stop()
            raise SandboxError(f"pikepay-sandbox did not start: {line.strip() or 'no output'}")
        #: The base URL, e.g. ``http://127.0.0.1:40123``; give it to clients as ``base_url``.
        self.url: str = match.group(1)
        #: PEM of the key that verifies this sandbox's webhooks.
        self.public_key_pem: str = self.control("GET", "/_sandbox/public_key")

    def _drain(self, lines: queue.Queue[str]) -> None:
        assert self._process.stdout is not None
        first = True
        for line in self._process.stdout:
            if first:
                lines.put(line)
                first = False
        if first:
            lines.put("")

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Calls the control API (``/_sandbox/...``); returns parsed JSON, or text."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                text = answer.read().decode()
                kind = answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            raise SandboxError(
                f"{method} {path} answered {error.code}: {error.read().decode()}"
            ) from None
        return json.loads(text) if "json" in kind else text

    def keygen(self) -> tuple[str, str]:
        """A fresh RSA key pair as ``(private_pem, public_pem)``, made by the binary."""
        work = Path(self._work.name)
        stem = f"key-{next(_names)}"
        private, public = work / f"{stem}.pem", work / f"{stem}.pub.pem"
        subprocess.run(
            [
                str(self._binary),
                "keygen",
                "--private-out",
                str(private),
                "--public-out",
                str(public),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return private.read_text(), public.read_text()

    def new_project(self, name: str | None = None, **settings: Any) -> Project:
        """Registers a project with a fresh key pair; ``settings`` are further fields of
        ``POST /_sandbox/projects`` (``webhook_url``, ``api_version``,
        ``wallet_balance``, ...)."""
        private_pem, public_pem = self.keygen()
        name = name or f"test-{os.getpid()}-{next(_names)}"
        self.control(
            "POST", "/_sandbox/projects", {"name": name, "public_key_pem": public_pem, **settings}
        )
        return Project(self, name, private_pem, public_pem)

    def stop(self) -> None:
        """Stops the sandbox (SIGTERM, then SIGKILL after 10 s) and removes its files."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._work.cleanup()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Sandbox(url={getattr(self, 'url', None)!r})"
