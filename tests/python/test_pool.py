"""The connection pool: a burst of calls opens at most ``max_connections`` connections,
the rest wait their turn, and a burst far above the open-file limit still succeeds."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

import pikepay

ANSWER = b'{"status":"ok","session":{"id":"ps_1","status":"pending"}}'


@dataclass
class CountingServer:
    """A Pike-like HTTP/1.1 server on 127.0.0.1 that answers every request with one
    fixed session and counts the TCP connections it accepted."""

    url: str = ""
    connections: int = 0
    requests: int = 0
    loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                await reader.readexactly(length)
                self.requests += 1
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    b"content-length: %d\r\n\r\n%s" % (len(ANSWER), ANSWER)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def counts(self) -> tuple[int, int]:
        """(connections accepted, requests answered) so far."""
        return self.connections, self.requests


@pytest.fixture
def server() -> Iterator[CountingServer]:
    srv = CountingServer()
    started = threading.Event()
    stop = srv.loop.create_future()

    async def serve() -> None:
        s = await asyncio.start_server(srv.handle, "127.0.0.1", 0, backlog=4096)
        srv.url = f"http://127.0.0.1:{s.sockets[0].getsockname()[1]}"
        started.set()
        async with s:
            await stop

    thread = threading.Thread(target=srv.loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert started.wait(10)
    yield srv
    srv.loop.call_soon_threadsafe(stop.set_result, None)
    thread.join(10)


async def test_a_burst_opens_at_most_max_connections(
    server: CountingServer, key: dict[str, Any]
) -> None:
    async with pikepay.AsyncClient(
        project="shop",
        private_key=key["private_pkcs8_pem"],
        base_url=server.url,
        max_connections=10,
    ) as client:
        results = await asyncio.gather(
            *(client.sessions.status(session_id="ps_1") for _ in range(500))
        )
    assert all(r.session.id == "ps_1" for r in results)
    connections, requests = server.counts()
    assert requests == 500
    # 10 in flight at most; the pool may open a connection while another is being
    # handed back, so allow as many again (without the limit: hundreds).
    assert 1 <= connections <= 20, f"500 calls opened {connections} connections"


def test_max_connections_must_be_positive(key: dict[str, Any]) -> None:
    with pytest.raises(pikepay.ConfigurationError, match="connections"):
        pikepay.Client(
            project="shop",
            private_key=key["private_pkcs8_pem"],
            base_url="http://127.0.0.1:9",
            max_connections=0,
        )


BURST = textwrap.dedent(
    """
    import asyncio, collections, json, resource, sys
    import pikepay

    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))
    url, pem, calls = sys.argv[1], sys.stdin.read(), int(sys.argv[2])

    async def main():
        async with pikepay.AsyncClient(project="shop", private_key=pem, base_url=url,
                                       timeout=90) as client:
            results = await asyncio.gather(
                *(client.sessions.status(session_id="ps_1") for _ in range(calls)),
                return_exceptions=True)
        errors = collections.Counter(type(r).__name__ for r in results
                                     if isinstance(r, BaseException))
        print(json.dumps({"errors": errors}))

    asyncio.run(main())
    """
)


def test_a_burst_above_the_open_file_limit_has_no_errors(
    server: CountingServer, key: dict[str, Any]
) -> None:
    calls = 4000
    done = subprocess.run(
        [sys.executable, "-c", BURST, server.url, str(calls)],
        input=key["private_pkcs8_pem"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["errors"] == {}
    connections, requests = server.counts()
    assert requests == calls
    assert connections <= 200, f"{connections} connections; the default max_connections is 100"
