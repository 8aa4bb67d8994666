"""Client (blocking, for Django and scripts) and AsyncClient (asyncio, for FastAPI)."""

from __future__ import annotations

from pikepay import _native
from pikepay._object import PikeObject
from pikepay._resource_base import _more
from pikepay._resources import (
    AsyncFps,
    AsyncRecurrent,
    AsyncSberpay,
    AsyncSessions,
    AsyncTokens,
    AsyncWallet,
    Fps,
    Recurrent,
    Sberpay,
    Sessions,
    Tokens,
    Wallet,
)
from pikepay._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Mapping, Sequence
    from types import TracebackType
    from typing import Any

    from pikepay._resource_base import Json, Until
    from pikepay.hooks import RequestHook, ResponseHook

#: Pike's test environment.
DEMO_URL: str = _native.DEMO_URL
#: Pike's live environment.
LIVE_URL: str = _native.LIVE_URL


def _result(reply: tuple[dict[str, Any], str | None]) -> PikeObject:
    body, idempotency_key = reply
    return PikeObject(body, idempotency_key=idempotency_key)


def _options(
    idempotency_key: str | None,
    timeout: float | None,
    max_retries: int | None,
    more: dict[str, Any] | None,
) -> dict[str, Any]:
    """A call's options as the one dict the core reads."""
    return {
        "idempotency_key": idempotency_key,
        "timeout": timeout,
        "max_retries": max_retries,
        **(more or {}),
    }


class _Waiting:
    """The options of one ``wait``. A function ``until`` is handed to the core wrapped:
    it gets the session as a :class:`PikeObject`, and what it raises is kept to be
    raised again when the wait ends."""

    __slots__ = ("options", "raised")

    def __init__(self, until: Until, timeout: float | None) -> None:
        self.raised: BaseException | None = None
        self.options: dict[str, Any] = {"until": until, "timeout": timeout}
        if callable(until):
            self.options["until"] = self._check(until)

    def _check(self, until: Callable[[Any], object]) -> Callable[[dict[str, Any]], bool]:
        def check(session: dict[str, Any]) -> bool:
            try:
                return bool(until(PikeObject(session)))
            except BaseException as raised:  # noqa: BLE001 (raised again by settle)
                self.raised = raised
                return True

        return check

    def settle(self, reply: tuple[dict[str, Any], str | None]) -> PikeObject:
        """The wait's result, or what ``until`` raised."""
        if self.raised is not None:
            raise self.raised
        return _result(reply)


async def _settled(
    started: tuple[Awaitable[tuple[dict[str, Any], str | None]], str | None],
) -> PikeObject:
    """The result of a started asyncio call. Cancelling it (``task.cancel()``, a timeout,
    Ctrl-C under ``asyncio.run``) raises ``CancelledError`` with the call's
    ``idempotency_key`` set on it: the request may have reached Pike."""
    import asyncio  # loaded already wherever an AsyncClient runs

    call, key = started
    try:
        reply = await call
    except asyncio.CancelledError as cancelled:
        setattr(cancelled, "idempotency_key", key)  # noqa: B010 (not a declared attribute)
        raise
    return _result(reply)


def _raw_options(
    idempotency_key: str | None,
    timeout: float | None,
    max_retries: int | None,
    validate: bool,
    extra_body: Json | None,
    submerchant: str | None,
    extra_headers: Mapping[str, str] | None,
) -> dict[str, Any]:
    """The options of a raw call."""
    options = _options(
        idempotency_key, timeout, max_retries, _more(extra_body, submerchant, extra_headers)
    )
    options["validate"] = validate
    return options


def _plain(body: Json | None) -> dict[str, Any]:
    return dict(body) if body is not None else {}


class _Base:
    __slots__ = ("_native",)

    def __init__(
        self,
        *,
        project: str,
        private_key: str | bytes,
        base_url: str = DEMO_URL,
        api_version: int = 2,
        submerchant: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        request_timeout: float | None = None,
        max_retries: int | None = None,
        max_connections: int | None = None,
        proxy: str | None = None,
        root_certificates: Sequence[str | bytes] = (),
        user_agent_suffix: str | None = None,
        allow_insecure_http: bool = False,
        on_request: RequestHook | None = None,
        on_response: ResponseHook | None = None,
        max_response_bytes: int | None = None,
    ) -> None:
        self._native = _native.Client(
            project=project,
            private_key=private_key,
            base_url=base_url,
            api_version=api_version,
            submerchant=submerchant,
            timeout=timeout,
            connect_timeout=connect_timeout,
            request_timeout=request_timeout,
            max_retries=max_retries,
            max_connections=max_connections,
            proxy=proxy,
            root_certificates=list(root_certificates),
            user_agent_suffix=user_agent_suffix,
            allow_insecure_http=allow_insecure_http,
            on_request=on_request,
            on_response=on_response,
            max_response_bytes=max_response_bytes,
        )
        self._attach_resources()

    def _attach_resources(self) -> None:
        raise NotImplementedError

    @property
    def timeout(self) -> float:
        """The total deadline of a call, in seconds (the core's default unless given)."""
        return float(self._native.settings()["timeout_ms"]) / 1000

    @property
    def max_retries(self) -> int:
        """How many times a call that can be repeated safely is sent again."""
        return int(self._native.settings()["max_retries"])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._native!r})"


class Client(_Base):
    """The Pike API, blocking. Safe to share across threads; releases the GIL while it
    waits, and Ctrl-C interrupts a call (the ``KeyboardInterrupt`` carries the call's
    ``idempotency_key``: the request may have reached Pike).

    ``project`` and ``private_key`` (PEM or DER) are yours; ``base_url`` is
    :data:`DEMO_URL` or :data:`LIVE_URL`; ``api_version`` is 1 or 2 (results always use
    the v2 names). ``timeout`` bounds a whole call, retries included, in seconds
    (``request_timeout`` one HTTP attempt, ``connect_timeout`` connecting);
    ``max_retries`` is how many times a call that can be repeated safely is sent again.
    Left out, each takes the core's default, the same in every language (60 s, 30 s,
    10 s and 2 retries).
    ``max_connections`` (default 100) bounds the requests in flight and so the
    connections open at once; calls beyond it wait for a free one within their
    ``timeout``. ``max_response_bytes`` (default 4 MiB) caps the answer size: a longer
    answer is not read, and the call raises :class:`OutcomeUnknownError` (with its
    ``idempotency_key``) when it may have moved money, :class:`DecodeError` otherwise.
    Every Pike method also takes ``idempotency_key=``, ``timeout=``, ``max_retries=``,
    ``extra_body=`` (fields added to the body), ``submerchant=`` (this call's
    ``X-PARTNER-SUBMERCHANT``) and ``extra_headers=``;
    ``wait`` takes ``until=`` and ``timeout=`` (see :meth:`Sessions.wait`).

    ``on_request`` and ``on_response`` are called for every attempt, on the client's own
    threads, with a :class:`pikepay.hooks.AttemptRequest` /
    :class:`~pikepay.hooks.AttemptResponse` dict (no bodies, no secrets); an exception in
    them is reported and never breaks the call. Each attempt is also a record on the
    ``pikepay`` logger.
    """

    __slots__ = ("sessions", "recurrent", "tokens", "fps", "wallet", "sberpay")

    sessions: Sessions
    recurrent: Recurrent
    tokens: Tokens
    fps: Fps
    wallet: Wallet
    sberpay: Sberpay

    def _attach_resources(self) -> None:
        self.sessions = Sessions(self._call, self._wait)
        self.recurrent = Recurrent(self._call, self._wait)
        self.tokens = Tokens(self._call, self._wait)
        self.fps = Fps(self._call, self._wait)
        self.wallet = Wallet(self._call, self._wait)
        self.sberpay = Sberpay(self._call, self._wait)

    def _call(
        self,
        path: str,
        body: dict[str, Any],
        idempotency_key: str | None,
        timeout: float | None,
        max_retries: int | None,
        more: dict[str, Any] | None,
    ) -> PikeObject:
        options = _options(idempotency_key, timeout, max_retries, more)
        return _result(self._native.call(path, body, options))

    def request(
        self,
        method: str,
        path: str,
        body: Json | None = None,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        validate: bool = True,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> PikeObject:
        """Calls any Pike method by HTTP method and path (``"POST"``,
        ``"session/status"``), signed and retried like the others. ``validate=False``
        sends any JSON object as given, unchecked (the raw path)."""
        options = _raw_options(
            idempotency_key, timeout, max_retries, validate, extra_body, submerchant, extra_headers
        )
        return _result(self._native.request(method, path, _plain(body), options))

    def wait(
        self,
        session_id: str,
        *,
        until: Until = "final",
        timeout: float | None = None,
    ) -> PikeObject:
        """Polls the session until it is final, waits for you (``"next_action"``), has
        the given status or one of the given statuses, or ``until(session)`` is true;
        raises when ``timeout`` seconds (60 by default) pass first. Same as
        ``sessions.wait``."""
        return self._wait(session_id, until, timeout)

    def _wait(self, session_id: str, until: Until, timeout: float | None) -> PikeObject:
        waiting = _Waiting(until, timeout)
        return waiting.settle(self._native.wait(session_id, waiting.options))

    def close(self) -> None:
        """Closes the connections; later calls raise ``ConfigurationError``. Once every
        client is closed and no call runs, pikepay's background threads end."""
        self._native.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_Base):
    """The Pike API for asyncio: the same resources as :class:`Client`, each method a
    coroutine. Cancelling the awaiting task drops the request. Use ``async with``."""

    __slots__ = ("sessions", "recurrent", "tokens", "fps", "wallet", "sberpay")

    sessions: AsyncSessions
    recurrent: AsyncRecurrent
    tokens: AsyncTokens
    fps: AsyncFps
    wallet: AsyncWallet
    sberpay: AsyncSberpay

    def _attach_resources(self) -> None:
        self.sessions = AsyncSessions(self._call, self._wait)
        self.recurrent = AsyncRecurrent(self._call, self._wait)
        self.tokens = AsyncTokens(self._call, self._wait)
        self.fps = AsyncFps(self._call, self._wait)
        self.wallet = AsyncWallet(self._call, self._wait)
        self.sberpay = AsyncSberpay(self._call, self._wait)

    async def _call(
        self,
        path: str,
        body: dict[str, Any],
        idempotency_key: str | None,
        timeout: float | None,
        max_retries: int | None,
        more: dict[str, Any] | None,
    ) -> PikeObject:
        options = _options(idempotency_key, timeout, max_retries, more)
        return await _settled(self._native.call_async(path, body, options))

    async def request(
        self,
        method: str,
        path: str,
        body: Json | None = None,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        validate: bool = True,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> PikeObject:
        """Calls any Pike method by HTTP method and path, signed and retried like the
        others. ``validate=False`` sends any JSON object as given, unchecked."""
        options = _raw_options(
            idempotency_key, timeout, max_retries, validate, extra_body, submerchant, extra_headers
        )
        return await _settled(self._native.request_async(method, path, _plain(body), options))

    async def wait(
        self,
        session_id: str,
        *,
        until: Until = "final",
        timeout: float | None = None,
    ) -> PikeObject:
        """Polls the session until it is final, waits for you (``"next_action"``), has
        the given status or one of the given statuses, or ``until(session)`` is true;
        raises when ``timeout`` seconds (60 by default) pass first. Same as
        ``sessions.wait``."""
        return await self._wait(session_id, until, timeout)

    async def _wait(self, session_id: str, until: Until, timeout: float | None) -> PikeObject:
        waiting = _Waiting(until, timeout)
        return waiting.settle(await self._native.wait_async(session_id, waiting.options))

    async def close(self) -> None:
        """Closes the connections; later calls raise ``ConfigurationError``. Once every
        client is closed and no call runs, pikepay's background threads end."""
        self._native.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
