"""Django: turn a function of a verified :class:`pikepay.Event` into a webhook view.

::

    from pikepay.contrib.django import webhook_view

    @webhook_view(pikepay.Webhook(public_key=settings.PIKE_PUBLIC_KEY))
    def pike_webhook(event: pikepay.Event) -> None:
        ...

    urlpatterns = [path("pike/webhook", pike_webhook)]

The view accepts POST only, skips CSRF (Pike signs instead), verifies the signature
over ``request.body``, answers 400 when verification fails and 200 once your function
returned (an exception from it becomes Django's 500, so Pike sends the webhook again).
"""

from __future__ import annotations

import functools
import logging
from typing import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from pikepay._native import PikepayError
from pikepay._object import Event
from pikepay._webhook import SIGNATURE_HEADER, Webhook

log = logging.getLogger("pikepay.webhook")

View = Callable[[HttpRequest], HttpResponse]


def webhook_view(webhook: Webhook) -> Callable[[Callable[[Event], object]], View]:
    """A decorator making ``handler(event)`` a Django view for Pike's webhooks."""

    def decorate(handler: Callable[[Event], object]) -> View:
        @csrf_exempt
        @functools.wraps(handler)
        def view(request: HttpRequest) -> HttpResponse:
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            try:
                event = webhook.construct_event(request.body, request.headers.get(SIGNATURE_HEADER))
            except PikepayError as e:
                log.warning("rejected a webhook: %s", e)
                return HttpResponse(status=400)
            handler(event)
            return HttpResponse(status=200)

        return view

    return decorate
