"""`WebhookApp`: receive Twilio's webhooks as typed events and answer them with TwiML.

One sans-IO core (:meth:`WebhookApp.handle` / :meth:`WebhookApp.handle_sync`, from a
:class:`WebhookRequest` to a :class:`WebhookResponse`) behind the ASGI app (the instance
itself), the WSGI app (:attr:`WebhookApp.wsgi`) and the Flask, Starlette/FastAPI and Django
adapters. Per request, in this order:

1. anything but GET or POST: 405; a body over ``max_body_size``: 413;
2. ``X-Twilio-Signature`` checked against the URL Twilio requested (see ``public_url`` and
   ``trust_forwarded``) and the form parameters, or the raw body when the URL carries
   ``bodySHA256`` (JSON bodies): 403 when missing or wrong, and no handler runs;
3. the parameters (form body, query string of a GET, JSON object) become the event type
   that describes them (``_webhook_events.classify``); a JSON array of CloudEvents (Event Streams)
   becomes one event per element, by ``type``;
4. the handler registered for the most specific matching type (one bound to the request's
   path first) runs; its TwiML (object or string) is the reply, ``None`` an empty
   ``<Response/>``. An exception in it gives 500, logged without the token or signature.
5. no handler: 404 (``unmatched="not_found"``, the default) or an empty ``<Response/>``
   (``unmatched="empty"``).
"""

from __future__ import annotations

import asyncio
import builtins
import fnmatch
import functools
import inspect
import json
import os
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal, TypeAlias, TypeVar, cast
from urllib.parse import parse_qs, quote, unquote, unquote_to_bytes, urlsplit

import attrs
from twilio_sdk_generated.webhooks import CLOUD_EVENTS, FORM_EVENTS, CloudEvent

from twilio_sdk._coroutines import run_sync
from twilio_sdk._errors import ArgumentTypeError, InvalidArgumentError
from twilio_sdk._webhook_events import Event, Match, classify, cloud_event_type
from twilio_sdk.twiml import TwiML

from ._validator import (
    HMAC_SHA1,
    HMAC_SHA256,
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    form_payload,
    logger,  # the package's logger ("twilio_sdk.webhooks"), re-exported by twilio_sdk.webhooks
    url_variants,
)
from ._validator import get_signature_algorithm as _algorithm

__all__ = [
    "EMPTY_TWIML",
    "Handler",
    "Reply",
    "WebhookApp",
    "WebhookRequest",
    "WebhookResponse",
]

EMPTY_TWIML: Final = '<?xml version="1.0" encoding="UTF-8"?><Response />'
"""The reply to a request whose handler returned ``None``."""
_XML: Final = "text/xml; charset=utf-8"
_TEXT: Final = "text/plain; charset=utf-8"
_JSON_TYPES: Final = ("application/json", "application/cloudevents-batch+json")

Reply: TypeAlias = TwiML | str | None
"""What a handler returns: TwiML (an object or a string), or None for an empty <Response/>."""
E = TypeVar("E", bound=Event)
R = TypeVar("R", bound="Reply | Awaitable[Reply]")
Handler: TypeAlias = Callable[[E], R]
"""A handler of events of type ``E``: a function or a coroutine function."""


def _headers(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    items = value.items() if isinstance(value, Mapping) else value
    return {name.lower(): header for name, header in items}


@attrs.frozen
class WebhookRequest:
    """An HTTP request as a web framework received it: what :meth:`WebhookApp.handle` needs.

    :param method: ``GET`` or ``POST``.
    :param url: the URL as this server saw it: scheme, ``Host``, the full path as sent
        (percent-encoding kept) and the query string.
    :param headers: the request headers; names are matched without regard to case.
    :param body: the raw body.
    :param path: the path handlers bound with ``path=`` are matched against, relative to
        where the app is mounted; the URL's path when not given.
    """

    method: str
    url: str
    headers: Mapping[str, str] = attrs.field(converter=_headers, factory=dict)
    body: bytes = b""
    path: str | None = None

    @classmethod
    def from_asgi(cls, scope: Mapping[str, Any], body: bytes) -> WebhookRequest:
        """The request of an ASGI HTTP ``scope``."""
        headers = _headers(
            (k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", ())
        )
        host = headers.get("host")
        if not host:
            server_host, port = scope.get("server") or ("localhost", None)
            host = server_host if port is None else f"{server_host}:{port}"
        root_path: str = scope.get("root_path", "")
        path: str = scope.get("path", "/")
        full_path = path if path.startswith(root_path) else root_path + path
        raw_path = scope.get("raw_path")
        sent_path = raw_path.decode("latin-1") if raw_path else _quote_path(full_path)
        query = scope.get("query_string", b"").decode("latin-1")
        url = f"{scope.get('scheme', 'http')}://{host}{sent_path}" + (f"?{query}" if query else "")
        relative = full_path[len(root_path) :] or "/"
        return cls(scope.get("method", "GET"), url, headers, body, relative)

    @classmethod
    def from_wsgi(cls, environ: Mapping[str, Any], body: bytes) -> WebhookRequest:
        """The request of a WSGI ``environ`` (also Flask's ``request.environ``)."""
        headers = {k[5:].replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_")}
        for name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(name):
                headers[name.replace("_", "-")] = environ[name]
        host = (
            environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
        )
        query = environ.get("QUERY_STRING", "")
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        if raw and raw.startswith("/"):
            sent_path = raw.partition("?")[0]
        else:
            sent_path = _quote_path(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
        url = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{sent_path}"
        url += f"?{query}" if query else ""
        return cls(
            environ.get("REQUEST_METHOD", "GET"),
            url,
            headers,
            body,
            environ.get("PATH_INFO") or "/",
        )


def _quote_path(path: str, encoding: str = "latin-1") -> str:
    """A decoded path (latin-1, as WSGI and ASGI give it) percent-encoded back."""
    return quote(path.encode(encoding), safe="/:@!$&'()*+,;=-._~")


@attrs.frozen
class WebhookResponse:
    """The HTTP response to send back to Twilio."""

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return next((v for k, v in self.headers if k.lower() == "content-type"), None)

    @classmethod
    def text(cls, status: int, text: str, *extra: tuple[str, str]) -> WebhookResponse:
        """A plain-text response (errors)."""
        return cls(status, text.encode("utf-8"), (("Content-Type", _TEXT), *extra))

    @classmethod
    def twiml(cls, xml: str) -> WebhookResponse:
        """A 200 response carrying TwiML."""
        return cls(200, xml.encode("utf-8"), (("Content-Type", _XML),))


@attrs.frozen
class _Route:
    event_type: type[Event]
    handler: Callable[[Any], Any]
    path: str | None
    cloud_type: str | None
    index: int
    is_async: bool = False

    def accepts(self, event_type: type[Event], event: Event, path: str) -> bool:
        if not issubclass(event_type, self.event_type):
            return False
        if self.path is not None and self.path != path:
            return False
        if self.cloud_type is not None:
            return fnmatch.fnmatchcase(str(getattr(event, "type", "")), self.cloud_type)
        return True


def parse_form(text: str) -> list[tuple[str, str]]:
    """``urllib.parse.parse_qsl(text, keep_blank_values=True)``, without its per-field work
    for the fields (most) that hold neither ``+`` nor ``%``."""
    pairs: list[tuple[str, str]] = []
    for field in text.split("&"):
        if not field:
            continue
        name, _, value = field.partition("=")
        if "+" in value:
            value = value.replace("+", " ")
        if "%" in value:
            value = _unquote(value)
        if "%" in name or "+" in name:
            name = unquote(name.replace("+", " "))
        pairs.append((name, value))
    return pairs


def _unquote(text: str) -> str:
    # What unquote() gives: for ASCII text (a form body's usual) it decodes the whole as one
    # run, skipping its regex split into ASCII and non-ASCII runs.
    return unquote_to_bytes(text).decode("utf-8", "replace") if text.isascii() else unquote(text)


_CACHE_SIZE: Final = 1024
_CACHED_PATH: Final = 256  # longer paths, and requests with more parameters, are not cached
_CACHED_PARAMS: Final = 64
# classify() looks only at which names a request carries (every _MATCH is a Match): the type
# of each set of names seen is kept.
_CLASSIFIABLE_BY_NAMES: Final = all(type(t._MATCH) in (Match, type(None)) for t in FORM_EVENTS)
_classified: dict[frozenset[str], type[Event]] = {}


def _classify_form(params: dict[str, str]) -> type[Event]:
    if not _CLASSIFIABLE_BY_NAMES or len(params) > _CACHED_PARAMS:
        return classify(params, FORM_EVENTS)
    names = frozenset(params)
    event_type = _classified.get(names)
    if event_type is None:
        event_type = classify(params, FORM_EVENTS)
        if len(_classified) < _CACHE_SIZE:
            _classified[names] = event_type
    return event_type


def _normalise_path(path: str) -> str:
    path = "/" + path.strip("/")
    return path


class _Rejected(Exception):
    def __init__(self, response: WebhookResponse) -> None:
        self.response = response


class WebhookApp:
    """Receives Twilio's webhooks: checks their signature, parses them into typed events,
    runs your handler and replies with its TwiML.

    The instance is an ASGI application; :attr:`wsgi` is the same app for WSGI servers.

    :param auth_token: the secret requests are signed with: the Auth Token (or the SharedKey
        secret); several during a rotation. Defaults to ``TWILIO_AUTH_TOKEN``.
    :param validate: check ``X-Twilio-Signature`` (403 otherwise). Turn off only for local
        experiments.
    :param public_url: the scheme, host and any path prefix under which Twilio reaches this
        app, e.g. ``https://hooks.example.com`` (or ``https://example.com/twilio`` when a proxy
        strips ``/twilio``): the signed URL is this followed by the request's path and query.
        Use it behind a proxy or tunnel, where the URL the app sees is not the one Twilio
        signed.
    :param trust_forwarded: rebuild the URL from the standard ``Forwarded`` header
        (``proto=`` and ``host=`` of its first element, RFC 7239) or else from
        ``X-Forwarded-Proto``, ``X-Forwarded-Host`` and ``X-Forwarded-Port`` (first values).
        Only behind a proxy that sets them: a client could otherwise choose the URL that is
        checked. ``public_url`` takes precedence.
    :param unmatched: reply to a request no handler takes: ``"not_found"`` (404, so Twilio's
        debugger shows the error) or ``"empty"`` (200 with an empty ``<Response/>``).
    :param max_body_size: larger request bodies get 413.
    """

    def __init__(
        self,
        auth_token: str | Sequence[str] | None = None,
        *,
        validate: bool = True,
        public_url: str | None = None,
        trust_forwarded: bool = False,
        unmatched: Literal["not_found", "empty"] = "not_found",
        max_body_size: int = 4 * 1024 * 1024,
    ) -> None:
        token = auth_token if auth_token is not None else os.environ.get("TWILIO_AUTH_TOKEN")
        tokens = [token] if isinstance(token, str) else list(token or ())
        if validate and not any(tokens):
            raise InvalidArgumentError(
                "WebhookApp needs the Auth Token to check X-Twilio-Signature: pass auth_token= "
                "or set TWILIO_AUTH_TOKEN (validate=False turns checking off)"
            )
        if unmatched not in ("not_found", "empty"):
            raise InvalidArgumentError(
                f"unmatched must be 'not_found' or 'empty', not {unmatched!r}"
            )
        if public_url is not None:
            parts = urlsplit(public_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
                raise InvalidArgumentError(
                    f"public_url must be like https://host[/prefix]: {public_url!r}"
                )
        self._validators = [RequestValidator(t) for t in tokens if t]
        self.validate: bool = validate
        self.public_url: str | None = public_url.rstrip("/") if public_url else None
        self.trust_forwarded: bool = trust_forwarded
        self.unmatched: Literal["not_found", "empty"] = unmatched
        self.max_body_size: int = max_body_size
        self._routes: list[_Route] = []
        # (event type, path) -> the route _route() picks, for types routes cannot tell apart
        # by their content (all but Event Streams events); cleared when a handler is added.
        self._route_cache: dict[tuple[type[Event], str], _Route | None] = {}

    def __repr__(self) -> str:
        return (
            f"WebhookApp(validate={self.validate}, public_url={self.public_url!r}, "
            f"handlers={len(self._routes)})"
        )

    # -- registering handlers ------------------------------------------------------------

    def on(
        self, event_type: type[E], *, path: str | None = None, type: str | None = None
    ) -> Callable[[Handler[E, R]], Handler[E, R]]:
        """Decorator: run the function for requests of ``event_type`` (or a subclass).

        :param path: only for requests to this path (relative to where the app is mounted).
        :param type: Event Streams only: a CloudEvent ``type`` (``fnmatch`` pattern, e.g.
            ``com.twilio.messaging.message.*``).

        When several handlers match, the one bound to the path wins, then one with
        ``type=``, then the one for the most specific event type, then the one registered
        first. The function may be sync
        (run in a worker thread under ASGI) or async (run with ``asyncio.run`` under WSGI).
        """

        self._check(event_type, type)

        def register(handler: Handler[E, R]) -> Handler[E, R]:
            self.add_handler(event_type, handler, path=path, type=type)
            return handler

        return register

    def add_handler(
        self,
        event_type: type[E],
        handler: Handler[E, R],
        *,
        path: str | None = None,
        type: str | None = None,
    ) -> None:
        """Register ``handler`` as :meth:`on` does."""
        self._check(event_type, type)
        if not callable(handler):
            raise ArgumentTypeError(f"handler must be callable: {handler!r}")
        route_path = None if path is None else _normalise_path(path)
        is_async = inspect.iscoroutinefunction(handler)
        self._routes.append(
            _Route(event_type, handler, route_path, type, len(self._routes), is_async)
        )
        self._route_cache.clear()

    @staticmethod
    def _check(event_type: object, cloud_type: str | None) -> None:
        if not (isinstance(event_type, builtins.type) and issubclass(event_type, Event)):
            raise ArgumentTypeError(
                f"event_type must be a class from webhooks.events: {event_type!r}"
            )
        if cloud_type is not None and not issubclass(event_type, CloudEvent):
            raise InvalidArgumentError(
                "type= filters Event Streams events: use it with events.CloudEvent"
            )

    # -- ASGI and WSGI ------------------------------------------------------------------

    async def __call__(
        self,
        scope: Mapping[str, Any],
        receive: Callable[[], Awaitable[Mapping[str, Any]]],
        send: Callable[[Mapping[str, Any]], Awaitable[None]],
    ) -> None:
        """The ASGI application."""
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            raise RuntimeError(f"WebhookApp serves HTTP, not {scope['type']}")
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_size:
                response = WebhookResponse.text(413, "Request body too large")
                break
            chunks.append(chunk)
            more = message.get("more_body", False)
        else:
            response = await self.handle(WebhookRequest.from_asgi(scope, b"".join(chunks)))
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [
                    *_asgi_headers(tuple(response.headers)),
                    (b"content-length", str(len(response.body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    @property
    def wsgi(self) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
        """The app as a WSGI application (``gunicorn module:app.wsgi`` needs a name: assign
        ``wsgi_app = app.wsgi``)."""
        return self._wsgi

    def _wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        response = self._wsgi_response(environ)
        headers = [*response.headers, ("Content-Length", str(len(response.body)))]
        start_response(f"{response.status} {_REASONS.get(response.status, '')}".strip(), headers)
        return [response.body]

    def _wsgi_response(self, environ: dict[str, Any]) -> WebhookResponse:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return WebhookResponse.text(400, "Bad Content-Length")
        if length > self.max_body_size:
            return WebhookResponse.text(413, "Request body too large")
        stream = environ.get("wsgi.input")
        body = stream.read(length) if stream is not None and length else b""
        return self.handle_sync(WebhookRequest.from_wsgi(environ, body))

    # -- the core ------------------------------------------------------------------------

    async def handle(self, request: WebhookRequest) -> WebhookResponse:
        """Answer one request (async: sync handlers run in a worker thread)."""
        return await self._answer(request, _run_async)

    def handle_sync(self, request: WebhookRequest) -> WebhookResponse:
        """Answer one request (sync: async handlers run with ``asyncio.run``, so not from a
        thread that runs an event loop)."""
        return run_sync(self._answer(request, _run_sync))

    async def _answer(
        self, request: WebhookRequest, run: Callable[[_Route, Event], Awaitable[object]]
    ) -> WebhookResponse:
        """:meth:`handle` and :meth:`handle_sync`, which differ only in how a handler runs."""
        try:
            calls, cloud = self._prepare(request)
        except _Rejected as rejected:
            return rejected.response
        replies: list[Reply] = []
        for event, route in calls:
            try:
                replies.append(cast(Reply, await run(route, event)))
            except Exception:
                return self._failed(route, event, request)
        return self._reply(calls, replies, cloud, request)

    def _prepare(self, request: WebhookRequest) -> tuple[list[tuple[Event, _Route]], bool]:
        """Check, parse and route a request: the (event, route) pairs to run, and whether it
        is an Event Streams request. Raises _Rejected with the response otherwise."""
        method = request.method.upper()
        if method not in ("GET", "POST"):
            raise _Rejected(WebhookResponse.text(405, "Method Not Allowed", ("Allow", "GET, POST")))
        if len(request.body) > self.max_body_size:
            raise _Rejected(WebhookResponse.text(413, "Request body too large"))
        url = self.signed_url(request)
        query = urlsplit(url).query
        content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        is_json = content_type in _JSON_TYPES or content_type.endswith("+json")
        try:
            if method == "GET":
                pairs = parse_form(query)
            elif is_json:
                pairs = []
            else:
                pairs = parse_form(request.body.decode("utf-8"))
        except UnicodeDecodeError:
            raise _Rejected(
                WebhookResponse.text(400, "Bad Request: the body is not UTF-8")
            ) from None
        if self.validate:
            self._check_signature(request, url, query, pairs if method == "POST" else [])
        path = _normalise_path(request.path or urlsplit(request.url).path)
        if is_json and method == "POST":
            events, cloud = self._json_events(request.body)
        else:
            params: dict[str, str] = {}
            for name, value in pairs:
                params.setdefault(name, value)
            event_type = _classify_form(params)
            events, cloud = [(event_type, event_type.from_params(params))], False
        calls: list[tuple[Event, _Route]] = []
        for event_type, event in events:
            route = self._route(event_type, event, path)
            if route is not None:
                calls.append((event, route))
            else:
                logger.debug("No handler for %s at %s", event_type.__name__, path)
        if not calls:
            if self.unmatched == "empty":
                raise _Rejected(WebhookResponse.twiml(EMPTY_TWIML))
            names = ", ".join(sorted({t.__name__ for t, _ in events})) or "an empty batch"
            raise _Rejected(WebhookResponse.text(404, f"No handler for {names} at {path}"))
        return calls, cloud

    def signed_url(self, request: WebhookRequest) -> str:
        """The URL Twilio signed for ``request`` (see ``public_url``, ``trust_forwarded``)."""
        parts = urlsplit(request.url)
        if self.public_url is not None:
            return self.public_url + parts.path + (f"?{parts.query}" if parts.query else "")
        if self.trust_forwarded:
            forwarded = _forwarded(request.headers.get("forwarded"))
            if "proto" in forwarded or "host" in forwarded:
                proto = forwarded.get("proto") or parts.scheme
                host = forwarded.get("host") or parts.netloc
            else:
                proto = _first(request.headers.get("x-forwarded-proto")) or parts.scheme
                host = _first(request.headers.get("x-forwarded-host")) or parts.netloc
                port = _first(request.headers.get("x-forwarded-port"))
                if port and _port(host) is None:
                    host = f"{host}:{port}"
            return parts._replace(scheme=proto, netloc=host).geturl()
        return request.url

    def _check_signature(
        self, request: WebhookRequest, url: str, query: str, pairs: list[tuple[str, str]]
    ) -> None:
        signature = request.headers.get(SIGNATURE_HEADER.lower())
        if signature and self._signature_matches(request, url, query, pairs, signature):
            return
        # Neither the token nor the signature is logged; the query string may hold secrets too.
        logger.warning(
            "Rejected a webhook request to %s: %s X-Twilio-Signature",
            urlsplit(url)._replace(query="", fragment="").geturl(),
            "invalid" if signature else "missing",
        )
        raise _Rejected(
            WebhookResponse.text(403, "Forbidden: invalid or missing X-Twilio-Signature")
        )

    def _signature_matches(
        self,
        request: WebhookRequest,
        url: str,
        query: str,
        pairs: list[tuple[str, str]],
        signature: str,
    ) -> bool:
        algorithm = _algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER.lower()))
        if ("bodySHA256" in query or "%" in query) and "bodySHA256" in parse_qs(query):
            return any(
                v.validate(url, request.body, signature, algorithm) for v in self._validators
            )
        hash_name = algorithm.upper()
        if hash_name not in (HMAC_SHA1, HMAC_SHA256):  # refused, with the validator's warning
            grouped: dict[str, list[str]] = {}
            for name, value in pairs:
                grouped.setdefault(name, []).append(value)
            return any(v.validate(url, grouped, signature, algorithm) for v in self._validators)
        # RequestValidator.validate's answer for a form request, computed once for all tokens:
        # the sorted parameters once, one HMAC per URL tried (the URL as received first).
        urls, payload = url_variants(url), form_payload(pairs)
        expected = signature.encode("utf-8")
        return any(v._matches_form(urls, payload, expected, hash_name) for v in self._validators)

    def _json_events(self, body: bytes) -> tuple[list[tuple[type[Event], Event]], bool]:
        try:
            data = json.loads(body)
        except ValueError:
            raise _Rejected(WebhookResponse.text(400, "Bad Request: invalid JSON")) from None
        items = data if isinstance(data, list) else [data]
        if not all(isinstance(item, dict) for item in items):
            raise _Rejected(WebhookResponse.text(400, "Bad Request: expected JSON objects"))
        if isinstance(data, dict) and "specversion" not in data:
            event_type = classify(data, FORM_EVENTS)
            return [(event_type, event_type.from_params(data))], False
        events: list[tuple[type[Event], Event]] = []
        for item in items:
            model = cloud_event_type(str(item.get("type", "")), CLOUD_EVENTS, CloudEvent)
            events.append((model, model.from_params(item)))
        return events, True

    def _route(self, event_type: type[Event], event: Event, path: str) -> _Route | None:
        if issubclass(event_type, CloudEvent):  # routes with type= look at the event itself
            return self._pick_route(event_type, event, path)
        key = (event_type, path)
        try:
            return self._route_cache[key]
        except KeyError:
            route = self._pick_route(event_type, event, path)
            if len(self._route_cache) < _CACHE_SIZE and len(path) <= _CACHED_PATH:
                self._route_cache[key] = route
            return route

    def _pick_route(self, event_type: type[Event], event: Event, path: str) -> _Route | None:
        candidates = [r for r in self._routes if r.accepts(event_type, event, path)]
        if not candidates:
            return None
        mro = event_type.__mro__
        return min(
            candidates,
            key=lambda r: (r.path is None, r.cloud_type is None, mro.index(r.event_type), r.index),
        )

    def _failed(self, route: _Route, event: Event, request: WebhookRequest) -> WebhookResponse:
        name = getattr(route.handler, "__qualname__", repr(route.handler))
        path = _normalise_path(request.path or urlsplit(request.url).path)
        logger.exception("Webhook handler %s failed on %s at %s", name, type(event).__name__, path)
        return WebhookResponse.text(500, "Internal Server Error")

    def _reply(
        self,
        calls: list[tuple[Event, _Route]],
        replies: list[Reply],
        cloud: bool,
        request: WebhookRequest,
    ) -> WebhookResponse:
        if cloud:  # Event Streams wants a 2xx; a reply would mean nothing to it
            return WebhookResponse(200)
        reply = replies[0]
        if reply is None:
            return WebhookResponse.twiml(EMPTY_TWIML)
        if isinstance(reply, TwiML):
            return WebhookResponse.twiml(reply.to_xml())
        if isinstance(reply, str):
            return WebhookResponse.twiml(reply)
        event, route = calls[0]
        try:
            raise TypeError(
                f"a webhook handler returns TwiML, a str or None, not {type(reply).__name__}"
            )
        except TypeError:
            return self._failed(route, event, request)


@functools.lru_cache(maxsize=64)
def _asgi_headers(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[bytes, bytes], ...]:
    """Response headers as ASGI wants them (the app's responses share a few header sets)."""
    return tuple((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers)


async def _awaited(value: Awaitable[Any]) -> Any:
    return await value


async def _run_async(route: _Route, event: Event) -> object:
    """A handler under ASGI: a coroutine function awaited, a function in a worker thread."""
    if route.is_async:
        return await route.handler(event)
    result = await asyncio.to_thread(route.handler, event)
    return await result if inspect.isawaitable(result) else result


async def _run_sync(route: _Route, event: Event) -> object:
    """A handler under WSGI, in the calling thread (never suspends: see ``run_sync``)."""
    result = route.handler(event)
    return asyncio.run(_awaited(result)) if inspect.isawaitable(result) else result


def _port(host: str) -> int | None:
    try:
        return urlsplit(f"//{host}").port
    except ValueError:
        return None


def _first(value: str | None) -> str:
    return (value or "").split(",")[0].strip()


# One `name=value` of a `Forwarded` element (RFC 7239: a token, or a quoted string that may
# hold `;` and `,`), and what follows it: `;` (same element), `,` (next element) or the end.
_TOKEN: Final = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED: Final = r'"(?:[^"\\]|\\.)*"'
_FORWARDED_PAIR: Final = re.compile(rf'\s*({_TOKEN})=({_QUOTED}|[^;,"\s]*)\s*([;,]|$)')
_QUOTED_PAIR: Final = re.compile(r"\\(.)")


def _forwarded(value: str | None) -> dict[str, str]:
    """The parameters of the first (client-most proxy's) element of a `Forwarded` header,
    names lower-cased; what does not parse ends the element."""
    params: dict[str, str] = {}
    position, text = 0, value or ""
    while position < len(text):
        match = _FORWARDED_PAIR.match(text, position)
        if match is None or match.end() == position:
            break
        name, raw, separator = match.groups()
        if raw.startswith('"'):
            raw = _QUOTED_PAIR.sub(r"\1", raw[1:-1])
        params.setdefault(name.lower(), raw)
        position = match.end()
        if separator != ";":
            break
    return params


_REASONS: Final = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    500: "Internal Server Error",
}
