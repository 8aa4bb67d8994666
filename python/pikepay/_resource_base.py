"""What the generated resource classes (``_resources.py``) stand on: the calls they are
given by the client, the per-call options, and the methods that are not operations of
the core's table (``sessions.wait``)."""

from __future__ import annotations

from pikepay._typing import TYPE_CHECKING
from pikepay.models import SessionResponse

if TYPE_CHECKING:
    from collections.abc import Awaitable, Mapping, Sequence
    from typing import Any, Callable, Optional, TypeVar, Union

    from pikepay._object import PikeObject

    R = TypeVar("R")

    #: A JSON object as plain dicts (or PikeObjects).
    Json = Mapping[str, Any]
    #: More per-call options: ``validate``, ``extra_body``, ``submerchant``,
    #: ``extra_headers``.
    More = dict[str, Any]
    #: ``call(path, body, idempotency_key, timeout, max_retries, more)``.
    Call = Callable[
        [str, dict[str, Any], Optional[str], Optional[float], Optional[int], Optional[More]], R
    ]
    #: What ``wait`` waits for: ``"final"``, ``"next_action"``, a session status, a list
    #: of statuses, or a function of the session (a :class:`pikepay.PikeObject`) that
    #: returns true when the wait is over.
    Until = Union[str, Sequence[str], Callable[[Any], object]]
    #: ``wait(session_id, until, timeout)``; ``None`` is the core's default timeout.
    Wait = Callable[[str, Until, Optional[float]], R]


class _Unset:
    """The default of parameters that take any JSON (``metadata``): left out of the body,
    while ``None`` sends ``null``."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def _more(
    extra_body: Json | None, submerchant: str | None, extra_headers: Mapping[str, str] | None
) -> More | None:
    """The per-call options beyond key, timeout and retries, when any is given."""
    if extra_body is None and submerchant is None and extra_headers is None:
        return None
    return {
        "extra_body": dict(extra_body) if extra_body is not None else None,
        "submerchant": submerchant,
        "extra_headers": dict(extra_headers) if extra_headers is not None else None,
    }


class _SyncResource:
    """A resource of :class:`pikepay.Client`: its methods return results."""

    __slots__ = ("_call", "_wait")

    def __init__(self, call: Call[PikeObject], wait: Wait[PikeObject]) -> None:
        self._call = call
        self._wait = wait


class _AsyncResource:
    """A resource of :class:`pikepay.AsyncClient`: its methods are coroutines."""

    __slots__ = ("_call", "_wait")

    def __init__(
        self, call: Call[Awaitable[PikeObject]], wait: Wait[Awaitable[PikeObject]]
    ) -> None:
        self._call = call
        self._wait = wait


class _SessionsWait(_SyncResource):
    """``sessions.wait`` of :class:`pikepay.Client`."""

    __slots__ = ()

    def wait(
        self,
        session_id: str,
        *,
        until: Until = "final",
        timeout: float | None = None,
    ) -> SessionResponse:
        """Polls ``session/status`` until the session is final (``until="final"``), waits
        for you (``"next_action"``), has a given status (``"accepted"``) or one of the
        given statuses (a list), or ``until(session)`` returns true; ``timeout`` bounds
        the whole wait, in seconds (60 by default). Running out of time raises
        ``OutcomeUnknownError`` naming the last status seen; what ``until`` raises ends
        the wait with that exception.

        There is no ``idempotency_key=``: a wait only reads ``session/status``, which
        moves no money and needs no key. There is no ``max_retries=`` either: each poll
        retries transient failures as the client's ``max_retries`` says, all within
        ``timeout``; set it on the client to change it."""
        return SessionResponse._of(self._wait(session_id, until, timeout))


class _AsyncSessionsWait(_AsyncResource):
    """``sessions.wait`` of :class:`pikepay.AsyncClient`."""

    __slots__ = ()

    async def wait(
        self,
        session_id: str,
        *,
        until: Until = "final",
        timeout: float | None = None,
    ) -> SessionResponse:
        """Polls ``session/status`` until ``until`` holds or the session is final, within
        ``timeout`` seconds; the same as the blocking client's ``sessions.wait``."""
        return SessionResponse._of(await self._wait(session_id, until, timeout))
