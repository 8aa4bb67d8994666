"""PikeObject: attribute access, unknown fields, to_dict, equality and a redacted repr."""

from __future__ import annotations

import copy
import pickle

import pytest

import pikepay

SESSION = {
    "id": "ps_1",
    "status": "in_progress",
    "payout_list": [
        {
            "id": "po_1",
            "status": "pending",
            "payout_details": {
                "type": "card",
                "card": {
                    "type": "bank_card",
                    "bank_card": {"number": "4242424242424242", "security_code": "123"},
                },
            },
            "amount_details": {"amount": 1000, "currency": "rub"},
        }
    ],
    "recurrent": {"token": "9741secrettoken"},
    "field_from_the_future": {"x-y": 1},
}


def test_attribute_access_is_recursive() -> None:
    obj = pikepay.PikeObject(SESSION)
    assert obj.payout_list[0].status == "pending"
    assert obj.payout_list[0].amount_details.amount == 1000
    assert obj["payout_list"][0]["payout_details"].card.type == "bank_card"
    assert obj.field_from_the_future["x-y"] == 1
    assert obj.get("missing") is None
    assert "id" in obj and "missing" not in obj
    assert list(obj) == list(SESSION)
    with pytest.raises(AttributeError, match="missing"):
        _ = obj.missing


def test_to_dict_is_a_deep_copy() -> None:
    obj = pikepay.PikeObject(SESSION)
    plain = obj.to_dict()
    assert plain == SESSION
    plain["payout_list"][0]["status"] = "changed"
    assert obj.payout_list[0].status == "pending"


def test_equality() -> None:
    assert pikepay.PikeObject(SESSION) == pikepay.PikeObject(SESSION)
    assert pikepay.PikeObject(SESSION) == SESSION
    assert pikepay.PikeObject({"id": "a"}) != pikepay.PikeObject({"id": "b"})
    assert pikepay.PikeObject(SESSION) != "ps_1"


def test_read_only() -> None:
    obj = pikepay.PikeObject(SESSION)
    with pytest.raises(AttributeError):
        obj.status = "accepted"  # type: ignore[misc]


def test_repr_hides_card_data_and_tokens() -> None:
    text = repr(pikepay.PikeObject(SESSION))
    assert text.startswith("PikeObject(")
    for secret in ("4242424242424242", "'123'", "9741secrettoken"):
        assert secret not in text
    assert "[redacted]" in text
    assert "po_1" in text and "1000" in text
    assert str(pikepay.PikeObject(SESSION)) == text


def test_idempotency_key_is_not_a_field() -> None:
    obj = pikepay.PikeObject({"id": "x"}, idempotency_key="key-1234")
    assert obj.idempotency_key == "key-1234"
    assert obj.to_dict() == {"id": "x"}
    assert pikepay.PikeObject({"id": "x"}).idempotency_key is None


def test_pickle_and_copy_keep_fields_and_key() -> None:
    obj = pikepay.PikeObject(SESSION, idempotency_key="key-1234")
    for clone in (pickle.loads(pickle.dumps(obj)), copy.deepcopy(obj), copy.copy(obj)):
        assert type(clone) is pikepay.PikeObject
        assert clone == obj
        assert clone.idempotency_key == "key-1234"
    event = pikepay.Event({"type": "payment_finished", "session": {"id": "ps_1"}})
    assert pickle.loads(pickle.dumps(event)).session.id == "ps_1"


@pytest.mark.parametrize("depth", [65, 100, 128])
def test_repr_of_a_deeply_nested_answer(depth: int) -> None:
    import json

    text = '{"a":' * (depth - 1) + '{"number":"4242424242424242"}' + "}" * (depth - 1)
    shown = repr(pikepay.PikeObject(json.loads(text)))
    assert shown.count("{") == depth
    assert "4242424242424242" not in shown
