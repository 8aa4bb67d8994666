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
An ``async def`` function makes an async view that awaits it.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Awaitable
from typing import Callable, Protocol, overload

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from pikepay._native import PikepayError
from pikepay._webhook import SIGNATURE_HEADER, Webhook
from pikepay.models import Event

log: logging.Logger = logging.getLogger("pikepay.webhook")

#: A Django view made from a plain function.
View = Callable[[HttpRequest], HttpResponse]
#: A Django async view made from an ``async def`` function.
AsyncView = Callable[[HttpRequest], Awaitable[HttpResponse]]


class WebhookDecorator(Protocol):
    """What :func:`webhook_view` returns: turns ``handler(event)`` into a view, an async
    view for an ``async def`` handler."""

    @overload
    def __call__(self, handler: Callable[[Event], Awaitable[object]]) -> AsyncView: ...  # type: ignore[overload-overlap]

    @overload
    def __call__(self, handler: Callable[[Event], object]) -> View: ...


def webhook_view(webhook: Webhook) -> WebhookDecorator:
    """A decorator making ``handler(event)`` a Django view for Pike's webhooks; an
    ``async def`` handler makes an async view that awaits it."""

    def verified(request: HttpRequest) -> Event | HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            return webhook.construct_event(request.body, request.headers.get(SIGNATURE_HEADER))
        except PikepayError as e:
            log.warning("rejected a webhook: %s", e)
            return HttpResponse(status=400)

    def decorate(handler: Callable[[Event], object]) -> View | AsyncView:
        if inspect.iscoroutinefunction(handler):

            @csrf_exempt
            @functools.wraps(handler)
            async def async_view(request: HttpRequest) -> HttpResponse:
                event = verified(request)
                if isinstance(event, HttpResponse):
                    return event
                await handler(event)
                return HttpResponse(status=200)

            return async_view

        @csrf_exempt
        @functools.wraps(handler)
        def view(request: HttpRequest) -> HttpResponse:
            event = verified(request)
            if isinstance(event, HttpResponse):
                return event
            handler(event)
            return HttpResponse(status=200)

        return view

    return decorate  # type: ignore[return-value]
