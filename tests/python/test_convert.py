"""Python <-> JSON conversion in the native module (seen through the redaction round trip)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import pikepay
from pikepay import _native


def test_round_trip_keeps_types() -> None:
    value: dict[str, Any] = {
        "flag": True,
        "off": False,
        "one": 1,
        "none": None,
        "big": 2**63 - 1,
        "ubig": 2**64 - 1,
        "negative": -(2**63),
        "ratio": 0.5,
        "text": "привет",
        "list": [1, "a", [True]],
        "tuple": (1, 2),
    }
    out = _native.redact(value)
    assert out == {**value, "tuple": [1, 2]}
    assert out["flag"] is True and type(out["one"]) is int
    assert type(out["ratio"]) is float


def test_numbers_of_any_size_round_trip_exactly() -> None:
    value: dict[str, Any] = {
        "huge": 2**200,
        "negative_huge": -(2**70),
        "beyond_float": Decimal("1e400"),
        "digits": Decimal("0.123456789012345678901234567890"),
        "float": 0.1,
        "exact_decimal": Decimal("1.5"),
    }
    out = _native.redact(value)
    assert out == value
    assert type(out["huge"]) is int and type(out["beyond_float"]) is Decimal
    assert out["digits"].as_tuple() == value["digits"].as_tuple()
    # A Decimal a float holds exactly reads back as that float, by the one rule.
    assert type(out["exact_decimal"]) is float


def test_bytes_become_text() -> None:
    assert _native.redact({"a": b"abc", "b": bytearray(b"x")}) == {"a": "abc", "b": "x"}


def test_pike_objects_nest() -> None:
    inner = pikepay.PikeObject({"amount": 1, "currency": "rub"})
    assert _native.redact({"amount_details": inner}) == {
        "amount_details": {"amount": 1, "currency": "rub"}
    }


@pytest.mark.parametrize(
    ("value", "field", "words"),
    [
        ({"amount_details": {"amount": Decimal("NaN")}}, "amount_details.amount", "not a finite"),
        ({"a": [Decimal("-Infinity")]}, "a[0]", "not a finite"),
        ({"a": {1: "x"}}, "a", "keys must be strings"),
        ({"items": [1, object()]}, "items[1]", "cannot be sent"),
        ({"a": float("nan")}, "a", "NaN"),
        ({"raw": b"\xff\xfe"}, "raw", "UTF-8"),
    ],
)
def test_unsendable_values_name_the_field(value: Any, field: str, words: str) -> None:
    with pytest.raises(pikepay.InvalidRequestError) as info:
        _native.redact(value)
    assert info.value.field == field
    assert words in str(info.value)


def test_self_reference_is_refused() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(pikepay.InvalidRequestError, match="nested"):
        _native.redact({"a": loop})


class _Grows:
    """Adds a field to ``parent`` while it is being converted."""

    def __init__(self, parent: dict[str, Any]) -> None:
        self.parent = parent

    def to_dict(self) -> dict[str, Any]:
        self.parent["added"] = 1
        return {}


def test_a_dict_that_changes_while_converted_is_a_typed_error() -> None:
    body: dict[str, Any] = {}
    body["metadata"] = _Grows(body)
    with pytest.raises(pikepay.InvalidRequestError, match="changed") as info:
        _native.redact({"outer": body})
    assert info.value.field == "outer"


def test_json_as_deep_as_the_core_parses_converts() -> None:
    value: Any = "leaf"
    for _ in range(128):
        value = {"a": value}
    assert _native.redact(value) == value
