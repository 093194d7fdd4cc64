"""Operations as data: what generated code declares per spec operation, how a request is built
from it (URL with safe path segments, encoded parameters, headers) and how a response is parsed.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, NamedTuple, Protocol, TypeVar
from urllib.parse import quote

from ._encoding import ParamTable, encode_params, encode_str
from ._errors import ArgumentTypeError, InvalidArgumentError, MalformedResponseError
from ._models import Model, as_json, no_content, to_json

if TYPE_CHECKING:
    import httpx

    from ._pipeline import AuthMode
    from ._resources import _ResourceBase

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
    "request_kwargs",
]

T = TypeVar("T")


# Operation and InstanceBinding are NamedTuples rather than attrs classes: immutable all the
# same, and each attrs class costs about a millisecond of import time, which every program
# pays at start-up (bench: cold start).
class Operation(NamedTuple, Generic[T]):
    """One spec operation, as data: the generated methods pass it to a resource."""

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
    its class and the resource class of the item it describes."""

    cls: type[Model]
    item: type[_ResourceBase]
    fields: tuple[str, ...]  # record attributes giving the item's own path parameters
    parent_count: int  # leading path parameters shared with the resource that read the record

    def parse_record(self, resource: _ResourceBase, data: Any) -> Any:
        """The record as an instance bound to the item it describes (when its identifying
        fields are present), read through ``resource``."""
        record = self.cls.from_dict(data)
        values = [getattr(record, f) for f in self.fields]
        if None not in values:
            params = (*resource._params[: self.parent_count], *map(str, values))
            record._bound = self.item(resource._client, params)
        return record

    def record_parser(self, resource: _ResourceBase) -> Callable[[Any], Any]:
        return functools.partial(self.parse_record, resource)


class HostResolver(Protocol):
    def url_for(self, host: str) -> str: ...


class ClientContext:
    """What resources need from their client: a pipeline and host rewriting."""

    __slots__ = ("pipeline", "hosts", "client")
    pipeline: Any  # a SyncPipeline or AsyncPipeline (twilio_sdk._pipeline)
    hosts: HostResolver
    client: Any  # the facade client, for models that navigate back (`instance.fetch()`)

    def __init__(self, pipeline: Any, hosts: HostResolver, client: Any = None) -> None:
        self.pipeline = pipeline
        self.hosts = hosts
        self.client = client

    def __repr__(self) -> str:
        return f"ClientContext(pipeline={self.pipeline!r}, hosts={self.hosts!r})"


NO_BODY: Final = object()
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


def operation_url(ctx: ClientContext, op: Operation[Any], params: Sequence[Any]) -> str:
    template, names = _path_template(op.path)
    if names:
        template = template.format(*map(path_segment, names, params))
    return ctx.hosts.url_for(op.host) + template


def build_request(
    ctx: ClientContext,
    op: Operation[Any],
    params: Sequence[Any],
    query: Sequence[Any],
    form: Sequence[Any],
    body: Any,
) -> tuple[str, list[tuple[str, str]] | None, list[tuple[str, str]] | None, Any]:
    """URL, query pairs, form pairs and JSON body of one call: every argument is checked
    here, before the pipeline sends anything."""
    url = operation_url(ctx, op, params)
    query_pairs = encode_params(op.query, query) if op.query else None
    form_pairs = encode_params(op.form, form) if op.form else None
    json_body: Any = NO_BODY
    if op.json_body is not None:
        if body is None:
            if op.json_body_required:
                raise ArgumentTypeError(
                    f"parameter {op.json_body!r} (the JSON body) is required and may not be None"
                )
        elif isinstance(body, (Mapping, Model, list)):
            json_body = to_json(body)
        else:
            raise ArgumentTypeError(
                f"parameter {op.json_body!r} (the JSON body): expected a model or a dict, "
                f"got {type(body).__name__}"
            )
    return url, query_pairs, form_pairs, json_body


def record_parser(op: Operation[T], resource: _ResourceBase) -> Callable[[Any], T]:
    return op.instance.record_parser(resource) if op.instance is not None else op.parse


def decode_json(response: httpx.Response) -> Any:
    """The response's JSON body; an empty or undecodable one is a MalformedResponseError."""
    content = response.content
    if not content:
        raise MalformedResponseError.of(response, "empty body where a JSON document belongs")
    try:
        return json.loads(content)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        raise MalformedResponseError.of(response, "the body is not JSON") from None


def check_status(op: Operation[Any], response: httpx.Response) -> None:
    """A 3xx the spec does not declare is not an answer: redirects are never followed."""
    status = response.status_code
    if 300 <= status < 400 and status not in op.redirects:
        location = response.headers.get("location")
        where = f" to {location}" if location else ""
        raise MalformedResponseError.of(response, f"unexpected redirect{where}")


def parse_response(op: Operation[T], response: httpx.Response, resource: _ResourceBase) -> T:
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


def operation_headers(op: Operation[Any], values: Sequence[Any]) -> dict[str, str] | None:
    """The operation's own request headers: its media types and the header parameters given."""
    if not op.media_headers and not values:
        return None
    headers = dict(op.media_headers)
    if values:
        headers.update(encode_params(op.headers, values, header=True))
    return headers or None


def request_kwargs(
    op: Operation[Any], query: Any, form: Any, body: Any, headers: Sequence[Any]
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"auth": op.auth, "headers": operation_headers(op, headers)}
    if query:
        kwargs["params"] = query
    if form is not None:
        kwargs["data"] = form
    if body is not NO_BODY:
        kwargs["json"] = body
    return kwargs
