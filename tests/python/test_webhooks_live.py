"""Webhooks the sandbox really sent, verified with its public key from the raw bytes."""

from __future__ import annotations

import json
import time

import pytest
from conftest import Hooks, Project, Sandbox
from test_client import RUB_1000, card_payout

import pikepay


def test_sandbox_deliveries_verify(
    client: pikepay.Client, project: Project, sandbox: Sandbox, hooks: Hooks
) -> None:
    webhook = pikepay.Webhook(public_key=sandbox.control("GET", "/_sandbox/public_key"))
    sid = client.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    sid = sid.session.id
    received = hooks.wait_for(project.name, 1)
    event = webhook.construct_event(*received[0])
    assert event.type == "ready_to_confirm"
    assert event.session.id == sid
    assert event.session.next_action == "confirm"

    client.sessions.confirm(session_id=sid)
    received = hooks.wait_for(project.name, 2)
    body, signature = received[1]
    event = webhook.construct_event(body, signature)
    assert event.type == "payment_finished"
    # The raw body uses the project's API version; the event always has v2 names.
    raw = json.loads(body)
    assert ("payments" if project.api_version == 1 else "payout_list") in raw["session"]
    assert event.session.payout_list[0].status == "succeeded"
    # The sandbox marks a delivery done once our 200 reached it.
    deadline = time.monotonic() + 5
    while not all(d["delivered"] for d in sandbox.deliveries(project.name)):
        assert time.monotonic() < deadline, sandbox.deliveries(project.name)
        time.sleep(0.02)
    assert len(sandbox.deliveries(project.name)) == 2


def test_duplicate_delivery_is_the_same_event(
    client: pikepay.Client, project: Project, sandbox: Sandbox, hooks: Hooks
) -> None:
    webhook = pikepay.Webhook(public_key=sandbox.control("GET", "/_sandbox/public_key"))
    client.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    first = webhook.construct_event(*hooks.wait_for(project.name, 1)[0])
    delivery = sandbox.deliveries(project.name)[0]
    sandbox.control("POST", f"/_sandbox/deliveries/{delivery['id']}/duplicate")
    second = webhook.construct_event(*hooks.wait_for(project.name, 2)[1])
    assert second == first


def test_delivery_with_another_key_is_rejected(
    client: pikepay.Client, project: Project, hooks: Hooks, merchant_key: dict[str, str]
) -> None:
    client.sessions.create()
    client.sessions.init_payout(payout_details=card_payout(), amount_details=RUB_1000)
    body, signature = hooks.wait_for(project.name, 1)[0]
    # The merchant's own key did not sign it: refuse.
    with pytest.raises(pikepay.SignatureVerificationError):
        pikepay.Webhook(public_key=merchant_key["public"]).construct_event(body, signature)
