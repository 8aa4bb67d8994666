"""Per-call options and lenient validation through the Python client and the sandbox:
unknown instruments go through, extra body fields and a per-call sub-merchant reach Pike,
and a raw call skips validation."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Project, Sandbox

import pikepay

WALLET = {"type": "wallet", "wallet": {"type": "qiwi", "account": "79261234567"}}
CARD = {"type": "card", "card": {"type": "bank_card", "bank_card": {"number": "4242424242424242"}}}


def test_wallet_payout_with_extra_body_and_its_own_submerchant(
    client: pikepay.Client, project: Project, sandbox: Sandbox
) -> None:
    result = client.sessions.init_payout(
        payout_details=WALLET,
        amount_details={"amount": 1500, "currency": "RUB"},
        extra_body={"metadata": {"order": "A-1"}},
        submerchant="sub-2",
        extra_headers={"X-Trace-Id": "t-1"},
    )
    item = result.session.payout_list[0]
    assert item.payout_details.to_dict() == WALLET
    assert item.metadata.to_dict() == {"order": "A-1"}
    assert sandbox.requests(project.name)[-1]["submerchant"] == "sub-2"


def test_secured_card_payment_goes_through(client: pikepay.Client) -> None:
    secured = {"type": "secured_card", "secured_card": {"type": "google_pay"}}
    result = client.sessions.init_payment(
        payment_details=secured,
        amount_details={"amount": 2500, "currency": "rub"},
        customer={"reference": "lucky"},
    )
    assert result.session.payment_list[0].payment_details.type == "secured_card"


def test_a_raw_call_with_validate_false_sends_the_body_as_given(
    client: pikepay.Client, project: Project, sandbox: Sandbox
) -> None:
    zero = {"amount": 0, "currency": "rub"}
    body: dict[str, Any] = {"payout_details": CARD, "amount_details": zero}
    before = len(sandbox.requests(project.name))
    with pytest.raises(pikepay.InvalidRequestError) as local:
        client.request("POST", "session/init/payout", body)
    assert local.value.http_status is None
    assert len(sandbox.requests(project.name)) == before
    with pytest.raises(pikepay.InvalidRequestError) as remote:
        client.request("POST", "session/init/payout", body, validate=False)
    assert remote.value.http_status == 400
    assert remote.value.idempotency_key
    assert len(sandbox.requests(project.name)) == before + 1


def test_pikes_own_headers_cannot_be_overridden(client: pikepay.Client) -> None:
    with pytest.raises(pikepay.InvalidRequestError, match="set by the client") as info:
        client.sessions.status(session_id="ps_1", extra_headers={"X-PARTNER-SIGN": "x"})
    assert info.value.field == "extra_headers.X-PARTNER-SIGN"


def test_card_elements_as_a_dict_is_refused_naming_the_field(client: pikepay.Client) -> None:
    element = {"ref": "a", "type": "card_number", "card_number": "4242424242424242"}
    with pytest.raises(pikepay.InvalidRequestError) as info:
        client.tokens.tokenize_elements(card_elements={"a": element})  # type: ignore[arg-type]
    assert info.value.field == "card_elements"


def test_a_whole_decimal_amount_is_refused_as_not_minor_units(client: pikepay.Client) -> None:
    with pytest.raises(pikepay.InvalidRequestError, match="integer number of minor units") as e:
        client.sessions.init_payout(
            payout_details=CARD, amount_details={"amount": 100.0, "currency": "rub"}
        )
    assert e.value.field == "amount_details.amount"
