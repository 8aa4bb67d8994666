"""pikepay.contrib: the Django view decorator and the FastAPI dependency, fed real deliveries.

No postponed annotations here: FastAPI reads the endpoint's annotations at definition.
"""

import os
from typing import Annotated

from test_examples import cases, delivery

import pikepay

__all__ = ["delivery"]


def test_django_webhook_view(delivery: tuple[bytes, str]) -> None:
    import test_examples

    test_examples.load(test_examples.EXAMPLES / "django_webhook.py")  # configures Django
    from django.test import RequestFactory

    from pikepay.contrib.django import webhook_view

    handled: list[pikepay.Event] = []

    @webhook_view(pikepay.Webhook(public_key=os.environ["PIKE_WEBHOOK_PUBLIC_KEY"]))
    def pike_webhook(event: pikepay.Event) -> None:
        handled.append(event)

    factory = RequestFactory()
    for body, headers, expected in cases(*delivery):
        request = factory.post("/hook", data=body, content_type="application/json", headers=headers)
        assert pike_webhook(request).status_code == expected
    assert pike_webhook(factory.get("/hook")).status_code == 405
    assert [e.type for e in handled] == ["ready_to_confirm"]


def test_fastapi_verified_event(delivery: tuple[bytes, str]) -> None:
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from pikepay.contrib.fastapi import VerifiedEvent

    app = FastAPI()
    pike_event = VerifiedEvent(pikepay.Webhook(public_key=os.environ["PIKE_WEBHOOK_PUBLIC_KEY"]))
    handled: list[pikepay.Event] = []

    @app.post("/pike/webhook")
    async def pike_webhook(event: Annotated[pikepay.Event, Depends(pike_event)]) -> None:
        handled.append(event)

    with TestClient(app) as http:
        for body, headers, expected in cases(*delivery):
            answer = http.post("/pike/webhook", content=body, headers=headers)
            assert answer.status_code == expected
    assert [e.type for e in handled] == ["ready_to_confirm"]


def test_fastapi_refuses_a_body_over_the_cap_by_its_length(delivery: tuple[bytes, str]) -> None:
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from pikepay.contrib.fastapi import VerifiedEvent

    body, signature = delivery
    app = FastAPI()
    webhook = pikepay.Webhook(public_key=os.environ["PIKE_WEBHOOK_PUBLIC_KEY"])
    pike_event = VerifiedEvent(webhook, max_body_size=len(body))

    @app.post("/pike/webhook")
    async def pike_webhook(event: Annotated[pikepay.Event, Depends(pike_event)]) -> None:
        pass

    headers = {pikepay.SIGNATURE_HEADER: signature}
    with TestClient(app) as http:
        assert http.post("/pike/webhook", content=body, headers=headers).status_code == 200
        too_big = body + b" "
        assert http.post("/pike/webhook", content=too_big, headers=headers).status_code == 413


def test_fastapi_stops_reading_a_streamed_body_at_the_cap(key: dict[str, str]) -> None:
    import asyncio

    from fastapi import HTTPException
    from starlette.requests import Request

    from pikepay.contrib.fastapi import DEFAULT_MAX_BODY_SIZE, VerifiedEvent

    chunk = b"x" * 65536
    received = 0

    async def receive() -> dict[str, object]:
        nonlocal received
        received += 1
        return {"type": "http.request", "body": chunk, "more_body": received < 10_000}

    scope = {"type": "http", "method": "POST", "path": "/", "headers": []}
    dependency = VerifiedEvent(pikepay.Webhook(public_key=key["public_spki_pem"]))
    try:
        asyncio.run(dependency(Request(scope, receive)))
    except HTTPException as e:
        assert e.status_code == 413
    else:
        raise AssertionError("a 655 MB body was accepted")
    assert received == DEFAULT_MAX_BODY_SIZE // len(chunk) + 1
