"""The API's resources, written once for both clients.

Each method builds the request body from its keyword arguments (named as Pike's wire
fields, API v2 names) and hands it to the client's ``call``. ``R`` is what a call returns:
a :class:`PikeObject` for :class:`pikepay.Client`, an awaitable of one for
:class:`pikepay.AsyncClient`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Callable, Generic, Optional, TypeVar, Union

R = TypeVar("R")

#: A JSON object as plain dicts (or PikeObjects).
Json = Mapping[str, Any]
#: More per-call options: ``validate``, ``extra_body``, ``submerchant``, ``extra_headers``.
More = dict[str, Any]
#: ``call(path, body, idempotency_key, timeout, max_retries, more)``.
Call = Callable[
    [str, dict[str, Any], Optional[str], Optional[float], Optional[int], Optional[More]], R
]
#: What ``wait`` waits for: ``"final"``, ``"next_action"``, a session status, a list of
#: statuses, or a function of the session (a :class:`pikepay.PikeObject`) that returns
#: true when the wait is over.
Until = Union[str, Sequence[str], Callable[[Any], object]]
#: ``wait(session_id, until, timeout)``; ``None`` is the core's default timeout.
Wait = Callable[[str, Until, Optional[float]], R]


class _Unset:
    """The default of ``metadata``: left out of the body, while ``None`` sends ``null``."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def _body(**fields: Any) -> dict[str, Any]:
    """The fields given; ``None`` leaves a field out, except ``metadata``, which is sent
    as ``null`` (absent and null differ there)."""
    return {
        name: value
        for name, value in fields.items()
        if value is not UNSET and (value is not None or name == "metadata")
    }


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


class _Resource(Generic[R]):
    __slots__ = ("_call",)

    def __init__(self, call: Call[R]) -> None:
        self._call = call


class Sessions(_Resource[R]):
    """Sessions: payouts, payments, confirmation, capture, refunds and status."""

    __slots__ = ("_wait",)

    def __init__(self, call: Call[R], wait: Wait[R]) -> None:
        super().__init__(call)
        self._wait = wait

    def create(
        self,
        *,
        payout_details: Json | None = None,
        payment_details: Json | None = None,
        amount_details: Json | None = None,
        participant_details: Json | None = None,
        customer: Json | None = None,
        payment_options: Json | None = None,
        metadata: Any = UNSET,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/create``: an empty or pre-filled session."""
        body = _body(
            payout_details=payout_details,
            payment_details=payment_details,
            amount_details=amount_details,
            participant_details=participant_details,
            customer=customer,
            payment_options=payment_options,
            metadata=metadata,
        )
        return self._call(
            "session/create",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def init_payout(
        self,
        *,
        payout_details: Json,
        amount_details: Json,
        participant_details: Json | None = None,
        customer: Json | None = None,
        metadata: Any = UNSET,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/init/payout``: a session with a payout, in one call."""
        body = _body(
            payout_details=payout_details,
            amount_details=amount_details,
            participant_details=participant_details,
            customer=customer,
            metadata=metadata,
        )
        return self._call(
            "session/init/payout",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def init_payment(
        self,
        *,
        payment_details: Json,
        amount_details: Json,
        customer: Json,
        participant_details: Json | None = None,
        payment_options: Json | None = None,
        metadata: Any = UNSET,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/init/payment``: a session with a payment, in one call."""
        body = _body(
            payment_details=payment_details,
            amount_details=amount_details,
            customer=customer,
            participant_details=participant_details,
            payment_options=payment_options,
            metadata=metadata,
        )
        return self._call(
            "session/init/payment",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def start_payout(
        self,
        *,
        session_id: str,
        payout_details: Json | None = None,
        amount_details: Json | None = None,
        participant_details: Json | None = None,
        customer: Json | None = None,
        metadata: Any = UNSET,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/start/payout``: a payout in an existing session."""
        body = _body(
            session_id=session_id,
            payout_details=payout_details,
            amount_details=amount_details,
            participant_details=participant_details,
            customer=customer,
            metadata=metadata,
        )
        return self._call(
            "session/start/payout",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def start_payment(
        self,
        *,
        session_id: str,
        payment_details: Json | None = None,
        amount_details: Json | None = None,
        customer: Json | None = None,
        participant_details: Json | None = None,
        payment_options: Json | None = None,
        metadata: Any = UNSET,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/start/payment``: a payment in an existing session."""
        body = _body(
            session_id=session_id,
            payment_details=payment_details,
            amount_details=amount_details,
            customer=customer,
            participant_details=participant_details,
            payment_options=payment_options,
            metadata=metadata,
        )
        return self._call(
            "session/start/payment",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def confirm(
        self,
        *,
        session_id: str,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/confirm``: go ahead after ``ready_to_confirm``."""
        body = _body(session_id=session_id)
        return self._call(
            "session/confirm",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def cancel(
        self,
        *,
        session_id: str,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/cancel``: abort a waiting payout or payment, or release a hold."""
        body = _body(session_id=session_id)
        return self._call(
            "session/cancel",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def capture(
        self,
        *,
        session_id: str,
        amount_details: Json | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/capture``: debit held funds (all of them without ``amount_details``)."""
        body = _body(session_id=session_id, amount_details=amount_details)
        return self._call(
            "session/capture",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def refund(
        self,
        *,
        session_id: str,
        amount_details: Json | None = None,
        metadata: Any = UNSET,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/refund``: return a successful payment (in full without ``amount_details``)."""
        body = _body(session_id=session_id, amount_details=amount_details, metadata=metadata)
        return self._call(
            "session/refund",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def status(
        self,
        *,
        session_id: str,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``session/status``: the session as Pike has it now."""
        body = _body(session_id=session_id)
        return self._call(
            "session/status",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def wait(
        self,
        session_id: str,
        *,
        until: Until = "final",
        timeout: float | None = None,
    ) -> R:
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
        return self._wait(session_id, until, timeout)


class Recurrent(_Resource[R]):
    """Recurring-payment tokens."""

    __slots__ = ()

    def disable(
        self,
        *,
        token: str,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``recurrent/disable``: turn a recurring token off."""
        body = {"recurrent": {"token": token}}
        return self._call(
            "recurrent/disable",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )


class Tokens(_Resource[R]):
    """Public tokens for widgets, token information and card tokenization."""

    __slots__ = ()

    def create(
        self,
        *,
        tokenize_widget: Json | None = None,
        acquiring_widget: Json | None = None,
        fps_no_account_widget: Json | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``token``: a single-use public token for Pike's widgets (valid 24 hours)."""
        body = _body(
            tokenize_widget=tokenize_widget,
            acquiring_widget=acquiring_widget,
            fps_no_account_widget=fps_no_account_widget,
        )
        return self._call(
            "token",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def info(
        self,
        *,
        type: str,
        card: Json | None = None,
        public_token: Json | None = None,
        recurrent_token: Json | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``token/info``: what is behind a card, public or recurring token."""
        body = _body(
            type=type, card=card, public_token=public_token, recurrent_token=recurrent_token
        )
        return self._call(
            "token/info",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def tokenize_elements(
        self,
        *,
        card_elements: Sequence[Json],
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``tokenize/elements``: tokens for card numbers, keyed by each element's ``ref``."""
        body = _body(card_elements=card_elements)
        return self._call(
            "tokenize/elements",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )


class Fps(_Resource[R]):
    """The Faster Payment System (SBP)."""

    __slots__ = ()

    def banks(
        self,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``fps/banks``: the participant banks (their ``id`` is a payout's ``bank_id``)."""
        return self._call(
            "fps/banks",
            {},
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )

    def customer_verification(
        self,
        *,
        payout_details: Json,
        participant_details: Json,
        session_id: str | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``fps/customer_verification``: check that a recipient exists in the FPS."""
        body = _body(
            payout_details=payout_details,
            participant_details=participant_details,
            session_id=session_id,
        )
        return self._call(
            "fps/customer_verification",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )


class Wallet(_Resource[R]):
    """Your deposit wallets at Pike."""

    __slots__ = ()

    def balance(
        self,
        request_datetime: str | None = None,
        *,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``wallet/balance``: the balance of each wallet (``request_datetime``, ISO 8601,
        defaults to now)."""
        body = _body(request_datetime=request_datetime)
        return self._call(
            "wallet/balance",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )


class Sberpay(_Resource[R]):
    """SberPay."""

    __slots__ = ()

    def push(
        self,
        *,
        session_id: str,
        phone: str,
        idempotency_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        extra_body: Json | None = None,
        submerchant: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> R:
        """``sberpay/push``: ask Sber to send the payer a push or SMS."""
        body = _body(session_id=session_id, phone=phone)
        return self._call(
            "sberpay/push",
            body,
            idempotency_key,
            timeout,
            max_retries,
            _more(extra_body, submerchant, extra_headers),
        )
