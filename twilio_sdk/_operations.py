"""Operations as data: what generated code declares per spec operation, how a request is built
from it (URL with safe path segments, encoded parameters, headers) and how a response is parsed.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, NamedTuple, Protocol, TypeVar
from urllib.parse import quote

from ._encoding import ParamTable, encode_params, encode_str
from ._errors import (
    ArgumentTypeError,
    ClientStateError,
    InvalidArgumentError,
    MalformedResponseError,
)
from ._models import Model, as_json, no_content, to_json

if TYPE_CHECKING:
    from ._pipeline import AsyncPipeline, AuthMode, SyncPipeline
    from ._resources import ResourceBase
    from ._response import Response

__all__ = [
    "ClientContext",
    "HostResolver",
    "InstanceBinding",
    "Operation",
    "build_request",
    "check_status",
    "decode_json",
    "operation_headers",
    "operation_url",
    "parse_response",
    "path_segment",
    "record_parser",
]

T = TypeVar("T")
AT = TypeVar("AT")


# Operation and InstanceBinding are NamedTuples rather than attrs classes: immutable all the
# same, and each attrs class costs about a millisecond of import time, which every program
# pays at start-up (bench: cold start).
class Operation(NamedTuple, Generic[T, AT]):
    """One spec operation, as data: the generated methods pass it to a resource.

    One table serves both clients: `T` is what a `Client` call returns, `AT` what an
    `AsyncClient` call returns (they differ only in the instance class a record becomes).
    """

    method: str
    host: str  # e.g. "https://api.twilio.com"; region/edge applied per client
    path: str  # as in the spec, path parameters named: "/v2/Services/{ServiceSid}"
    query: ParamTable = ()
    form: ParamTable = ()
    json_body: str | None = None  # the Python name of a JSON body parameter
    json_body_required: bool = False
    headers: ParamTable = ()  # `in: header` parameters
    media_headers: tuple[tuple[str, str], ...] = ()  # e.g. Accept for non-JSON media types
    parse: Callable[[Any], T] = as_json  # the result, or one record of a paginated list
    items_key: str | None = None  # set for paginated lists: the envelope key of the records
    paging: tuple[str, str, str] = ("PageSize", "PageToken", "Page")  # size, token, number
    instance: InstanceBinding | None = None  # records become official-style instances
    auth: AuthMode = "account"  # from the operation's `security` in the spec
    redirects: tuple[int, ...] = ()  # 3xx statuses the spec declares (answered, not followed)


class InstanceBinding(NamedTuple):
    """How a record becomes an instance with `fetch()` / `update()` / `delete()` / sub-resources:
    its class and the resource class of the item it describes. A resource of an `AsyncClient`
    gives their async twins instead: the classes of the same module named `Async` + name."""

    cls: type[Model]
    item: type[ResourceBase]
    # Record attributes giving the item's own path parameters (a list's records), a record
    # without one staying unbound; none for a record of the item's own operation, which is
    # bound to the resource that read it (as the official library binds it).
    fields: tuple[str, ...]
    parent_count: int  # leading path parameters shared with the resource that read the record

    def parse_record(self, resource: ResourceBase, data: Any) -> Any:
        """The record as an instance bound to the item it describes (when its identifying
        fields are present), read through ``resource``."""
        if resource._asynchronous:
            cls, item = _async_twins(self)
        else:
            cls, item = self.cls, self.item
        record = cls.from_dict(data)
        values = [getattr(record, f, None) for f in self.fields]
        if None not in values:
            params = (*resource._params[: self.parent_count], *map(str, values))
            record._bound = item(resource._context, params)
        return record

    def record_parser(self, resource: ResourceBase) -> Callable[[Any], Any]:
        return functools.partial(self.parse_record, resource)


@functools.cache
def _async_twins(binding: InstanceBinding) -> tuple[type[Model], type[ResourceBase]]:
    """A binding's classes for an `AsyncClient`, looked up once per binding (the generator
    writes `AsyncX` beside every `X` it binds; a missing one is a generated-code bug, named)."""
    from ._resources import AsyncResource  # not at import: it imports this module

    cls, item = _async_twin(binding.cls), _async_twin(binding.item)
    if not issubclass(cls, Model) or not issubclass(item, AsyncResource):
        raise AssertionError(
            f"{_qualified(cls)} and {_qualified(item)} are not the async twins"
            f" of {_qualified(binding.cls)} and {_qualified(binding.item)}"
        )
    return cls, item


def _async_twin(cls: type) -> type:
    twin = vars(sys.modules[cls.__module__]).get("Async" + cls.__name__)
    if not isinstance(twin, type) or twin.__module__ != cls.__module__:
        raise AssertionError(
            f"{_qualified(cls)} has no async twin: its module defines no class"
            f" Async{cls.__name__} (is the generated code stale? regenerate it)"
        )
    return twin


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class HostResolver(Protocol):
    def url_for(self, host: str) -> str: ...


class AccountHolder(Protocol):
    """The facade client, as resources see it: the account its shortcuts act on."""

    @property
    def account_sid(self) -> str: ...


class ClientContext:
    """What resources need from their client: its pipelines, host rewriting and account.

    A `Client` sends through its `sync_pipeline` and, for the official library's `*_async`
    methods, through an `AsyncPipeline` that `open_async` opens on the first such call. An
    `AsyncClient` has no `sync_pipeline`; its `open_async` hands over the pipeline it made.
    """

    __slots__ = ("hosts", "client", "sync_pipeline", "_open_async", "_async_pipeline")

    def __init__(
        self,
        hosts: HostResolver,
        client: AccountHolder,
        sync_pipeline: SyncPipeline | None,
        open_async: Callable[[], AsyncPipeline],
    ) -> None:
        self.hosts: HostResolver = hosts
        self.client: AccountHolder = client
        self.sync_pipeline: SyncPipeline | None = sync_pipeline
        self._open_async: Callable[[], AsyncPipeline] = open_async
        self._async_pipeline: AsyncPipeline | None = None

    @property
    def pipeline(self) -> SyncPipeline:
        """The synchronous pipeline (a `Client`'s)."""
        if self.sync_pipeline is None:
            raise ClientStateError("an AsyncClient has no synchronous pipeline")
        return self.sync_pipeline

    @property
    def async_pipeline(self) -> AsyncPipeline:
        """The asynchronous pipeline; a `Client` opens its own on the first `*_async` call."""
        if self._async_pipeline is None:
            self._async_pipeline = self._open_async()
        return self._async_pipeline

    @property
    def opened_async_pipeline(self) -> AsyncPipeline | None:
        """The asynchronous pipeline if one is open (for closing), else None."""
        return self._async_pipeline

    def __repr__(self) -> str:
        pipeline = self.sync_pipeline or self.async_pipeline  # an AsyncClient's opens nothing
        return f"ClientContext(pipeline={pipeline!r}, hosts={self.hosts!r})"


# Segments the HTTP layer would resolve into another resource (`..` climbs a level), or that
# leave the segment empty: never valid identifiers, so refused rather than encoded.
_UNSAFE_SEGMENTS: Final = frozenset({"", ".", ".."})


@functools.lru_cache(maxsize=4096)
def _path_template(path: str) -> tuple[str, tuple[str, ...]]:
    """`/v2/Services/{ServiceSid}` -> (`/v2/Services/{}`, ("ServiceSid",))."""
    return re.sub(r"\{[^}]+\}", "{}", path), tuple(re.findall(r"\{([^}]+)\}", path))


def path_segment(name: str, value: Any) -> str:
    """One path parameter, percent-encoded so that it stays inside its own segment."""
    text: str
    if type(value) is str:
        text = value
    else:
        if value is None:
            raise ArgumentTypeError(f"path parameter {name!r} is required and may not be None")
        if isinstance(value, bool):
            raise ArgumentTypeError(f"path parameter {name!r}: expected a string, got bool")
        try:
            text = encode_str(value)
        except ArgumentTypeError as exc:
            raise ArgumentTypeError(f"path parameter {name!r}: {exc}") from None
    if text.isalnum() and text.isascii():  # a SID, say: nothing to escape (and not "")
        return text
    if text in _UNSAFE_SEGMENTS:
        raise InvalidArgumentError(f"path parameter {name!r} may not be {text!r}")
    return quote(text, safe="+")  # `+15108675310` as the official library sends it


def operation_url(ctx: ClientContext, op: Operation[Any, Any], params: Sequence[Any]) -> str:
    template, names = _path_template(op.path)
    if names:
        template = template.format(*map(path_segment, names, params))
    return ctx.hosts.url_for(op.host) + template


def build_request(
    ctx: ClientContext, op: Operation[Any, Any], params: Sequence[Any], args: Mapping[str, Any]
) -> tuple[str, dict[str, Any]]:
    """URL and pipeline keyword arguments of one call, from the arguments the caller gave
    (by Python name, as the generated method's `locals()`): every argument is checked here,
    before the pipeline sends anything."""
    url = operation_url(ctx, op, params)
    kwargs: dict[str, Any] = {"auth": op.auth, "headers": operation_headers(op, args)}
    if op.query:
        query_pairs = encode_params(op.query, args)
        if query_pairs:
            kwargs["params"] = query_pairs
    if op.form:
        kwargs["data"] = encode_params(op.form, args)
    if op.json_body is not None:
        body = args.get(op.json_body)
        if body is None:
            if op.json_body_required:
                raise ArgumentTypeError(
                    f"parameter {op.json_body!r} (the JSON body) is required and may not be None"
                )
        elif isinstance(body, (Mapping, Model, list)):
            kwargs["json"] = to_json(body)
        else:
            raise ArgumentTypeError(
                f"parameter {op.json_body!r} (the JSON body): expected a model or a dict, "
                f"got {type(body).__name__}"
            )
    return url, kwargs


def record_parser(op: Operation[T, Any], resource: ResourceBase) -> Callable[[Any], T]:
    return op.instance.record_parser(resource) if op.instance is not None else op.parse


def decode_json(response: Response) -> Any:
    """The response's JSON body; an empty or undecodable one is a MalformedResponseError."""
    content = response.content
    if not content:
        raise MalformedResponseError.of(response, "empty body where a JSON document belongs")
    try:
        return json.loads(content)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        raise MalformedResponseError.of(response, "the body is not JSON") from None


def check_status(op: Operation[Any, Any], response: Response) -> None:
    """A 3xx the spec does not declare is not an answer: redirects are never followed."""
    status = response.status_code
    if 300 <= status < 400 and status not in op.redirects:
        location = response.headers.get("location")
        where = f" to {location}" if location else ""
        raise MalformedResponseError.of(response, f"unexpected redirect{where}")


def parse_response(op: Operation[Any, Any], response: Response, resource: ResourceBase) -> Any:
    check_status(op, response)
    if op.parse is no_content:
        return op.parse(None)
    payload = decode_json(response)
    if op.parse is not as_json and not isinstance(payload, Mapping):
        raise MalformedResponseError.of(
            response, f"expected a JSON object, got {type(payload).__name__}"
        )
    instance = op.instance
    return op.parse(payload) if instance is None else instance.parse_record(resource, payload)


def operation_headers(op: Operation[Any, Any], args: Mapping[str, Any]) -> dict[str, str] | None:
    """The operation's own request headers: its media types and the header parameters given."""
    if not op.media_headers and not op.headers:
        return None
    headers = dict(op.media_headers)
    if op.headers:
        headers.update(encode_params(op.headers, args, header=True))
    return headers or None
