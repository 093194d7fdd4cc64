"""FakeTwilio: an in-process Twilio (an httpx transport) driven by the vendored spec."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import httpx

from twilio_sdk._errors import InvalidArgumentError

from ._clock import FakeClock
from ._spec import SpecIndex, SpecOperation
from ._state import (
    COLLECTIONS,
    Collection,
    matches,
    new_record,
    page_of,
    rfc2822,
    route_collection,
    template,
)
from ._validate import Invalid, check_call, check_message, validate

if TYPE_CHECKING:
    from .._client import AsyncClient, Client
    from ..webhooks import WebhookApp

__all__ = ["Callback", "Fault", "FakeTwilio", "RecordedRequest"]

_SPEC_CACHE: dict[Path | None, SpecIndex] = {}
_SPEC_LOCK = threading.Lock()

# Twilio's magic "To" numbers (as with its test credentials): each fails the way a real number
# would, so error handling can be tested.
MAGIC_TO = {
    "+15005550001": (21211, "The 'To' number +15005550001 is not a valid phone number."),
    "+15005550002": (21612, "The 'To' phone number is not currently reachable."),
    "+15005550003": (21408, "Permission to send an SMS has not been enabled for the region."),
    "+15005550004": (21610, "Attempt to send to unsubscribed recipient"),
    "+15005550009": (21614, "'To' number is not a valid mobile number"),
}
# Twilio's magic "From" numbers for messages, and its magic numbers for calls.
MAGIC_FROM = {
    "+15005550001": (
        21212,
        "The 'From' number +15005550001 is not a valid phone number, shortcode, or "
        "alphanumeric sender ID.",
    ),
    "+15005550007": (
        21606,
        "The From phone number +15005550007 is not a valid, SMS-capable inbound phone number "
        "or short code for your account.",
    ),
    "+15005550008": (
        21611,
        "This 'From' number has exceeded the maximum number of queued messages",
    ),
}
MAGIC_CALL_TO = {
    "+15005550001": (21217, "Phone number does not appear to be valid"),
    "+15005550002": (21214, "'To' phone number cannot be reached"),
    "+15005550003": (21215, "Geo Permission configuration is not permitting call"),
    "+15005550004": (21216, "Call blocked by Twilio blocklist"),
}
MAGIC_CALL_FROM = {
    "+15005550001": (21212, "Invalid From Number (caller ID): +15005550001"),
}
UNDELIVERABLE_TO = "+15005550010"  # accepted, then ends "undelivered" with error 30003
MESSAGE_FLOW = ("queued", "sent", "delivered")
CALL_FLOW = ("queued", "ringing", "in-progress", "completed")


def _index(directory: Path | None) -> SpecIndex:
    with _SPEC_LOCK:
        if directory not in _SPEC_CACHE:
            _SPEC_CACHE[directory] = SpecIndex(directory)
        return _SPEC_CACHE[directory]


@dataclass(frozen=True)
class RecordedRequest:
    """A request the fake received (``fake.requests``), with the operation it matched."""

    method: str
    url: str
    headers: dict[str, str]
    params: dict[str, Any]
    """Query and form parameters by wire name (lists for repeated ones)."""
    json: Any
    operation_id: str | None
    call: str | None
    status: int
    """The status the fake answered (0 for an injected timeout)."""


@dataclass
class Fault:
    """An injected failure: ``fake.fail(...)`` returns it; ``hits`` counts its uses."""

    operation: str | None
    status: int = 500
    retry_after: float | None = None
    timeout: str | None = None  # "connect" or "read"
    times: int | None = 1
    code: int | None = None
    message: str | None = None
    hits: int = 0

    def applies(self, op: SpecOperation | None) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.operation is None:
            return True
        return op is not None and self.operation in (op.operation_id, op.call)


@dataclass(frozen=True)
class Callback:
    """A status callback the fake sent (``fake.callbacks``) and what the receiver answered
    (``status`` None: nothing was attached to receive it)."""

    url: str
    params: dict[str, str]
    signature: str
    status: int | None
    body: bytes = b""


@dataclass
class _Pending:
    url: str
    method: str
    params: dict[str, str]
    account_sid: str
    call_sid: str | None = None


@dataclass
class _Account:
    sid: str
    token: str
    parent: str | None


class FakeTwilio(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An in-process Twilio: an httpx transport that answers every operation of the vendored
    spec, validating each request as Twilio does.

    ``fake.client()`` / ``fake.async_client()`` give a :class:`twilio_sdk.Client` /
    :class:`~twilio_sdk.AsyncClient` wired to it; ``fake.requests`` records every request.

    - Messages, calls, incoming and available numbers, applications, outgoing caller IDs,
      (sub)accounts, conferences and participants, recordings, transcriptions, notifications,
      and Verify and Messaging services keep state; other operations answer the spec's example.
    - Messages move queued → sent → delivered and calls queued → ringing → in-progress →
      completed on :meth:`advance` (one step) or :meth:`settle` (to the end), or at every
      request with ``auto_advance=True``; each step sends the status callback, signed, to the
      attached :class:`~twilio_sdk.webhooks.WebhookApp`.
    - :meth:`fail` injects 429 (with ``Retry-After``), 5xx or timeouts.
    - :attr:`clock` is real time by default (records are stamped now, so filters relative to
      today work); ``now=datetime(...)`` fixes it, and then every request and status step
      moves it one second, the same on every run. ``start=`` is the former name of ``now=``.
    """

    def __init__(
        self,
        account_sid: str | None = None,
        auth_token: str | None = None,
        *,
        webhook_app: WebhookApp | None = None,
        auto_advance: bool = False,
        seed: int = 0,
        now: datetime | None = None,
        start: datetime | None = None,
        spec_dir: Path | None = None,
    ) -> None:
        self._random = random.Random(seed)
        self.account_sid: str = account_sid or self._sid("AC")
        self.auth_token: str = auth_token or self._random.getrandbits(128).to_bytes(16).hex()
        self.webhook_app = webhook_app
        self.auto_advance = auto_advance
        self.spec: SpecIndex = _index(spec_dir)
        self.requests: list[RecordedRequest] = []
        self.callbacks: list[Callback] = []
        self.faults: list[Fault] = []
        self.sleeps: list[float] = []
        self._lock = threading.RLock()
        self._pending: list[_Pending] = []
        self.clock: FakeClock = FakeClock(now or start)
        """The fake's time: real by default; ``now=`` or ``clock.set()`` fixes it."""
        self._collections: dict[str, Collection] = {c.name: c for c in COLLECTIONS()}
        self._accounts: dict[str, _Account] = {}
        self._add_account(self.account_sid, self.auth_token, None, "My first Twilio account")

    def __repr__(self) -> str:
        return f"<FakeTwilio account_sid={self.account_sid!r} requests={len(self.requests)}>"

    # -- clients -------------------------------------------------------------------------

    def client(self, *, real_sleep: bool = False, **kwargs: Any) -> Client:
        """A :class:`twilio_sdk.Client` for the fake's account, sending to the fake.

        Retry pauses are recorded in ``fake.sleeps`` instead of slept (``real_sleep=True``
        sleeps). Other keyword arguments go to ``Client``.
        """
        from .._client import Client

        kwargs.setdefault("http_client", httpx.Client(transport=self))
        kwargs.setdefault("async_http_client", httpx.AsyncClient(transport=self))  # *_async
        client = Client(self.account_sid, self.auth_token, **kwargs)
        if not real_sleep:
            client._pipeline._sleep = self.sleeps.append  # noqa: SLF001
            open_async = client._context._open_async  # noqa: SLF001
            assert open_async is not None

            def open_recording() -> Any:
                pipeline = open_async()
                pipeline._sleep = self._record_sleep  # noqa: SLF001
                return pipeline

            client._context._open_async = open_recording  # noqa: SLF001
        return client

    async def _record_sleep(self, delay: float) -> None:
        self.sleeps.append(delay)

    def async_client(self, *, real_sleep: bool = False, **kwargs: Any) -> AsyncClient:
        """An :class:`twilio_sdk.AsyncClient` for the fake's account, sending to the fake."""
        from .._client import AsyncClient

        kwargs.setdefault("http_client", httpx.AsyncClient(transport=self))
        client = AsyncClient(self.account_sid, self.auth_token, **kwargs)
        if not real_sleep:

            async def record(delay: float) -> None:
                self.sleeps.append(delay)

            client._pipeline._sleep = record  # noqa: SLF001
        return client

    def attach(self, app: WebhookApp) -> None:
        """Deliver status callbacks to this webhook app (signed with the account's token)."""
        self.webhook_app = app

    # -- faults --------------------------------------------------------------------------

    def fail(
        self,
        operation: str | None = None,
        *,
        status: int = 500,
        times: int | None = 1,
        retry_after: float | None = None,
        timeout: str | None = None,
        code: int | None = None,
        message: str | None = None,
    ) -> Fault:
        """Fail the next ``times`` requests (``None``: all) — of one operation, named by
        operation id (``CreateMessage``) or call chain, or of any.

        ``status=429, retry_after=2`` answers Too Many Requests with ``Retry-After: 2``;
        ``timeout="read"`` (or ``"connect"``) raises the httpx timeout instead of answering.
        """
        if operation is not None and not any(self.spec.find(operation)):
            raise InvalidArgumentError(
                f"no operation is named {operation!r} (operation id or call chain)"
            )
        if timeout not in (None, "read", "connect"):
            raise InvalidArgumentError(f"timeout must be 'read' or 'connect', not {timeout!r}")
        fault = Fault(operation, status, retry_after, timeout, times, code, message)
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self.faults.clear()

    # -- state ---------------------------------------------------------------------------

    def records(self, collection: str) -> list[dict[str, Any]]:
        """The stored records of a collection (``messages``, ``calls``, …), oldest first."""
        return [dict(r) for r in self._collections[collection].records.values()]

    def now(self) -> datetime:
        """The fake's current time (see :attr:`clock`)."""
        return self.clock.now()

    def _sid(self, prefix: str) -> str:
        return prefix + self._random.getrandbits(128).to_bytes(16).hex()

    def _add_account(self, sid: str, token: str, parent: str | None, name: str) -> dict[str, Any]:
        self._accounts[sid] = _Account(sid, token, parent)
        op = next(self.spec.find("FetchAccount"))
        record = new_record(op, self._collections["accounts"], sid, sid, self.clock.now(), {})
        record.update(
            friendly_name=name,
            owner_account_sid=parent or sid,
            auth_token=token,
            status="active",
            type="Full",
        )
        self._collections["accounts"].records[sid] = record
        return record

    # -- transport -----------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        response = self._answer(request)
        if self.auto_advance:
            self._deliver(self._step())
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        response = self._answer(request)
        if self.auto_advance:
            await self._deliver_async(self._step())
        return response

    def _answer(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.clock.step()
            url = request.url
            product = url.host.split(".", 1)[0]
            path = unquote(url.raw_path.decode("ascii").split("?", 1)[0])
            query = parse_qsl(url.query.decode("utf-8"), keep_blank_values=True)
            op, path_exists = self.spec.match(request.method, url.path, product)
            params: dict[str, Any] = {}
            body_json: Any = None
            status = 0
            try:
                for fault in self.faults:
                    if fault.applies(op):
                        fault.hits += 1
                        if fault.timeout == "connect":
                            raise httpx.ConnectTimeout("fake: connect timeout", request=request)
                        if fault.timeout == "read":
                            raise httpx.ReadTimeout("fake: read timeout", request=request)
                        raise Invalid(
                            fault.status,
                            fault.code or (20429 if fault.status == 429 else 20500),
                            fault.message
                            or ("Too Many Requests" if fault.status == 429 else "Service error"),
                            "fault",
                        )
                if op is None:
                    if path_exists:
                        raise Invalid(405, 20004, "Method not allowed", "method")
                    raise Invalid(
                        404, 20404, f"The requested resource {path} was not found", "route"
                    )
                found = op.regex.match(url.path)
                groups = found.groups() if found else ()
                path_values = dict(zip(op.path_params, map(unquote, groups), strict=True))
                self._authenticate(request, op)
                params, body_json = validate(
                    op, path_values, query, request.headers.get("content-type"), request.content
                )
                status, payload = self._dispatch(op, path_values, params, body_json, url)
            except Invalid as error:
                status, payload = error.status, error.body()
            except httpx.TimeoutException:
                self._record(request, params, body_json, op, 0)
                raise
            self._record(request, params, body_json, op, status)
            headers = {
                "Twilio-Request-Id": "RQ"
                + hashlib.md5(str(len(self.requests)).encode()).hexdigest()
            }
            for fault in self.faults:
                if fault.hits and fault.retry_after is not None and status == fault.status:
                    headers["Retry-After"] = f"{fault.retry_after:g}"
            if status == 204 or payload is None:
                return httpx.Response(status, headers=headers)
            return httpx.Response(status, json=payload, headers=headers)

    def _record(
        self,
        request: httpx.Request,
        params: dict[str, Any],
        body_json: Any,
        op: SpecOperation | None,
        status: int,
    ) -> None:
        if not params and request.content and not body_json:
            try:
                params = dict(parse_qsl(request.content.decode("utf-8")))
            except UnicodeDecodeError:
                params = {}
        self.requests.append(
            RecordedRequest(
                request.method,
                str(request.url),
                {k: v for k, v in request.headers.items() if k.lower() != "authorization"},
                params,
                body_json,
                op.operation_id if op else None,
                op.call if op else None,
                status,
            )
        )

    def _authenticate(self, request: httpx.Request, op: SpecOperation) -> None:
        if op.anonymous:
            return  # the OAuth token endpoints: credentials travel in the form
        header = request.headers.get("authorization", "")
        denied = Invalid(401, 20003, "Authenticate", "auth")
        if header.lower().startswith("bearer "):
            return  # OAuth (Organizations API): any bearer token
        if not header.lower().startswith("basic "):
            raise denied
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            raise denied from None
        account = self._accounts.get(user)
        if user.startswith("SK") and password:
            return  # API keys: any key with a secret is accepted
        if account is None or account.token != password:
            # a parent's credentials also act on its subaccounts
            raise denied

    # -- dispatch ------------------------------------------------------------------------

    def _dispatch(
        self,
        op: SpecOperation,
        path_values: dict[str, str],
        params: dict[str, Any],
        body_json: Any,
        url: httpx.URL,
    ) -> tuple[int, Any]:
        account_sid = path_values.get("AccountSid", self.account_sid)
        if "AccountSid" in path_values and account_sid not in self._accounts:
            raise Invalid(
                404, 20404, f"The requested resource {url.path} was not found", "path_sid"
            )
        special = getattr(self, "_op_" + op.operation_id, None)
        if special is not None:
            result: tuple[int, Any] = special(op, path_values, params, url)
            return result
        routed = route_collection(list(self._collections.values()), op)
        if routed is not None:
            collection, kind = routed
            return self._generic(op, collection, kind, path_values, params, url)
        return self._example(op, path_values)

    def _example(self, op: SpecOperation, path_values: dict[str, str]) -> tuple[int, Any]:
        status, schema, example = op.success
        if status == 204:
            return 204, None
        if example is None:
            if op.list_key:
                return status, {op.list_key: [], "meta": {"key": op.list_key, "page": 0}}
            example = {name: None for name in schema.get("properties") or {}}
        account = path_values.get("AccountSid", self.account_sid)
        return status, template(example, account, None, None)

    def _scope_ok(
        self, collection: Collection, record: dict[str, Any], path: dict[str, str]
    ) -> bool:
        from ._validate import _snake

        for name, value in path.items():
            if name in (collection.id_param, "CountryCode"):
                continue
            field_name = _snake(name)
            if field_name in record and record[field_name] != value:
                return False
        return True

    def _get(
        self, collection: Collection, path_values: dict[str, str], url: httpx.URL
    ) -> dict[str, Any]:
        sid = path_values.get(collection.id_param, "")
        record = collection.records.get(sid)
        if record is None or not self._scope_ok(collection, record, path_values):
            raise Invalid(
                404, 20404, f"The requested resource {url.path} was not found", "not_found"
            )
        return record

    def _item(
        self, name: str, path_values: dict[str, str], url: httpx.URL
    ) -> tuple[Collection, dict[str, Any]]:
        """The collection called `name` and its record at `path_values` (404 if absent)."""
        collection = self._collections[name]
        return collection, self._get(collection, path_values, url)

    def _public(self, record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if not k.startswith("_")}

    def _generic(
        self,
        op: SpecOperation,
        collection: Collection,
        kind: str,
        path_values: dict[str, str],
        params: dict[str, Any],
        url: httpx.URL,
        extra: dict[str, Any] | None = None,
    ) -> tuple[int, Any]:
        status, _, _ = op.success
        if kind == "list" and op.method == "GET":
            records = [
                r
                for r in reversed(collection.records.values())
                if self._scope_ok(collection, r, path_values) and matches(r, params)
            ]
            base = f"{url.scheme}://{url.host}"
            return status, page_of(
                records,
                op.list_key or collection.key,
                "meta"
                if op.list_key and "meta" in (op.success[1].get("properties") or {})
                else "v2010",
                url.path,
                base,
                params,
                self._public,
            )
        if kind == "list" and op.method == "POST":
            account_sid = path_values.get("AccountSid", self.account_sid)
            sid = self._sid(collection.prefix)
            record = new_record(op, collection, sid, account_sid, self.clock.now(), params)
            for name, value in path_values.items():
                from ._validate import _snake

                if _snake(name) in record and name != "AccountSid":
                    record[_snake(name)] = value
            record.update(extra or {})
            collection.records[sid] = record
            return status, self._public(record)
        record = self._get(collection, path_values, url)
        if op.method == "DELETE":
            del collection.records[record.get("sid") or path_values[collection.id_param]]
            return 204, None
        if op.method == "POST":
            from ._state import coerce
            from ._validate import _snake

            props = op.success[1].get("properties") or {}
            for name, value in params.items():
                field_name = _snake(name)
                if field_name in props and field_name not in ("sid", "account_sid"):
                    record[field_name] = coerce(value, op.file.resolve(props[field_name]))
            record.update(extra or {})
            stamp = (
                rfc2822(self.clock.now())
                if collection.style == "v2010"
                else self.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")
            )
            if "date_updated" in record:
                record["date_updated"] = stamp
        return status, self._public(record)

    # -- resource-specific behaviour -----------------------------------------------------

    def _op_CreateMessage(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        check_message(params)
        to = str(params["To"])
        if to in MAGIC_TO:
            code, message = MAGIC_TO[to]
            raise Invalid(400, code, message, "magic_number", "To")
        sender = str(params.get("From"))
        if sender in MAGIC_FROM:
            code, message = MAGIC_FROM[sender]
            raise Invalid(400, code, message, "magic_number", "From")
        body = str(params.get("Body", ""))
        media = params.get("MediaUrl") or []
        scheduled = params.get("ScheduleType") == "fixed"
        extra = {
            "status": "scheduled" if scheduled else "queued",
            "direction": "outbound-api",
            "body": body,
            "num_media": str(len(media)),
            "num_segments": str(max(1, -(-len(body) // 160))) if body else "0",
            "from": params.get("From"),
            "messaging_service_sid": params.get("MessagingServiceSid"),
            "date_sent": None,
            "price": None,
            "error_code": None,
            "error_message": None,
            "_status_callback": params.get("StatusCallback"),
        }
        messages = self._collections["messages"]
        return self._generic(op, messages, "list", path, params, url, extra)

    def _op_UpdateMessage(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        messages, record = self._item("messages", path, url)
        if params.get("Status") == "canceled" and record["status"] != "scheduled":
            raise Invalid(400, 30409, "Message is not in a cancelable state", "state", "Status")
        return self._generic(op, messages, "instance", path, params, url)

    def _op_CreateCall(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        check_call(params)
        for name, magic in (("To", MAGIC_CALL_TO), ("From", MAGIC_CALL_FROM)):
            if params[name] in magic:
                code, message = magic[params[name]]
                raise Invalid(400, code, message, "magic_number", name)
        app_sid = params.get("ApplicationSid")
        if app_sid and app_sid not in self._collections["applications"].records:
            raise Invalid(
                400, 21218, f"Invalid ApplicationSid {app_sid}", "reference", "ApplicationSid"
            )
        events = params.get("StatusCallbackEvent") or ["completed"]
        extra = {
            "status": "queued",
            "direction": "outbound-api",
            "from": params.get("From"),
            "to": params.get("To"),
            "duration": None,
            "start_time": None,
            "end_time": None,
            "_status_callback": params.get("StatusCallback"),
            "_events": [e for event in events for e in event.split()],
            "_record": str(params.get("Record", "")).lower() == "true",
            "_twiml": params.get("Twiml"),
            "_url": params.get("Url"),
        }
        return self._generic(op, self._collections["calls"], "list", path, params, url, extra)

    def _op_UpdateCall(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        calls, record = self._item("calls", path, url)
        wanted = params.pop("Status", None)
        result = self._generic(op, calls, "instance", path, params, url)
        if wanted in ("completed", "canceled"):
            if record["status"] in ("completed", "canceled", "failed", "busy", "no-answer"):
                raise Invalid(400, 21220, "Call is not in-progress. Cannot redirect.", "state")
            final = "canceled" if record["status"] in ("queued", "ringing") else "completed"
            self._set_call_status(record, final)
            return result[0], self._public(record)
        return result

    def _op_ListAvailablePhoneNumberLocal(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        return self._available(op, path, params, url, "local")

    def _op_ListAvailablePhoneNumberTollFree(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        return self._available(op, path, params, url, "toll-free")

    def _op_ListAvailablePhoneNumberMobile(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        return self._available(op, path, params, url, "mobile")

    def _available(
        self,
        op: SpecOperation,
        path: dict[str, str],
        params: dict[str, Any],
        url: httpx.URL,
        kind: str,
    ) -> tuple[int, Any]:
        country = path["CountryCode"].upper()
        prefix = {"US": "+1", "CA": "+1", "GB": "+44", "AU": "+61"}.get(country, "+1")
        area = str(params.get("AreaCode") or ("800" if kind == "toll-free" else "415"))
        owned = {
            r["phone_number"] for r in self._collections["incoming_phone_numbers"].records.values()
        }
        _, _, example = op.success
        sample = (example or {}).get("available_phone_numbers", [{}])
        base = sample[0] if sample else {}
        contains = str(params.get("Contains") or "").replace("*", "")
        numbers = []
        for n in range(100, 200):
            number = f"{prefix}{area}555{n:04d}"
            if number in owned or (contains and contains not in number):
                continue
            item = dict(base)
            item.update(
                phone_number=number,
                friendly_name=f"({area}) 555-{n:04d}",
                iso_country=country,
                region=item.get("region") or "CA",
            )
            numbers.append(item)
        return 200, page_of(numbers, "available_phone_numbers", "v2010", url.path, "", params, dict)

    def _buy(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        numbers = self._collections["incoming_phone_numbers"]
        owned = {r["phone_number"] for r in numbers.records.values()}
        number = params.get("PhoneNumber")
        if number is None:
            area = params.get("AreaCode")
            number = next(
                n for n in (f"+1{area}555{i:04d}" for i in range(100, 10000)) if n not in owned
            )
            params = {**params, "PhoneNumber": number}
        if not str(number).startswith("+") or not str(number)[1:].isdigit():
            raise Invalid(
                400, 21421, f"PhoneNumber {number} is invalid", "phone_number", "PhoneNumber"
            )
        if number in owned:
            raise Invalid(
                400, 21422, f"PhoneNumber {number} is not available", "phone_number", "PhoneNumber"
            )
        digits = str(number)[-10:]
        extra = {
            "phone_number": number,
            "friendly_name": params.get("FriendlyName")
            or f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
            "status": "in-use",
        }
        return self._generic(op, numbers, "list", path, params, url, extra)

    _op_CreateIncomingPhoneNumber = _buy
    _op_CreateIncomingPhoneNumberLocal = _buy
    _op_CreateIncomingPhoneNumberMobile = _buy
    _op_CreateIncomingPhoneNumberTollFree = _buy

    def _op_UpdateIncomingPhoneNumber(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        numbers, record = self._item("incoming_phone_numbers", path, url)
        target = params.pop("AccountSid", None)
        if target is not None and target != record["account_sid"]:
            source = self._accounts[record["account_sid"]]
            dest = self._accounts.get(target)
            root = source.parent or source.sid
            if dest is None or (dest.parent or dest.sid) != root:
                raise Invalid(
                    400,
                    21405,
                    f"Account {target} is not a subaccount of the same parent",
                    "reference",
                    "AccountSid",
                )
            old = record["account_sid"]
            for name in ("uri",):
                if isinstance(record.get(name), str):
                    record[name] = record[name].replace(old, target)
            record["account_sid"] = target
            path = {**path, "AccountSid": target}
        return self._generic(op, numbers, "instance", path, params, url)

    def _op_CreateValidationRequest(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        caller_ids = self._collections["outgoing_caller_ids"]
        fetch = next(self.spec.find("FetchOutgoingCallerId"))
        sid = self._sid("PN")
        record = new_record(fetch, caller_ids, sid, path["AccountSid"], self.clock.now(), params)
        record["friendly_name"] = params.get("FriendlyName") or params["PhoneNumber"]
        caller_ids.records[sid] = record
        return op.success[0], {
            "account_sid": path["AccountSid"],
            "call_sid": self._sid("CA"),
            "friendly_name": record["friendly_name"],
            "phone_number": params["PhoneNumber"],
            "validation_code": f"{self._random.randrange(100000, 999999)}",
        }

    def _op_CreateAccount(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        sid = self._sid("AC")
        token = self._random.getrandbits(128).to_bytes(16).hex()
        name = params.get("FriendlyName") or f"SubAccount Created at {rfc2822(self.clock.now())}"
        record = self._add_account(sid, token, self.account_sid, name)
        return op.success[0], self._public(record)

    def _op_UpdateAccount(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        accounts, record = self._item("accounts", path, url)
        if record["status"] == "closed":
            raise Invalid(400, 20008, "Cannot update a closed account", "state", "Status")
        if params.get("Status") == "closed":
            if path["Sid"] == self.account_sid:
                raise Invalid(
                    400, 20008, "The parent account cannot be closed here", "state", "Status"
                )
            numbers = self._collections["incoming_phone_numbers"].records
            for sid in [s for s, r in numbers.items() if r["account_sid"] == path["Sid"]]:
                del numbers[sid]  # Twilio releases a closed account's numbers
        return self._generic(op, accounts, "instance", path, params, url)

    def _op_CreateParticipant(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        conference = self._conference(path["AccountSid"], path["ConferenceSid"], create=True)
        call_op = next(self.spec.find("CreateCall"))
        call_params = {"To": params["To"], "From": params["From"], "Twiml": "<Response/>"}
        _, call = self._op_CreateCall(call_op, path, call_params, url)
        participants = self._collections["participants"]
        fetch = next(self.spec.find("FetchParticipant"))
        record = new_record(
            fetch, participants, call["sid"], path["AccountSid"], self.clock.now(), params
        )
        record.update(
            call_sid=call["sid"],
            conference_sid=conference["sid"],
            status="connected",
            muted=str(params.get("Muted", "false")).lower() == "true",
            hold=str(params.get("Hold", "false")).lower() == "true",
            label=params.get("Label"),
            sid=None,
        )
        record.pop("sid", None)
        participants.records[call["sid"]] = record
        return op.success[0], self._public(record)

    def _conference(self, account_sid: str, name_or_sid: str, create: bool) -> dict[str, Any]:
        conferences = self._collections["conferences"]
        if name_or_sid in conferences.records:
            return conferences.records[name_or_sid]
        for record in conferences.records.values():
            if record["friendly_name"] == name_or_sid and record["status"] != "completed":
                return record
        if not create:
            raise Invalid(404, 20404, f"Conference {name_or_sid} was not found", "not_found")
        fetch = next(self.spec.find("FetchConference"))
        sid = self._sid("CF")
        record = new_record(fetch, conferences, sid, account_sid, self.clock.now(), {})
        record.update(friendly_name=name_or_sid, status="in-progress")
        conferences.records[sid] = record
        return record

    def _participant_path(self, path: dict[str, str]) -> dict[str, str]:
        conference = self._conference(path["AccountSid"], path["ConferenceSid"], create=False)
        return {**path, "ConferenceSid": conference["sid"]}

    def _op_ListParticipant(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        participants = self._collections["participants"]
        return self._generic(op, participants, "list", self._participant_path(path), params, url)

    def _op_FetchParticipant(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        participants = self._collections["participants"]
        return self._generic(
            op, participants, "instance", self._participant_path(path), params, url
        )

    _op_UpdateParticipant = _op_FetchParticipant

    def _op_DeleteParticipant(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        participants = self._collections["participants"]
        resolved = self._participant_path(path)
        self._get(participants, resolved, url)
        del participants.records[path["CallSid"]]
        call = self._collections["calls"].records.get(path["CallSid"])
        if call is not None and call["status"] not in ("completed", "canceled"):
            self._set_call_status(call, "completed")
        return 204, None

    def _op_UpdateConference(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        conferences = self._collections["conferences"]
        result = self._generic(op, conferences, "instance", path, params, url)
        if params.get("Status") == "completed":
            participants = self._collections["participants"].records
            for call_sid in [
                s for s, r in participants.items() if r["conference_sid"] == path["Sid"]
            ]:
                del participants[call_sid]
                call = self._collections["calls"].records.get(call_sid)
                if call is not None and call["status"] not in ("completed", "canceled"):
                    self._set_call_status(call, "completed")
        return result

    def _op_CreateCallRecording(
        self, op: SpecOperation, path: dict[str, str], params: dict[str, Any], url: httpx.URL
    ) -> tuple[int, Any]:
        call = self._get(
            self._collections["calls"],
            {"Sid": path["CallSid"], "AccountSid": path["AccountSid"]},
            url,
        )
        if call["status"] != "in-progress":
            raise Invalid(400, 21220, "Requested resource is not eligible for recording", "state")
        extra = {
            "status": "in-progress",
            "call_sid": call["sid"],
            "source": "StartCallRecordingAPI",
        }
        return self._generic(op, self._collections["recordings"], "list", path, params, url, extra)

    # -- status flows and callbacks ------------------------------------------------------

    def advance(self, steps: int = 1) -> list[Callback]:
        """Move every message and call one status further (``steps`` times) and deliver the
        status callbacks; return them."""
        start = len(self.callbacks)
        for _ in range(steps):
            self._deliver(self._step())
        return self.callbacks[start:]

    def settle(self) -> list[Callback]:
        """Advance until no message or call can move; return the callbacks sent."""
        start = len(self.callbacks)
        while True:
            pending = self._step()
            if pending is None:
                return self.callbacks[start:]
            self._deliver(pending)

    async def advance_async(self, steps: int = 1) -> list[Callback]:
        """:meth:`advance` for async webhook handlers (awaits ``WebhookApp.handle``)."""
        start = len(self.callbacks)
        for _ in range(steps):
            await self._deliver_async(self._step())
        return self.callbacks[start:]

    async def settle_async(self) -> list[Callback]:
        start = len(self.callbacks)
        while True:
            pending = self._step()
            if pending is None:
                return self.callbacks[start:]
            await self._deliver_async(pending)

    def _step(self) -> list[_Pending] | None:
        """One step of every flow; None when nothing moved."""
        with self._lock:
            moved = False
            self.clock.step()
            for message in self._collections["messages"].records.values():
                status = message["status"]
                if status in MESSAGE_FLOW[:-1]:
                    moved = True
                    failed = message.get("to") == UNDELIVERABLE_TO and status == "sent"
                    self._set_message_status(
                        message,
                        "undelivered" if failed else MESSAGE_FLOW[MESSAGE_FLOW.index(status) + 1],
                    )
            for call in list(self._collections["calls"].records.values()):
                status = call["status"]
                if status in CALL_FLOW[:-1]:
                    if (
                        status == "in-progress"
                        and call["sid"] in self._collections["participants"].records
                    ):
                        continue  # a conference participant stays until removed
                    moved = True
                    self._set_call_status(call, CALL_FLOW[CALL_FLOW.index(status) + 1])
            for recording in self._collections["recordings"].records.values():
                if recording["status"] == "in-progress":
                    moved = True
                    recording.update(status="completed", duration="7")
            pending, self._pending = self._pending, []
            return pending if moved or pending else None

    def _set_message_status(self, message: dict[str, Any], status: str) -> None:
        message["status"] = status
        message["date_updated"] = rfc2822(self.clock.now())
        if status == "sent":
            message["date_sent"] = rfc2822(self.clock.now())
            message["price"] = "-0.00790"
            message["price_unit"] = "USD"
        if status == "undelivered":
            message.update(error_code=30003, error_message="Unreachable destination handset")
        url = message.get("_status_callback")
        if url:
            params = {
                "MessageSid": message["sid"],
                "SmsSid": message["sid"],
                "AccountSid": message["account_sid"],
                "From": str(message.get("from") or ""),
                "To": str(message.get("to") or ""),
                "MessageStatus": status,
                "SmsStatus": status,
                "ApiVersion": "2010-04-01",
            }
            if message.get("error_code"):
                params["ErrorCode"] = str(message["error_code"])
            self._pending.append(_Pending(url, "POST", params, message["account_sid"]))

    def _set_call_status(self, call: dict[str, Any], status: str) -> None:
        call["status"] = status
        stamp = rfc2822(self.clock.now())
        call["date_updated"] = stamp
        if status == "in-progress":
            call["start_time"] = stamp
        if status in ("completed", "canceled"):
            call["end_time"] = stamp
            call["duration"] = "0" if status == "canceled" else "42"
            if call.get("_record") and status == "completed":
                self._record_call(call)
        url = call.get("_status_callback")
        wanted = call.get("_events") or ["completed"]
        event = {"in-progress": "answered", "queued": "initiated"}.get(status, status)
        if url and (event in wanted or status in wanted):
            call["_sequence"] = call.get("_sequence", -1) + 1
            params = {
                "CallSid": call["sid"],
                "AccountSid": call["account_sid"],
                "From": str(call.get("from") or ""),
                "To": str(call.get("to") or ""),
                "CallStatus": status,
                "Direction": "outbound-api",
                "ApiVersion": "2010-04-01",
                "CallbackSource": "call-progress-events",
                "SequenceNumber": str(call["_sequence"]),
                "Timestamp": stamp,
            }
            if status in ("completed", "canceled"):
                params["CallDuration"] = str(call["duration"])
            self._pending.append(_Pending(url, "POST", params, call["account_sid"], call["sid"]))

    def _record_call(self, call: dict[str, Any]) -> None:
        recordings = self._collections["recordings"]
        fetch = next(self.spec.find("FetchRecording"))
        sid = self._sid("RE")
        recording = new_record(fetch, recordings, sid, call["account_sid"], self.clock.now(), {})
        recording.update(
            call_sid=call["sid"],
            status="completed",
            duration="42",
            source="OutboundAPI",
            conference_sid=None,
        )
        recordings.records[sid] = recording
        transcriptions = self._collections["transcriptions"]
        fetch = next(self.spec.find("FetchTranscription"))
        tsid = self._sid("TR")
        transcription = new_record(
            fetch, transcriptions, tsid, call["account_sid"], self.clock.now(), {}
        )
        transcription.update(
            recording_sid=sid,
            status="completed",
            transcription_text="Hello from the fake Twilio.",
            duration="42",
        )
        transcriptions.records[tsid] = transcription

    def _deliver(self, pending: list[_Pending] | None) -> None:
        from ..webhooks import WebhookRequest

        for item in pending or ():
            request, signature = self._callback_request(item, WebhookRequest)
            if self.webhook_app is None:
                self._delivered(item, signature, None, b"")
                continue
            response = self.webhook_app.handle_sync(request)
            self._delivered(item, signature, response.status, response.body)

    async def _deliver_async(self, pending: list[_Pending] | None) -> None:
        from ..webhooks import WebhookRequest

        for item in pending or ():
            request, signature = self._callback_request(item, WebhookRequest)
            if self.webhook_app is None:
                self._delivered(item, signature, None, b"")
                continue
            response = await self.webhook_app.handle(request)
            self._delivered(item, signature, response.status, response.body)

    def _callback_request(self, item: _Pending, factory: Callable[..., Any]) -> tuple[Any, str]:
        from ..webhooks import RequestValidator

        token = self._accounts[item.account_sid].token
        signature = RequestValidator(token).compute_signature(item.url, item.params)
        host = urlsplit(item.url).netloc
        headers = {
            "Host": host,
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": signature,
            "User-Agent": "TwilioProxy/1.1",
        }
        body = urlencode(item.params).encode()
        return factory("POST", item.url, headers, body), signature

    def _delivered(self, item: _Pending, signature: str, status: int | None, body: bytes) -> None:
        self.callbacks.append(Callback(item.url, item.params, signature, status, body))
        if status is None or status >= 400:
            notifications = self._collections["notifications"]
            fetch = next(self.spec.find("FetchNotification"))
            sid = self._sid("NO")
            record = new_record(fetch, notifications, sid, item.account_sid, self.clock.now(), {})
            record.update(
                call_sid=item.call_sid,
                error_code="11200",
                log="0",
                message_text=f"Url={item.url}&StatusCode={status or 'unreachable'}",
                request_url=item.url,
                request_method="POST",
                response_body=body.decode("utf-8", "replace"),
            )
            notifications.records[sid] = record

    # -- convenience ---------------------------------------------------------------------

    def __enter__(self) -> FakeTwilio:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def json(self) -> str:  # pragma: no cover - debugging aid
        return json.dumps({name: self.records(name) for name in self._collections}, indent=2)
