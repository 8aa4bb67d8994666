"""``python -m pikepay_sandbox ARGS``: runs the ``pikepay-sandbox`` binary with ARGS."""

from __future__ import annotations

import os
import subprocess
import sys

from pikepay_sandbox import binary


def main() -> int:
    """Runs the binary in place of this process (a child process on Windows)."""
    path = str(binary())
    if sys.platform == "win32":
        return subprocess.call([path, *sys.argv[1:]])
    os.execv(path, [path, *sys.argv[1:]])
    return 0  # pragma: no cover - execv does not return


if __name__ == "__main__":
    sys.exit(main())
