"""Type-checked with ``mypy --strict`` (not run): the public API's types as users see them."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from typing_extensions import assert_type

import pikepay
from pikepay.models import (
    FpsBanksResponse,
    RecurrentDisableResponse,
    SberpayPushResponse,
    Session,
    SessionResponse,
    TokenInfoResponse,
    TokenizeElementsResponse,
    TokenResponse,
    WalletBalanceResponse,
)
from pikepay.params import AmountDetails, PaymentDetails, PayoutDetails
from pikepay.types import EventType

PEM = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"
CARD: PayoutDetails = {
    "type": "card",
    "card": {"type": "bank_card", "bank_card": {"number": "4242"}},
}
PAY_CARD: PaymentDetails = {
    "type": "card",
    "card": {"type": "bank_card", "bank_card": {"number": "4242"}},
}
RUB: AmountDetails = {"amount": 1000, "currency": "rub"}


def blocking() -> None:
    client = pikepay.Client(
        project="p",
        private_key=PEM,
        base_url=pikepay.DEMO_URL,
        api_version=2,
        submerchant=None,
        timeout=30.0,
        max_retries=2,
    )
    session = client.sessions.init_payout(
        payout_details=CARD, amount_details=RUB, idempotency_key="k-123", timeout=5.0
    )
    assert_type(session, SessionResponse)
    assert_type(session.idempotency_key, "str | None")
    assert_type(session.to_dict(), "dict[str, Any]")
    status: str = session.session.payout_list[0].status
    sid: str = session.session.id
    assert_type(client.sessions.create(metadata={"order": 1}), SessionResponse)
    assert_type(
        client.sessions.init_payment(payment_details=PAY_CARD, amount_details=RUB, customer={}),
        SessionResponse,
    )
    assert_type(client.sessions.start_payout(session_id=sid), SessionResponse)
    assert_type(client.sessions.start_payment(session_id=sid), SessionResponse)
    assert_type(client.sessions.confirm(session_id=sid, max_retries=0), SessionResponse)
    assert_type(client.sessions.cancel(session_id=sid), SessionResponse)
    assert_type(client.sessions.capture(session_id=sid, amount_details=RUB), SessionResponse)
    assert_type(client.sessions.refund(session_id=sid), SessionResponse)
    assert_type(client.sessions.status(session_id=sid), SessionResponse)
    assert_type(client.sessions.wait(sid, until="next_action", timeout=9), SessionResponse)
    assert_type(client.recurrent.disable(recurrent={"token": "t"}), RecurrentDisableResponse)
    assert_type(client.tokens.create(acquiring_widget={"session_id": sid}), TokenResponse)
    assert_type(
        client.tokens.info(type="public_token", public_token={"token": "t"}), TokenInfoResponse
    )
    assert_type(
        client.tokens.tokenize_elements(
            card_elements=[{"ref": "a", "type": "card_number", "card_number": "4242"}]
        ),
        TokenizeElementsResponse,
    )
    assert_type(client.fps.banks(), FpsBanksResponse)
    assert_type(
        client.fps.customer_verification(payout_details=CARD, participant_details={}),
        SessionResponse,
    )
    assert_type(client.wallet.balance(), WalletBalanceResponse)
    assert_type(client.sberpay.push(session_id=sid, phone="+7"), SberpayPushResponse)
    assert_type(client.request("POST", "session/status", {"session_id": sid}), pikepay.PikeObject)
    assert_type(client.wait(sid, until=["accepted"]), pikepay.PikeObject)
    print(status)
    client.close()


async def asynchronous() -> None:
    async with pikepay.AsyncClient(project="p", private_key=PEM.encode()) as client:
        pending = client.sessions.init_payout(payout_details=CARD, amount_details=RUB)
        _ = assert_type(pending, Coroutine[Any, Any, SessionResponse])
        session = await pending
        assert_type(session, SessionResponse)
        assert_type(await client.fps.banks(), FpsBanksResponse)
        assert_type(await client.request("GET", "fps/banks"), pikepay.PikeObject)
        assert_type(await client.wait("ps_1"), pikepay.PikeObject)


def webhooks_and_signatures(raw_body: bytes, header: str | None) -> None:
    event = pikepay.Webhook(public_key=PEM).construct_event(raw_body, header)
    assert_type(event, pikepay.Event)
    # Typed views; at runtime a value of an unexpected type reads as sent.
    assert_type(event.type, EventType)
    assert_type(event.session, Session)
    signature = pikepay.sign(raw_body, private_key=PEM)
    assert_type(signature, str)
    assert_type(pikepay.verify(raw_body, signature, public_key=PEM), None)


def errors() -> None:
    try:
        blocking()
    except pikepay.OutcomeUnknownError as e:
        assert_type(e.idempotency_key, "str | None")
        assert_type(e.retryable, bool)
    except pikepay.InvalidRequestError as e:
        assert_type(e.field, "str | None")
        assert_type(e.pike_description, "str | None")
    except pikepay.PikepayError as e:
        assert_type(e.http_status, "int | None")
        assert_type(e.code, "str | None")
        assert_type(e.retry_after, "float | None")
    base: type[Exception] = pikepay.PikepayError
    print(base, Any)


def django_views() -> None:
    from pikepay.contrib.django import AsyncView, View, webhook_view

    decorate = webhook_view(pikepay.Webhook(public_key=PEM))

    def handler(event: pikepay.Event) -> None:
        print(event.type)

    async def async_handler(event: pikepay.Event) -> None:
        print(event.type)

    assert_type(decorate(handler), View)
    assert_type(decorate(async_handler), AsyncView)
