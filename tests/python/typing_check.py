"""Type-checked with ``mypy --strict`` (not run): the public API's types as users see them."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from typing_extensions import assert_type

import pikepay

PEM = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"
CARD = {"type": "card", "card": {"type": "bank_card", "bank_card": {"number": "4242"}}}
RUB = {"amount": 1000, "currency": "rub"}


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
    assert_type(session, pikepay.PikeObject)
    assert_type(session.idempotency_key, "str | None")
    assert_type(session.to_dict(), "dict[str, Any]")
    status: str = session.session.payout_list[0].status
    sid: str = session.session.id
    assert_type(client.sessions.create(metadata={"order": 1}), pikepay.PikeObject)
    assert_type(
        client.sessions.init_payment(payment_details=CARD, amount_details=RUB, customer={}),
        pikepay.PikeObject,
    )
    assert_type(client.sessions.start_payout(session_id=sid), pikepay.PikeObject)
    assert_type(client.sessions.start_payment(session_id=sid), pikepay.PikeObject)
    assert_type(client.sessions.confirm(session_id=sid, max_retries=0), pikepay.PikeObject)
    assert_type(client.sessions.cancel(session_id=sid), pikepay.PikeObject)
    assert_type(client.sessions.capture(session_id=sid, amount_details=RUB), pikepay.PikeObject)
    assert_type(client.sessions.refund(session_id=sid), pikepay.PikeObject)
    assert_type(client.sessions.status(session_id=sid), pikepay.PikeObject)
    assert_type(client.sessions.wait(sid, until="next_action", timeout=9), pikepay.PikeObject)
    assert_type(client.recurrent.disable(token="t"), pikepay.PikeObject)
    assert_type(client.tokens.create(acquiring_widget={"session_id": sid}), pikepay.PikeObject)
    assert_type(client.tokens.info(type="public_token", public_token={}), pikepay.PikeObject)
    assert_type(client.tokens.tokenize_elements(card_elements=[{}]), pikepay.PikeObject)
    assert_type(client.fps.banks(), pikepay.PikeObject)
    assert_type(
        client.fps.customer_verification(payout_details=CARD, participant_details={}),
        pikepay.PikeObject,
    )
    assert_type(client.wallet.balance(), pikepay.PikeObject)
    assert_type(client.sberpay.push(session_id=sid, phone="+7"), pikepay.PikeObject)
    assert_type(client.request("POST", "session/status", {"session_id": sid}), pikepay.PikeObject)
    assert_type(client.wait(sid, until=["accepted"]), pikepay.PikeObject)
    print(status)
    client.close()


async def asynchronous() -> None:
    async with pikepay.AsyncClient(project="p", private_key=PEM.encode()) as client:
        pending = client.sessions.init_payout(payout_details=CARD, amount_details=RUB)
        assert_type(pending, Awaitable[pikepay.PikeObject])
        session = await pending
        assert_type(session, pikepay.PikeObject)
        assert_type(await client.fps.banks(), pikepay.PikeObject)
        assert_type(await client.request("GET", "fps/banks"), pikepay.PikeObject)
        assert_type(await client.wait("ps_1"), pikepay.PikeObject)


def webhooks_and_signatures(raw_body: bytes, header: str | None) -> None:
    event = pikepay.Webhook(public_key=PEM).construct_event(raw_body, header)
    assert_type(event, pikepay.Event)
    assert_type(event.type, Any)  # what Pike sent, kept as is
    assert_type(event.session, Any)  # a PikeObject when Pike sent an object
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
