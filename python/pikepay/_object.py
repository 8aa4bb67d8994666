"""PikeObject: the base of every result, a read-only view over a JSON object."""

from __future__ import annotations

from pikepay import _native
from pikepay._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any, ClassVar, TypeVar

    _View = TypeVar("_View", bound="PikeObject")


def _wrap(value: Any, under: str | None = None, kind: type[PikeObject] | None = None) -> Any:
    """``value`` as a view: objects as ``kind`` (a result class, or PikeObject), lists
    item by item, anything else as it is."""
    if isinstance(value, dict):
        return (kind or PikeObject)(value, _under=under)
    if isinstance(value, list):
        return [_wrap(item, under, kind) for item in value]
    return value


class PikeObject:
    """A JSON object from Pike: ``obj["field"]`` and ``obj.get("field")`` read any field,
    known or not; ``to_dict()`` returns a plain copy; ``repr`` hides card data, tokens and
    keys; ``idempotency_key`` is the key a money-moving call used.

    The typed results (:mod:`pikepay.models`) are subclasses with a typed property per
    known field. At runtime any field also reads as an attribute (``obj.field``), but type
    checkers see only the typed properties, so a misspelt field name is an error there.
    """

    __slots__ = ("_data", "_idempotency_key", "_under")

    _data: dict[str, Any]
    _idempotency_key: str | None
    #: The nearest enclosing field that is secret or public by the core's table (e.g.
    #: ``private_key``), so ``repr`` of a nested object hides what its place hides.
    _under: str | None
    #: True when a typed property of an absent field reads ``None`` (webhook events)
    #: instead of raising ``AttributeError``.
    _absent_is_none: ClassVar[bool] = False

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

    @classmethod
    def _of(cls: type[_View], result: PikeObject) -> _View:
        """``result`` (same JSON, same key) viewed as this class."""
        return cls(result._data, idempotency_key=result._idempotency_key, _under=result._under)

    def _under_of(self, name: str) -> str | None:
        under = self._under
        if under is None and _native.classify_key(name) != "plain":
            under = name
        return under

    def _child(self, name: str, kind: type[PikeObject] | None = None) -> Any:
        return _wrap(self._data[name], self._under_of(name), kind)

    def _missing(self, name: str) -> AttributeError:
        return AttributeError(f"{type(self).__name__} has no field {name!r}")

    def _read(self, name: str, kind: type[PikeObject] | None = None) -> Any:
        """A typed property's value: objects (also in lists) as ``kind``, anything else
        as sent."""
        if name not in self._data:
            if self._absent_is_none:
                return None
            raise self._missing(name)
        return self._child(name, kind)

    def _read_map(self, name: str, kind: type[PikeObject] | None) -> Any:
        """A typed property's map: each value an object as ``kind``; a value that is not
        a JSON object is returned as sent."""
        value = self._data.get(name)
        if not isinstance(value, dict):
            return self._read(name)
        under = self._under_of(name)
        return {key: _wrap(item, under, kind) for key, item in value.items()}

    @property
    def idempotency_key(self) -> str | None:
        """The idempotency key the call was sent with (store it to retry safely)."""
        return self._idempotency_key

    if not TYPE_CHECKING:
        # Any field reads as an attribute at runtime; hidden from type checkers, which
        # then see only the typed properties and refuse a misspelt field name.
        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):
                raise AttributeError(name)
            try:
                return self._child(name)
            except KeyError:
                raise self._missing(name) from None

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
        import copy

        return copy.deepcopy(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PikeObject):
            return self._data == other._data
        if isinstance(other, dict):
            return self._data == other
        return NotImplemented

    __hash__: ClassVar[None] = None  # type: ignore[assignment]

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
