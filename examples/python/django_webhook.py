"""A Django view that receives Pike webhooks: verify the raw body, answer 200 or 400.

Run it on its own for a try: ``PIKE_WEBHOOK_PUBLIC_KEY="$(cat pike.pem)" python
django_webhook.py runserver``, under gunicorn as it is (``gunicorn
django_webhook:application``), or copy ``pike_webhook`` into your project's views.
"""

from __future__ import annotations

import logging
import os
import sys
from functools import lru_cache

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

import pikepay

log = logging.getLogger("shop.pike")

if not settings.configured:
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
        ROOT_URLCONF=__name__,
        SECRET_KEY="example-only",
        MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    )
    django.setup()


@lru_cache(maxsize=1)
def webhook() -> pikepay.Webhook:
    """The verifier, with Pike's public key from the environment."""
    return pikepay.Webhook(public_key=os.environ["PIKE_WEBHOOK_PUBLIC_KEY"])


def handle_event(event: pikepay.Event) -> None:
    """Your business logic: here, only a log line per webhook."""
    session = event.session
    log.info("Pike webhook %s for session %s (%s)", event.type, session.id, session.status)


@csrf_exempt
@require_POST
def pike_webhook(request: HttpRequest) -> HttpResponse:
    """Verifies the signature over ``request.body`` (the exact bytes) before anything else."""
    try:
        event = webhook().construct_event(
            request.body, request.headers.get(pikepay.SIGNATURE_HEADER)
        )
    except pikepay.PikepayError as e:
        log.warning("rejected a webhook: %s", e)
        return HttpResponse(status=400)
    handle_event(event)
    return HttpResponse(status=200)


urlpatterns = [path("pike/webhook", pike_webhook)]

#: The WSGI application, for gunicorn or any WSGI server.
application = get_wsgi_application()

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
