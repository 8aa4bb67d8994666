"""What every lifecycle script is given by test_lifecycle.py, through the environment."""

from __future__ import annotations

import os
from typing import Any

#: Keyword arguments for a client of the sandbox project made for these scripts.
CLIENT_ARGS: dict[str, Any] = {
    "project": os.environ["LIFECYCLE_PROJECT"],
    "private_key": os.environ["LIFECYCLE_PRIVATE_KEY"],
    "base_url": os.environ["LIFECYCLE_SANDBOX_URL"],
    "timeout": 20.0,
}

#: A server on 127.0.0.1 that reads requests and never answers them.
STALL_URL: str = os.environ["LIFECYCLE_STALL_URL"]


def stalled_args() -> dict[str, Any]:
    """Client arguments for the server that never answers."""
    return {**CLIENT_ARGS, "base_url": STALL_URL, "timeout": 60.0}
