"""One blocking Client shared by 8 threads; the script prints and exits."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from _settings import CLIENT_ARGS

import pikepay

client = pikepay.Client(**CLIENT_ARGS)
session = client.sessions.create().session.id
with ThreadPoolExecutor(max_workers=8) as pool:
    statuses = list(pool.map(lambda _: client.sessions.status(session_id=session), range(64)))
print(sum(s.session.status == "created" for s in statuses))
