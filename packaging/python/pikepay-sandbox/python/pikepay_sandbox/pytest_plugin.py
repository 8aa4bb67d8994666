"""pytest fixtures, registered when ``pikepay-sandbox`` is installed.

- ``pikepay_sandbox``: one :class:`~pikepay_sandbox.Sandbox` for the whole test session.
- ``pikepay_project``: a fresh project in it for each test, with a ready
  ``client`` (``pikepay.Client``) and ``webhook`` (``pikepay.Webhook``).

Extra ``serve`` options for the session's sandbox: ``--pikepay-sandbox-arg=OPTION``
(repeatable), e.g. ``--pikepay-sandbox-arg=--webhook-retry-ms=50,100``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pikepay_sandbox import Project, Sandbox


def pytest_addoption(parser: pytest.Parser) -> None:
    """Adds ``--pikepay-sandbox-arg``."""
    parser.addoption(
        "--pikepay-sandbox-arg",
        action="append",
        default=[],
        help="an extra `pikepay-sandbox serve` option for the pikepay_sandbox fixture",
    )


@pytest.fixture(scope="session")
def pikepay_sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A running sandbox on a free port of 127.0.0.1, stopped after the session."""
    with Sandbox(*request.config.getoption("--pikepay-sandbox-arg")) as sandbox:
        yield sandbox


@pytest.fixture
def pikepay_project(pikepay_sandbox: Sandbox) -> Iterator[Project]:
    """A project with a fresh key in the session's sandbox, and its ready client."""
    project = pikepay_sandbox.new_project()
    try:
        yield project
    finally:
        project.close()
