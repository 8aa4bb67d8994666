"""The installed wheels as users get them: metadata, the sandbox executable from the
``pikepay-sandbox`` wheel, its pytest fixtures, and the demo flow with no Rust on PATH."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from conftest import ROOT

import pikepay
from pikepay_sandbox import Project, Sandbox, binary

CARD = "4242424242424242"


def test_version_is_the_installed_distribution_version() -> None:
    assert pikepay.__version__ == importlib.metadata.version("pikepay")
    assert pikepay.__version__ == importlib.metadata.version("pikepay-sandbox")
    assert pikepay.__version__ == importlib.metadata.version("pikepay-cli")


@pytest.mark.parametrize("name", ["pikepay", "pikepay-sandbox", "pikepay-cli"])
def test_metadata_has_licence_author_urls_classifiers_and_readme(name: str) -> None:
    project = json.loads((ROOT / "packaging" / "project.json").read_text(encoding="utf-8"))
    meta = importlib.metadata.metadata(name)
    assert meta["License"] == project["license"] or project["license"] in meta.get(
        "License-Expression", ""
    )
    assert meta["Author"] == project["author"]
    urls = dict(url.split(", ", 1) for url in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Repository", "Issues", "Changelog"} <= urls.keys()
    # Every link points into the one repository packaging/project.json names.
    assert urls["Repository"] == project["repository"]
    assert urls["Issues"] == f"{project['repository']}/issues"
    for url in urls.values():
        assert url == project["repository"] or url.startswith(f"{project['repository']}/"), url
    classifiers = meta.get_all("Classifier") or []
    assert "License :: OSI Approved :: MIT License" in classifiers
    if name == "pikepay":
        for minor in range(9, 14):
            assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    assert meta["Description-Content-Type"].startswith("text/markdown")
    assert meta.get_payload().startswith(f"# {name}")  # type: ignore[attr-defined]


def test_sandbox_executable_is_installed_into_the_environment_scripts() -> None:
    os.environ.pop("PIKEPAY_SANDBOX_BIN", None)
    path = binary()
    assert path.parent == Path(sysconfig.get_path("scripts"))
    out = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"pikepay-sandbox {pikepay.__version__}"
    via_module = subprocess.run(
        [sys.executable, "-m", "pikepay_sandbox", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert via_module.stdout == out.stdout


def test_fixture_gives_a_ready_client_and_webhook_verifier(
    pikepay_sandbox: Sandbox, pikepay_project: Project
) -> None:
    assert pikepay_sandbox.url.startswith("http://127.0.0.1:")
    started = pikepay_project.client.sessions.init_payout(
        payout_details={
            "type": "card",
            "card": {"type": "bank_card", "bank_card": {"number": CARD}},
        },
        amount_details={"amount": 10_000, "currency": "rub"},
    )
    deadline = time.monotonic() + 20
    while True:
        deliveries = pikepay_sandbox.control(
            "GET", f"/_sandbox/deliveries?project={pikepay_project.name}"
        )["deliveries"]
        if deliveries or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert deliveries, "the payout caused no webhook within 20 s"
    delivery = deliveries[0]
    event = pikepay_project.webhook.construct_event(
        delivery["body"].encode(), delivery["signature"]
    )
    assert event.session.id == started.session.id


def test_the_root_package_json_points_at_the_same_repository() -> None:
    project = json.loads((ROOT / "packaging" / "project.json").read_text(encoding="utf-8"))
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert manifest["repository"]["url"] == f"git+{project['repository']}.git"
    assert manifest["bugs"]["url"] == f"{project['repository']}/issues"
    assert manifest["homepage"].startswith(f"{project['repository']}/")
    assert (manifest["license"], manifest["author"]) == (project["license"], project["author"])


def test_each_test_gets_its_own_project(pikepay_sandbox: Sandbox) -> None:
    first, second = pikepay_sandbox.new_project(), pikepay_sandbox.new_project()
    try:
        assert first.name != second.name
        assert first.private_key_pem != second.private_key_pem
        with pytest.raises(pikepay.AuthenticationError):
            # A client signing with another project's key is refused.
            pikepay.Client(
                project=first.name, private_key=second.private_key_pem, base_url=first.sandbox.url
            ).sessions.status(session_id="nope")
    finally:
        first.close()
        second.close()


def test_stopping_the_sandbox_ends_its_process() -> None:
    sandbox = Sandbox()
    process = sandbox._process
    sandbox.stop()
    assert process.poll() is not None


def test_demo_flow_runs_with_only_the_wheels_and_no_rust_on_path(tmp_path: Path) -> None:
    scripts = sysconfig.get_path("scripts")
    env = {k: v for k, v in os.environ.items() if k != "PIKEPAY_SANDBOX_BIN"}
    env["PATH"] = os.pathsep.join([scripts, "/usr/bin", "/bin"])
    rust = subprocess.run(["sh", "-c", "command -v cargo rustc"], env=env, check=False)
    assert rust.returncode != 0, "cargo or rustc is on the stripped PATH"
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "python" / "payout_flow.py")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "ledger: payout 100.00 rub succeeded" in out.stdout.splitlines()
