"""The small runtime every generated module imports: models, codecs, operations, resources, pages.

Generated code describes each operation as data (an `Operation`) and each resource method is a
one-line call into `Resource` / `AsyncResource`; all behaviour lives here, once.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar, cast
from urllib.parse import quote

import attrs

if TYPE_CHECKING:
    from typing import Self

    import httpx

    from ._pipeline import AuthMode

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

# (python attribute, wire name, parser or None)
FieldTable = tuple[tuple[str, str, "Callable[[Any], Any] | None"], ...]
# (wire name, encoder, sent as repeated keys)
ParamTable = tuple[tuple[str, "Callable[[Any], str]", bool], ...]


# --------------------------------------------------------------------------- models


class Model:
    """Base of every generated attrs model.

    Parsing never fails on what Twilio adds later: unknown fields are kept in
    `additional_properties`, unknown enum values stay plain strings, values that do not parse
    (a malformed date, say) are kept as sent.
    """

    __slots__ = ("_raw", "_bound")
    _raw: Mapping[str, Any]
    _bound: Any  # the resource this record was read from, for instance methods
    _FIELDS: ClassVar[FieldTable] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build the model from a decoded JSON object."""
        values: dict[str, Any] = {}
        for attribute, key, parse in cls._FIELDS:
            value = data.get(key)
            if value is not None and parse is not None:
                value = _parse_or_keep(parse, value)
            values[attribute] = value
        instance = cls(**values)
        instance._raw = data
        return instance

    @property
    def additional_properties(self) -> dict[str, Any]:
        """Fields Twilio sent that this SDK version does not know about."""
        raw = getattr(self, "_raw", None) or {}
        known = {key for _, key, _ in self._FIELDS}
        return {k: v for k, v in raw.items() if k not in known}

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-compatible data under Twilio's field names.

        Fields absent from the response stay absent; dates are ISO-8601 strings.
        """
        raw = getattr(self, "_raw", None)
        result: dict[str, Any] = {}
        for attribute, key, _ in self._FIELDS:
            value = getattr(self, attribute)
            if value is None and (raw is None or key not in raw):
                continue
            result[key] = to_json(value)
        if raw is not None:
            for key, value in raw.items():
                if key not in result:
                    result[key] = value
        return result

    def _bound_context(self) -> Any:
        bound = getattr(self, "_bound", None)
        if bound is None:
            raise ValueError(
                f"this {type(self).__name__} is not tied to a resource: instance methods work on "
                "records returned by a client call that carry their identifying fields"
            )
        return bound

    def __getitem__(self, key: str) -> Any:
        """Read any field by its wire name, including ones this SDK does not know."""
        for attribute, wire, _ in self._FIELDS:
            if wire == key:
                return getattr(self, attribute)
        raw = getattr(self, "_raw", None) or {}
        return raw[key]


def _parse_or_keep(parse: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parse(value)
    except (ValueError, TypeError, AttributeError):
        return value


def to_json(value: Any) -> Any:
    """Convert model values back to JSON-compatible data."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        # Responses keep their sub-second precision when converted back.
        value = _utc_naive(value)
        return value.isoformat(timespec="microseconds" if value.microsecond else "seconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def parse_datetime(value: str) -> datetime:
    """ISO-8601 (newer APIs) or RFC 2822 (2010 API: `Thu, 30 Jul 2015 20:12:31 +0000`)."""
    if value[:1].isdigit():
        return datetime.fromisoformat(value)
    return parsedate_to_datetime(value)


def parse_date(value: str) -> date:
    return date.fromisoformat(value[:10])


def enum_parser(enum: type[E]) -> Callable[[Any], E | str]:
    members = enum._value2member_map_

    def parse(value: Any) -> E | str:
        member = members.get(value)
        return member if member is not None else value  # type: ignore[return-value]

    return parse


def list_parser(parse: Callable[[Any], T]) -> Callable[[list[Any]], list[T]]:
    def parse_list(values: list[Any]) -> list[T]:
        # A null inside a list is kept as None rather than dropped.
        return [parse(v) if v is not None else cast(T, v) for v in values]

    return parse_list


class LazyModel:
    """`from_dict` of a generated model, imported on first use.

    Generated resources and models refer to models through these, so importing a resource
    (or a model) does not import every model it may return or contain.
    """

    __slots__ = ("module", "name", "_cls")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self._cls: type[Model] | None = None

    @property
    def model(self) -> type[Model]:
        if self._cls is None:
            self._cls = getattr(importlib.import_module(self.module), self.name)
        return self._cls

    def __call__(self, value: Mapping[str, Any]) -> Any:
        return (self._cls or self.model).from_dict(value)


def model_union_parser(*models: LazyModel) -> Callable[[Mapping[str, Any]], Any]:
    """Parse a oneOf of objects into the alternative that knows most of the payload's keys
    (the first on a tie); whatever it does not know stays in `additional_properties`."""
    known: list[tuple[LazyModel, set[str]]] = []

    def parse(value: Mapping[str, Any]) -> Any:
        if not known:
            known.extend((m, {key for _, key, _ in m.model._FIELDS}) for m in models)
        best = max(known, key=lambda entry: len(entry[1].intersection(value)))
        return best[0](value)

    return parse


def lazy_exports(package: str, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` (PEP 562) importing each exported name from its own module."""

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


def as_json(value: Any) -> Any:
    return value


def no_content(_: Any) -> bool:
    return True


# --------------------------------------------------------------------------- encoders


def encode_bool(value: bool) -> str:
    return "true" if value else "false"


def encode_datetime(value: datetime | date | str) -> str:
    """ISO-8601 in UTC with a `Z`, to the second, as the official library sends it (a date is
    midnight); naive datetimes are taken as UTC, aware ones converted to UTC."""
    if isinstance(value, str):
        return value
    if not isinstance(value, datetime):
        return value.isoformat() + "T00:00:00Z"
    return _utc_naive(value).isoformat(timespec="seconds") + "Z"


def _utc_naive(value: datetime) -> datetime:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def encode_date(value: date | datetime | str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def encode_json(value: Any) -> str:
    """Object parameters travel in forms as a JSON string (Studio `Definition`, Sync `Data` …)."""
    if isinstance(value, str):
        return value
    return json.dumps(to_json(value))  # default separators: byte-identical to the official library


def encode_any(value: Any) -> str:
    if isinstance(value, bool):
        return encode_bool(value)
    if isinstance(value, datetime):
        return encode_datetime(value)
    if isinstance(value, (dict, list, Model)):
        return encode_json(value)
    return str(value.value if isinstance(value, Enum) else value)


def encode_str(value: Any) -> str:
    return value.value if isinstance(value, Enum) else str(value)


def encode_params(table: ParamTable, values: Sequence[Any]) -> list[tuple[str, str]]:
    """Wire pairs for the given values; None means "not sent", lists become repeated keys."""
    pairs: list[tuple[str, str]] = []
    for (name, encode, repeated), value in zip(table, values, strict=True):
        if value is None:
            continue
        if repeated and isinstance(value, (list, tuple)):
            pairs.extend((name, _encode(encode, v)) for v in value)
        else:
            pairs.append((name, _encode(encode, value)))
    return pairs


def _encode(encode: Callable[[Any], str], value: Any) -> str:
    if encode is str:
        # `str` is the encoder of strings, numbers and enums: enums send their value.
        return value if type(value) is str else encode_str(value)
    return encode(value)


# --------------------------------------------------------------------------- operations


@attrs.frozen(slots=True)
class Operation(Generic[T]):
    """One spec operation, as data: the generated methods pass it to a resource."""

    method: str
    host: str  # e.g. "https://api.twilio.com"; region/edge applied per client
    path: str  # with "{}" for each path parameter, in order
    query: ParamTable = ()
    form: ParamTable = ()
    json_body: bool = False
    headers: ParamTable = ()  # `in: header` parameters
    media_headers: tuple[tuple[str, str], ...] = ()  # e.g. Accept for non-JSON media types
    parse: Callable[[Any], T] = as_json  # the result, or one record of a paginated list
    items_key: str | None = None  # set for paginated lists: the envelope key of the records
    paging: tuple[str, str, str] = ("PageSize", "PageToken", "Page")  # size, token, number
    instance: InstanceBinding | None = None  # records become official-style instances
    auth: AuthMode = "account"  # from the operation's `security` in the spec


@attrs.frozen(slots=True)
class InstanceBinding:
    """How a record becomes an instance with `fetch()` / `update()` / `delete()` / sub-resources:
    its class and the resource class of the item it describes."""

    cls: type[Model]
    item: type[_ResourceBase]
    fields: tuple[str, ...]  # record attributes giving the item's own path parameters
    parent_count: int  # leading path parameters shared with the resource that read the record

    def record_parser(self, resource: _ResourceBase) -> Callable[[Any], Any]:
        base = resource._params[: self.parent_count]
        client = resource._client

        def parse(data: Any) -> Any:
            record = self.cls.from_dict(data)
            values = [getattr(record, f) for f in self.fields]
            if None not in values:
                record._bound = self.item(client, (*base, *(str(v) for v in values)))
            return record

        return parse


class HostResolver(Protocol):
    def url_for(self, host: str) -> str: ...


@attrs.define(slots=True)
class ClientContext:
    """What resources need from their client: a pipeline and host rewriting."""

    pipeline: Any  # a SyncPipeline or AsyncPipeline (twilio_sdk._pipeline)
    hosts: HostResolver
    client: Any = None  # the facade client, for models that navigate back (`instance.fetch()`)


_NO_BODY = object()


def _url(ctx: ClientContext, op: Operation[Any], params: tuple[str, ...]) -> str:
    path = op.path.format(*[quote(str(p), safe="") for p in params]) if params else op.path
    return ctx.hosts.url_for(op.host) + path


def _build_request(
    ctx: ClientContext,
    op: Operation[Any],
    params: tuple[str, ...],
    query: Sequence[Any],
    form: Sequence[Any],
    body: Any,
) -> tuple[str, list[tuple[str, str]] | None, list[tuple[str, str]] | None, Any]:
    url = _url(ctx, op, params)
    query_pairs = encode_params(op.query, query) if op.query else None
    form_pairs = encode_params(op.form, form) if op.form else None
    json_body: Any = _NO_BODY
    if op.json_body and body is not None:
        json_body = to_json(body)
    return url, query_pairs, form_pairs, json_body


def _record_parser(op: Operation[T], resource: _ResourceBase) -> Callable[[Any], T]:
    return op.instance.record_parser(resource) if op.instance is not None else op.parse


def _parse_response(op: Operation[T], response: httpx.Response, resource: _ResourceBase) -> T:
    if op.parse is no_content:
        return op.parse(None)
    parse = _record_parser(op, resource)
    if not response.content:
        return parse({})
    return parse(response.json())


def _headers(op: Operation[Any], values: Sequence[Any]) -> dict[str, str] | None:
    """The operation's own request headers: its media types and the header parameters given."""
    if not op.media_headers and not values:
        return None
    headers = dict(op.media_headers)
    if values:
        headers.update(encode_params(op.headers, values))
    return headers or None


def _request_kwargs(
    op: Operation[Any], query: Any, form: Any, body: Any, headers: Sequence[Any]
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"auth": op.auth, "headers": _headers(op, headers)}
    if query:
        kwargs["params"] = query
    if form is not None:
        kwargs["data"] = form
    if body is not _NO_BODY:
        kwargs["json"] = body
    return kwargs


def _page_query(
    op: Operation[Any],
    query: Sequence[Any],
    page_size: int | None,
    page_token: str | None,
    page_number: int | None,
) -> list[tuple[str, str]]:
    pairs = encode_params(op.query, query)
    size_name, token_name, number_name = op.paging
    if page_size is not None:
        if not 1 <= page_size <= 1000:
            raise ValueError(f"page_size must be between 1 and 1000, got {page_size}")
        pairs.append((size_name, str(page_size)))
    if page_token is not None:
        pairs.append((token_name, page_token))
    if page_number is not None:
        pairs.append((number_name, str(page_number)))
    return pairs


def _check_limit(limit: int | None, page_size: int | None) -> int | None:
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}")
    if page_size is None and limit is not None:
        return min(limit, 1000) or None
    return page_size


class _PageData(Generic[T]):
    """One decoded page of either envelope style (flat v2010 or `meta`)."""

    __slots__ = (
        "records",
        "next_page_url",
        "previous_page_url",
        "_op",
        "_ctx",
        "_parse",
        "_headers",
        "meta",
    )

    def __init__(
        self,
        op: Operation[T],
        ctx: ClientContext,
        payload: Mapping[str, Any],
        request: httpx.Request | None,
        parse: Callable[[Any], T],
        headers: Mapping[str, str] | None = None,  # sent again for the following pages
    ) -> None:
        self._op = op
        self._ctx = ctx
        self._parse = parse
        self._headers = headers
        meta = payload.get("meta")
        key = op.items_key or ""
        if isinstance(meta, Mapping):
            self.meta: Mapping[str, Any] = meta
            if key not in payload:  # the spec's records key wins; `meta.key` names it otherwise
                key = meta.get("key") or key
            self.next_page_url: str | None = meta.get("next_page_url") or self._token_url(
                request, meta.get("nextToken")
            )
            self.previous_page_url: str | None = meta.get("previous_page_url") or self._token_url(
                request, meta.get("previousToken")
            )
        else:
            self.meta = {k: v for k, v in payload.items() if k != key}
            self.next_page_url = self._absolute(payload.get("next_page_uri"))
            self.previous_page_url = self._absolute(payload.get("previous_page_uri"))
        items = payload.get(key) or []
        self.records: list[T] = [parse(item) for item in items]

    def _token_url(self, request: httpx.Request | None, token: str | None) -> str | None:
        """Token paging (`meta.nextToken`): the same request with the page token replaced."""
        if not token or request is None:
            return None
        token_name = self._op.paging[1]
        return str(request.url.copy_remove_param(token_name).copy_add_param(token_name, token))

    def _absolute(self, uri: str | None) -> str | None:
        if not uri:
            return None
        if uri.startswith("http"):
            return uri
        return self._ctx.hosts.url_for(self._op.host) + uri


class Page(_PageData[T]):
    """One page of records; iterate it, or follow `next_page()`."""

    __slots__ = ()

    def __iter__(self) -> Iterator[T]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def next_page(self) -> Page[T] | None:
        """The following page, or None on the last one."""
        if not self.next_page_url:
            return None
        return self._follow(self.next_page_url)

    def previous_page(self) -> Page[T] | None:
        if not self.previous_page_url:
            return None
        return self._follow(self.previous_page_url)

    def _follow(self, url: str) -> Page[T]:
        return _fetch_page(self._ctx, self._op, url, self._parse, self._headers)


class AsyncPage(_PageData[T]):
    """One page of records fetched by an async client."""

    __slots__ = ()

    def __iter__(self) -> Iterator[T]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    async def next_page(self) -> AsyncPage[T] | None:
        if not self.next_page_url:
            return None
        return await self._follow(self.next_page_url)

    async def previous_page(self) -> AsyncPage[T] | None:
        if not self.previous_page_url:
            return None
        return await self._follow(self.previous_page_url)

    async def _follow(self, url: str) -> AsyncPage[T]:
        return await _afetch_page(self._ctx, self._op, url, self._parse, self._headers)


def _fetch_page(
    ctx: ClientContext,
    op: Operation[T],
    url: str,
    parse: Callable[[Any], T],
    headers: Mapping[str, str] | None,
    params: Sequence[tuple[str, str]] | None = None,
) -> Page[T]:
    response = ctx.pipeline.request("GET", url, params=params, auth=op.auth, headers=headers)
    return Page(op, ctx, response.json(), response.request, parse, headers)


async def _afetch_page(
    ctx: ClientContext,
    op: Operation[T],
    url: str,
    parse: Callable[[Any], T],
    headers: Mapping[str, str] | None,
    params: Sequence[tuple[str, str]] | None = None,
) -> AsyncPage[T]:
    response = await ctx.pipeline.request("GET", url, params=params, auth=op.auth, headers=headers)
    return AsyncPage(op, ctx, response.json(), response.request, parse, headers)


class _ResourceBase:
    __slots__ = ("_client", "_params")

    def __init__(self, client: ClientContext, params: tuple[str, ...] = ()) -> None:
        self._client = client
        self._params = params

    def __repr__(self) -> str:
        params = ", ".join(self._params)
        return f"<{type(self).__name__}({params})>"


class Resource(_ResourceBase):
    """Base of generated synchronous resources."""

    __slots__ = ()

    def _request(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        body: Any = None,
        headers: Sequence[Any] = (),
    ) -> T:
        url, q, f, b = _build_request(self._client, op, self._params, query, form, body)
        kwargs = _request_kwargs(op, q, f, b, headers)
        response = self._client.pipeline.request(op.method, url, **kwargs)
        return _parse_response(op, response, self)

    def _page(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        page_size: int | None = None,
        page_token: str | None = None,
        page_number: int | None = None,
        headers: Sequence[Any] = (),
    ) -> Page[T]:
        url = _url(self._client, op, self._params)
        pairs = _page_query(op, query, page_size, page_token, page_number)
        parse = _record_parser(op, self)
        return _fetch_page(self._client, op, url, parse, _headers(op, headers), pairs)

    def _stream(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        limit: int | None = None,
        page_size: int | None = None,
        headers: Sequence[Any] = (),
    ) -> Iterator[T]:
        page_size = _check_limit(limit, page_size)
        if limit == 0:
            return iter(())
        return self._iterate(op, query, limit, page_size, headers)

    def _iterate(
        self,
        op: Operation[T],
        query: Sequence[Any],
        limit: int | None,
        page_size: int | None,
        headers: Sequence[Any],
    ) -> Iterator[T]:
        page: Page[T] | None = self._page(op, query, (), page_size, headers=headers)
        remaining = limit
        while page is not None:
            for record in page.records:
                yield record
                if remaining is not None:
                    remaining -= 1
                    if remaining <= 0:
                        return
            page = page.next_page()

    def _list(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        limit: int | None = None,
        page_size: int | None = None,
        headers: Sequence[Any] = (),
    ) -> list[T]:
        return list(self._stream(op, query, form, limit, page_size, headers))

    def _get_page(self, op: Operation[T], target_url: str) -> Page[T]:
        parse = _record_parser(op, self)
        return _fetch_page(self._client, op, target_url, parse, _headers(op, ()))


class AsyncResource(_ResourceBase):
    """Base of generated asynchronous resources."""

    __slots__ = ()

    async def _request(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        body: Any = None,
        headers: Sequence[Any] = (),
    ) -> T:
        url, q, f, b = _build_request(self._client, op, self._params, query, form, body)
        kwargs = _request_kwargs(op, q, f, b, headers)
        response = await self._client.pipeline.request(op.method, url, **kwargs)
        return _parse_response(op, response, self)

    async def _page(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        page_size: int | None = None,
        page_token: str | None = None,
        page_number: int | None = None,
        headers: Sequence[Any] = (),
    ) -> AsyncPage[T]:
        url = _url(self._client, op, self._params)
        pairs = _page_query(op, query, page_size, page_token, page_number)
        parse = _record_parser(op, self)
        return await _afetch_page(self._client, op, url, parse, _headers(op, headers), pairs)

    def _stream(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        limit: int | None = None,
        page_size: int | None = None,
        headers: Sequence[Any] = (),
    ) -> AsyncIterator[T]:
        page_size = _check_limit(limit, page_size)
        return self._iterate(op, query, limit, page_size, headers)

    async def _iterate(
        self,
        op: Operation[T],
        query: Sequence[Any],
        limit: int | None,
        page_size: int | None,
        headers: Sequence[Any],
    ) -> AsyncIterator[T]:
        if limit == 0:
            return
        page: AsyncPage[T] | None = await self._page(op, query, (), page_size, headers=headers)
        remaining = limit
        while page is not None:
            for record in page.records:
                yield record
                if remaining is not None:
                    remaining -= 1
                    if remaining <= 0:
                        return
            page = await page.next_page()

    async def _list(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        limit: int | None = None,
        page_size: int | None = None,
        headers: Sequence[Any] = (),
    ) -> list[T]:
        stream = self._stream(op, query, form, limit, page_size, headers)
        return [record async for record in stream]

    async def _get_page(self, op: Operation[T], target_url: str) -> AsyncPage[T]:
        parse = _record_parser(op, self)
        return await _afetch_page(self._client, op, target_url, parse, _headers(op, ()))


# --------------------------------------------------------------------------- domains

R = TypeVar("R")


class Domain:
    """Base of generated domain classes (`client.verify`): versions load on first access."""

    __slots__ = ("_context", "_versions")
    _DEFAULT_VERSIONS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: ClientContext) -> None:
        self._context = context
        self._versions: dict[str, Any] = {}

    def _version(self, name: str, cls: Callable[[ClientContext], R]) -> R:
        version = self._versions.get(name)
        if version is None:
            version = self._versions[name] = cls(self._context)
        return cast(R, version)

    def __getattr__(self, name: str) -> Any:
        # Shortcuts as in the official library: `client.verify.services` -> `verify.v2.services`.
        if name.startswith("_"):
            raise AttributeError(name)
        for version in self._DEFAULT_VERSIONS:
            resource = getattr(self, version)
            if hasattr(type(resource), name):
                return getattr(resource, name)
        raise AttributeError(f"{type(self).__name__} has no resource {name!r} in any version")


class DomainHolder:
    """Base of the generated `Domains` mixins: one cached domain object per client."""

    __slots__ = ()
    _context: ClientContext
    _domains: dict[str, Any]

    if TYPE_CHECKING:  # provided by the client; the account shortcuts read it

        @property
        def account_sid(self) -> str: ...

    def _domain(self, name: str, cls: Callable[[ClientContext], R]) -> R:
        domain = self._domains.get(name)
        if domain is None:
            domain = self._domains[name] = cls(self._context)
        return cast(R, domain)
