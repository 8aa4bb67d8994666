"""The same call in every language: each operation of the core's table (read from
tests/vectors/operations.json) is a method of ``Client`` and ``AsyncClient`` with exactly
the table's keyword parameters, plus the per-call options, and its typed result."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any, Union

import pytest
from conftest import load_vector

import pikepay
import pikepay.models

OPERATIONS: list[dict[str, Any]] = load_vector("operations.json")["operations"]
OPTIONS = {
    "idempotency_key",
    "timeout",
    "max_retries",
    "extra_body",
    "submerchant",
    "extra_headers",
}
Clients = Union[pikepay.Client, pikepay.AsyncClient]


@pytest.fixture(scope="module", params=["Client", "AsyncClient"])
def client(request: pytest.FixtureRequest, key: dict[str, Any]) -> Iterator[Clients]:
    made: Clients = getattr(pikepay, request.param)(
        project="shape",
        private_key=key["private_pkcs8_pem"],
        base_url="http://127.0.0.1:9",
        allow_insecure_http=True,
    )
    yield made
    made._native.close()


def test_the_table_has_every_endpoint() -> None:
    assert len(OPERATIONS) == 18
    assert len({(op["resource"], op["method"]) for op in OPERATIONS}) == 18


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op['resource']}.{op['method']}")
def test_every_operation_has_the_tables_parameters(client: Clients, op: dict[str, Any]) -> None:
    method = getattr(getattr(client, op["resource"]), op["method"])
    assert inspect.iscoroutinefunction(method) == isinstance(client, pikepay.AsyncClient)
    params = inspect.signature(method).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values()), params
    assert set(params) == {p["name"] for p in op["params"]} | OPTIONS
    for p in op["params"]:
        has_default = params[p["name"]].default is not inspect.Parameter.empty
        assert has_default != p["required"], p
    result = inspect.signature(method).return_annotation
    assert result == f"_models.{op['result']}"
    assert issubclass(getattr(pikepay.models, op["result"]), pikepay.PikeObject)


def test_no_method_beyond_the_table(client: Clients) -> None:
    table = {(op["resource"], op["method"]) for op in OPERATIONS}
    extra = {"wait"}  # sessions.wait polls session/status; it is not an endpoint.
    for resource in {op["resource"] for op in OPERATIONS}:
        public = {
            name
            for name in dir(getattr(client, resource))
            if not name.startswith("_") and name not in extra
        }
        assert public == {m for r, m in table if r == resource}, resource
