"""Every client method against the sandbox: blocking and asyncio, API v1 and v2."""

from __future__ import annotations

import asyncio
import importlib.metadata
import platform
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import Hooks, Project, Sandbox

import pikepay

VISA = "4242424242424242"
HOLD_CARD = "4000000000000077"
DECLINED = "4000000000000002"
FPS_PHONE = "79261234567"
RUB_1000 = {"amount": 1000, "currency": "rub"}


def card_payout(number: str = VISA) -> dict[str, Any]:
    return {"type": "card", "card": {"type": "bank_card", "bank_card": {"number": number}}}


def card_payment(number: str = VISA) -> dict[str, Any]:
    bank_card = {
        "number": number,
        "expiration_month": "05",
        "expiration_year": "30",
        "security_code": "123",
    }
    return {"type": "card", "card": {"type": "bank_card", "bank_card": bank_card}}


def fps_verification(phone: str) -> dict[str, Any]:
    check = {"phone": phone, "bank_id": "100000000069"}
    return {
        "type": "bank_account",
        "bank_account": {
            "system_type": "faster_payment_system_verification",
            "faster_payment_system_verification": check,
        },
    }


class Blocking:
    """Runs an AsyncClient's coroutines to completion, so one test body drives both clients."""

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if callable(attr):

            def run(*args: Any, **kwargs: Any) -> Any:
                awaitable = attr(*args, **kwargs)
                assert asyncio.iscoroutine(awaitable), f"{name} did not return a coroutine"
                return self._loop.run_until_complete(awaitable)

            return run
        return Blocking(attr, self._loop)


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, project: Project) -> Iterator[Any]:
    """The blocking client, or the asyncio client driven by an event loop."""
    if request.param == "sync":
        with pikepay.Client(**project.client_args()) as c:
            yield c
        return
    loop = asyncio.new_event_loop()
    client = pikepay.AsyncClient(**project.client_args())
    try:
        yield Blocking(client, loop)
    finally:
        loop.run_until_complete(client.close())
        loop.close()


def test_payout_init_confirm(api: Any, project: Project, sandbox: Sandbox, hooks: Hooks) -> None:
    session = api.sessions.init_payout(
        payout_details=card_payout(),
        amount_details=RUB_1000,
        participant_details={"recipient": {"full_name": "Ivanov Ivan"}},
        metadata={"order": "A-1"},
    )
    assert isinstance(session, pikepay.PikeObject)
    assert session.status == "ok"
    assert isinstance(session.idempotency_key, str) and len(session.idempotency_key) >= 4
    sid = session.session.id
    item = session.session.payout_list[0]
    assert item.status == "pending"
    assert item.payout_details.card.last4 == "4242"
    assert VISA not in repr(session)

    waited = api.sessions.wait(sid, until="next_action", timeout=10)
    assert waited.session.next_action == "confirm"
    confirmed = api.sessions.confirm(session_id=sid)
    assert confirmed.idempotency_key
    final = api.sessions.wait(sid, timeout=10)
    assert final.session.status == "accepted"
    assert final.session.payout_list[0].status == "succeeded"
    assert api.sessions.status(session_id=sid).session == final.session

    payouts = [e for e in sandbox.ledger(project.name) if e["kind"] == "payout"]
    assert [(e["session_id"], e["amount"]) for e in payouts] == [(sid, 1000)]


def test_payout_with_own_idempotency_key_is_sent_once(
    api: Any, project: Project, sandbox: Sandbox
) -> None:
    first = api.sessions.init_payout(
        payout_details=card_payout(), amount_details=RUB_1000, idempotency_key="order-77-payout"
    )
    again = api.sessions.init_payout(
        payout_details=card_payout(), amount_details=RUB_1000, idempotency_key="order-77-payout"
    )
    assert first.idempotency_key == again.idempotency_key == "order-77-payout"
    assert first.session.id == again.session.id
    with pytest.raises(pikepay.IdempotencyError) as info:
        api.sessions.init_payout(
            payout_details=card_payout(),
            amount_details={"amount": 2000, "currency": "rub"},
            idempotency_key="order-77-payout",
        )
    assert info.value.pike_code == "idempotency_key_params_mismatch"
    assert info.value.idempotency_key == "order-77-payout"


def test_create_start_payout_then_cancel(api: Any) -> None:
    created = api.sessions.create(metadata="note")
    sid = created.session.id
    assert created.session.status == "created"
    started = api.sessions.start_payout(
        session_id=sid, payout_details=card_payout(), amount_details=RUB_1000
    )
    assert started.session.payout_list[0].status == "pending"
    api.sessions.wait(sid, until="next_action", timeout=10)
    cancelled = api.sessions.cancel(session_id=sid)
    assert cancelled.session.id == sid
    final = api.sessions.wait(sid, until=["cancelled", "canceled"], timeout=10)
    assert final.session.status in ("cancelled", "canceled")


def test_payment_then_refund(api: Any, project: Project, sandbox: Sandbox) -> None:
    paid = api.sessions.init_payment(
        payment_details=card_payment(),
        amount_details=RUB_1000,
        customer={"reference": "lucky"},
        payment_options={"return_url": "https://shop.example/back"},
    )
    sid = paid.session.id
    assert VISA not in repr(paid) and "'123'" not in repr(paid)
    session = api.sessions.wait(sid, until="next_action", timeout=10).session
    if session.next_action == "confirm":
        api.sessions.confirm(session_id=sid)
    final = api.sessions.wait(sid, timeout=10)
    assert final.session.payment_list[0].status == "succeeded"

    refunded = api.sessions.refund(
        session_id=sid, amount_details={"amount": 400, "currency": "rub"}
    )
    assert refunded.idempotency_key
    refunds = refunded.session.payment_list[0].refunds
    assert refunds[0].amount_details.amount == 400
    # Like Pike, the refund is in progress until payment_refunded brings its result.
    assert refunds[0].status == "in_progress"
    assert refunded.session.status == "in_progress"
    kinds = [(e["kind"], e["amount"]) for e in sandbox.ledger(project.name)]
    assert ("refund", 400) not in kinds
    settled = api.sessions.wait(sid, timeout=10)
    assert settled.session.status == "accepted"
    assert settled.session.payment_list[0].refunds[0].status == "accepted"
    kinds = [(e["kind"], e["amount"]) for e in sandbox.ledger(project.name)]
    assert ("payment", 1000) in kinds and ("refund", 400) in kinds


def test_start_payment_hold_then_capture(api: Any, project: Project, sandbox: Sandbox) -> None:
    sid = api.sessions.create().session.id
    api.sessions.start_payment(
        session_id=sid,
        payment_details=card_payment(HOLD_CARD),
        amount_details=RUB_1000,
        customer={"reference": "hold"},
    )
    session = api.sessions.wait(sid, until="next_action", timeout=10).session
    if session.next_action == "confirm":
        api.sessions.confirm(session_id=sid)
        session = api.sessions.wait(sid, until="next_action", timeout=10).session
    assert session.next_action == "capture"
    captured = api.sessions.capture(
        session_id=sid, amount_details={"amount": 600, "currency": "rub"}
    )
    assert captured.idempotency_key
    final = api.sessions.wait(sid, timeout=10)
    assert final.session.status == "accepted"
    assert ("capture", 600) in [(e["kind"], e["amount"]) for e in sandbox.ledger(project.name)]


def test_declined_payout_fails(api: Any) -> None:
    sid = api.sessions.init_payout(
        payout_details=card_payout(DECLINED), amount_details=RUB_1000
    ).session.id
    api.sessions.wait(sid, until="next_action", timeout=10)
    api.sessions.confirm(session_id=sid)
    final = api.sessions.wait(sid, timeout=10)
    assert final.session.payout_list[0].status == "failed"


def test_recurrent_token_then_disable(api: Any) -> None:
    paid = api.sessions.init_payment(
        payment_details=card_payment(),
        amount_details=RUB_1000,
        customer={"reference": "subscriber"},
        payment_options={"recurrent": True},
    )
    sid = paid.session.id
    if api.sessions.wait(sid, until="next_action", timeout=10).session.get("next_action"):
        api.sessions.confirm(session_id=sid)
    final = api.sessions.wait(sid, timeout=10)
    token = final.session.payment_list[0].recurrent.token
    assert token not in repr(final)
    info = api.tokens.info(type="recurrent_token", recurrent_token={"token": token})
    assert info.info.is_active is True
    disabled = api.recurrent.disable(recurrent={"token": token})
    assert disabled.recurrent.is_active is False
    info = api.tokens.info(type="recurrent_token", recurrent_token={"token": token})
    assert info.info.is_active is False


def test_tokens(api: Any) -> None:
    sid = api.sessions.create().session.id
    public = api.tokens.create(acquiring_widget={"session_id": sid, "locale": "en"})
    assert isinstance(public.public_token, str)
    info = api.tokens.info(type="public_token", public_token={"token": public.public_token})
    assert info.info.type == "public_token" and info.info.is_active is True

    elements = api.tokens.tokenize_elements(
        card_elements=[{"ref": "number", "type": "card_number", "card_number": VISA}]
    )
    card_token = elements.data.number.token
    assert VISA not in repr(elements) and card_token not in repr(elements)
    card = api.tokens.info(
        type="card", card={"type": "tokenized_card", "tokenized_card": {"token": card_token}}
    )
    assert card.info.last4 == "4242"


def test_fps(api: Any) -> None:
    banks = api.fps.banks()
    assert any(bank.id == "100000000069" for bank in banks.banks)
    names = {"first_name": "Ivan", "last_name": "Ivanov"}
    found = api.fps.customer_verification(
        payout_details=fps_verification(FPS_PHONE),
        participant_details={"recipient": names},
    )
    assert found.session.payout_list[0].status == "succeeded"
    missing = api.fps.customer_verification(
        payout_details=fps_verification("79260000000"),
        participant_details={"recipient": names},
    )
    assert missing.session.payout_list[0].status == "failed"


def test_wallet_balance_follows_payouts(api: Any) -> None:
    before = api.wallet.balance().wallets[0].amount_details.amount
    sid = api.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000).session.id
    api.sessions.wait(sid, until="next_action", timeout=10)
    api.sessions.confirm(session_id=sid)
    api.sessions.wait(sid, timeout=10)
    after = api.wallet.balance(request_datetime="2026-01-01T10:00:00+03:00")
    assert after.wallets[0].amount_details.amount == before - 1000


def test_sberpay_push(api: Any) -> None:
    # Like Pike, push only concerns a SberPay payment that waits for the customer.
    sid = api.sessions.init_payment(
        payment_details={
            "type": "internet_banking",
            "internet_banking": {"type": "sber_pay", "sber_pay": {"channel": "app"}},
        },
        amount_details=RUB_1000,
        customer={"reference": "lucky"},
    ).session.id
    waiting = api.sessions.confirm(session_id=sid)
    assert waiting.session.payment_list[0].customer_interaction.type == "redirect"
    assert api.sberpay.push(session_id=sid, phone="+79638594000").status == "ok"
    card = api.sessions.create().session.id
    with pytest.raises(pikepay.InvalidRequestError):
        api.sberpay.push(session_id=card, phone="+79638594000")
    with pytest.raises(pikepay.NotFoundError):
        api.sberpay.push(session_id="ps_404404", phone="+79638594000")


def test_request_any_method(api: Any) -> None:
    sid = api.sessions.create().session.id
    status = api.request("POST", "session/status", {"session_id": sid})
    assert status.session.id == sid
    banks = api.request("GET", "/api/v1/fps/banks")
    assert banks.banks


def test_unknown_session_is_not_found(api: Any) -> None:
    with pytest.raises(pikepay.NotFoundError) as info:
        api.sessions.status(session_id="ps_999999")
    assert info.value.pike_code == "repository_record_not_found"
    assert info.value.http_status == 404


def test_invalid_request_names_the_field(api: Any) -> None:
    with pytest.raises(pikepay.InvalidRequestError) as info:
        api.sessions.init_payout(
            payout_details=card_payout(), amount_details={"amount": 0, "currency": "rub"}
        )
    assert info.value.field == "amount_details.amount"
    assert info.value.pike_description == "amount_details.amount.positive"
    assert info.value.retryable is False


def test_option_timeout_and_retries_are_accepted(api: Any) -> None:
    banks = api.fps.banks(timeout=5.0, max_retries=0)
    assert banks.banks


def _runtime() -> str:
    return f"{platform.python_implementation()}/{platform.python_version()}"


def test_user_agent_names_the_python_package(api: Any, project: Project, sandbox: Sandbox) -> None:
    api.fps.banks()
    api.sessions.create()
    seen = sandbox.requests(project.name)
    assert len(seen) == 2
    version = importlib.metadata.version("pikepay")
    for request in seen:
        agent = request["user_agent"]
        assert agent.startswith("pikepay-rust/"), agent
        assert agent.endswith(f" pikepay-python/{version} {_runtime()}"), agent
        assert request["content_type"] == "application/json"
        assert request["signature"] == "verified"
    assert [r["method"] for r in seen] == ["GET", "POST"]


def test_user_agent_keeps_the_callers_suffix(project: Project, sandbox: Sandbox) -> None:
    args = {**project.client_args(), "user_agent_suffix": "shop/2.0", "submerchant": "sub-9"}
    with pikepay.Client(**args) as client:
        client.sessions.create()

    async def run_async() -> None:
        async with pikepay.AsyncClient(**args) as aclient:
            await aclient.sessions.create()

    asyncio.run(run_async())
    seen = sandbox.requests(project.name)
    assert len(seen) == 2
    version = importlib.metadata.version("pikepay")
    for request in seen:
        assert request["user_agent"].endswith(f" pikepay-python/{version} {_runtime()} shop/2.0"), (
            request
        )
        assert request["submerchant"] == "sub-9"


def test_wait_takes_until_and_timeout_only(api: Any) -> None:
    sid = api.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000).session.id
    waiting = api.sessions.wait(sid, until=["in_progress"], timeout=10)
    assert waiting.session.status == "in_progress"
    # Waiting for a final status that needs a confirm that never comes: the time runs out.
    with pytest.raises(pikepay.OutcomeUnknownError, match="in_progress"):
        api.sessions.wait(sid, until="final", timeout=0.3)
    with pytest.raises(pikepay.InvalidRequestError) as refused:
        api.sessions.wait(sid, until=5, timeout=1)
    assert refused.value.field == "until"
    for option in ({"idempotency_key": "wait-key-1"}, {"max_retries": 1}):
        with pytest.raises(TypeError, match=next(iter(option))):
            api.sessions.wait(sid, timeout=1, **option)
        with pytest.raises(TypeError, match=next(iter(option))):
            api.wait(sid, timeout=1, **option)
