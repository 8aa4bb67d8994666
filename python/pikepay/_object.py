"""PikeObject: the result of every call, a read-only JSON object with attribute access."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from pikepay import _native


def _wrap(value: Any, under: str | None = None) -> Any:
    if isinstance(value, dict):
        return PikeObject(value, _under=under)
    if isinstance(value, list):
        return [_wrap(item, under) for item in value]
    return value


class PikeObject:
    """A JSON object from Pike with attribute access to every field, known or not.

    ``session.payout_list[0].status`` reads nested fields; ``obj["field"]`` works too, for
    names that are not identifiers. ``to_dict()`` returns a plain copy. ``repr`` hides card
    data, tokens and keys. ``idempotency_key`` is the key a money-moving call used.
    """

    __slots__ = ("_data", "_idempotency_key", "_under")

    _data: dict[str, Any]
    _idempotency_key: str | None
    #: The nearest enclosing field that is secret or public by the core's table (e.g.
    #: ``private_key``), so ``repr`` of a nested object hides what its place hides.
    _under: str | None

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
        _under: str | None = None,
    ) -> None:
        object.__setattr__(self, "_data", dict(data) if data is not None else {})
        object.__setattr__(self, "_idempotency_key", idempotency_key)
        object.__setattr__(self, "_under", _under)

    def _child(self, name: str) -> Any:
        under = self._under
        if under is None and _native.classify_key(name) != "plain":
            under = name
        return _wrap(self._data[name], under)

    @property
    def idempotency_key(self) -> str | None:
        """The idempotency key the call was sent with (store it to retry safely)."""
        return self._idempotency_key

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._child(name)
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __getitem__(self, key: str) -> Any:
        return self._child(key)

    def get(self, key: str, default: Any = None) -> Any:
        """The field ``key``, or ``default`` when it is absent."""
        return self._child(key) if key in self._data else default

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def keys(self) -> list[str]:
        """The field names, in the order Pike sent them."""
        return list(self._data)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {k for k in self._data if k.isidentifier()})

    def to_dict(self) -> dict[str, Any]:
        """A deep copy as plain dicts and lists."""
        return copy.deepcopy(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PikeObject):
            return self._data == other._data
        if isinstance(other, dict):
            return self._data == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self._under is None:
            shown = _native.redact(self._data)
        else:
            shown = _native.redact({self._under: self._data})[self._under]
        return f"{type(self).__name__}({shown!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self._data, self._idempotency_key, self._under))


def _restore(
    cls: type[PikeObject], data: dict[str, Any], key: str | None, under: str | None = None
) -> PikeObject:
    """Rebuilds a PikeObject for pickle and copy."""
    return cls(data, idempotency_key=key, _under=under)


class Event(PikeObject):
    """A verified webhook: the received JSON (canonical API v2 names), whole.

    ``type`` (e.g. ``"payment_finished"``) and ``session`` read what Pike sent: ``None``
    when absent, and the raw value when it has an unexpected type.
    """

    __slots__ = ()

    @property
    def type(self) -> Any:
        """The webhook type: action_required, ready_to_confirm, ready_to_capture,
        payment_finished, payment_refunded, or a newer one kept as is."""
        return self._data.get("type")

    @property
    def session(self) -> Any:
        """The session the webhook is about (a :class:`PikeObject`), with canonical
        (API v2) names."""
        return _wrap(self._data.get("session"))
