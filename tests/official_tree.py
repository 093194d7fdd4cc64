"""Walk the official library's client tree and replay every call path on ours.

The official `twilio` package is the reference for drop-in compatibility: its client
shortcuts, domains, versions, lists, contexts and sub-resources. `walk_official()` finds every
call path by introspection (properties, `__call__` of lists with the parameters they take, and
the request methods), calls each one with synthesised arguments through an HTTP client that
records the request instead of sending it, and keeps the paths whose request is an operation of
our vendored spec. `replay()` takes one such path through our `Client` (or `AsyncClient`) with the
same arguments and reports the first difference: a missing attribute, a keyword or positional
order not accepted, or another request on the wire.

`python tests/official_tree.py` prints the figures; tests/generated/test_drop_in.py asserts them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import inspect
import json
import re
import sys
import types
import typing
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from twilio.base.instance_context import InstanceContext
from twilio.base.list_resource import ListResource
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response as OfficialResponse
from twilio.rest import Client as OfficialClient

from twilio_sdk import AsyncClient, Client, OrgsCredentialProvider

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "AC" + "a" * 32
TOKEN = "walker-token"
REQUEST_METHODS = ("create", "fetch", "update", "delete", "list", "stream", "page", "get_page")
# The official library's three more names per method; each sends the method's request.
VARIANT_SUFFIXES = ("_async", "_with_http_info", "_with_http_info_async")
WHEN = dt.datetime(2024, 1, 2, 3, 4, 5)
# Headers that carry API meaning (media types, header parameters), compared as sent.
IGNORED_HEADERS = {"authorization", "user-agent", "accept-charset", "accept-encoding", "connection"}
IGNORED_HEADERS |= {"content-length", "host", "x-twilio-client"}


class Sent(Exception):
    """Raised by the recording transports once the request is captured: nothing is parsed."""


@dataclass(frozen=True)
class Wire:
    method: str
    host: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: Any  # sorted form pairs, or decoded JSON
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, method: str, url: str, body: bytes | str | None, headers: Any) -> Wire:
        parts = urlsplit(url)
        text = body.decode() if isinstance(body, bytes) else (body or "")
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        if "json" in content_type and text:
            decoded: Any = json.dumps(json.loads(text), sort_keys=True)
        else:
            decoded = tuple(sorted(parse_qsl(text, keep_blank_values=True)))
        kept = {k.lower(): v for k, v in headers.items() if k.lower() not in IGNORED_HEADERS}
        # Deliberate differences with no effect on the API: the official library labels
        # bodiless requests as forms, and drops Accept from DELETE.
        if not text:
            kept.pop("content-type", None)
        kept.pop("accept", None) if method == "DELETE" else None
        return cls(
            method,
            parts.netloc,
            parts.path,
            tuple(sorted(parse_qsl(parts.query, keep_blank_values=True))),
            decoded,
            tuple(sorted(kept.items())),
        )


class _RecordingOfficialHttp(TwilioHttpClient):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Wire] = []

    def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        params: Any = None,
        data: Any = None,
        headers: Any = None,
        auth: Any = None,
        **kwargs: Any,
    ) -> OfficialResponse:
        import requests

        headers = dict(headers or {})
        if isinstance(data, dict) and "json" in headers.get("Content-Type", ""):
            data = json.dumps(data)
        prepared = requests.Request(
            method.upper(), url, params=params, data=data, headers=headers, auth=auth
        ).prepare()
        self.sent.append(
            Wire.of(prepared.method or "", prepared.url or "", prepared.body, prepared.headers)
        )
        raise Sent


# --------------------------------------------------------------------------- official tree


@dataclass(frozen=True)
class Step:
    name: str  # an attribute, or "()" for a call of the object itself
    args: tuple[Any, ...] = ()
    keywords: tuple[str, ...] = ()  # the official names of `args`
    has_get: bool = False  # the official list also offers `get(...)`, the same as calling it

    def __str__(self) -> str:
        if self.name == "()":
            return "(" + ", ".join(map(repr, self.args)) + ")"
        return "." + self.name


@dataclass
class CallPath:
    steps: tuple[Step, ...]
    method: str
    params: list[inspect.Parameter]
    args: list[Any]  # one value per official parameter, in the official order
    wire: Wire | None = None
    operation: SpecOperation | None = None  # the spec operation the request matches, if any
    official_error: str | None = None  # the official library fails before sending
    # Context keywords the official library names otherwise than our spec's path parameters.
    renamed: list[str] = field(default_factory=list)
    # The official variants of the method (`create_async`, …) with their parameters.
    variants: dict[str, list[inspect.Parameter]] = field(default_factory=dict)
    # A variant whose parameters differ from the method's (the official `page_with_http_info`
    # of token-paged lists also pages by number): its own arguments and request.
    variant_calls: dict[str, tuple[list[Any], Wire | None]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return ("client" + "".join(map(str, self.steps)) + "." + self.method).replace(
            ACCOUNT, "AC…"
        )

    @property
    def keywords(self) -> list[str]:
        return [p.name for p in self.params]


def _properties(obj: object) -> list[str]:
    names: dict[str, None] = {}
    for cls in type(obj).__mro__:
        if not cls.__module__.startswith("twilio.rest"):
            continue
        for name, value in vars(cls).items():
            if isinstance(value, property) and not name.startswith("_"):
                names[name] = None
    return sorted(names)


def _value_for(param: inspect.Parameter, owner: object) -> Any:
    """An argument of the parameter's official type, the same for both libraries."""
    name = param.name
    fixed = {"limit": 3, "page_size": 2, "page_number": 4}
    if name in fixed:
        return fixed[name]
    return _value_of_type(param.annotation, name, owner)


def _value_of_type(annotation: Any, name: str, owner: object) -> Any:
    if isinstance(annotation, typing.ForwardRef):
        annotation = annotation.__forward_arg__
    if isinstance(annotation, str):  # postponed: a type, an enum or a model of the module
        union = re.fullmatch(r"(?:Union|Optional)\[(.+?)(?:, object|, None)?\]", annotation)
        if union:
            return _value_of_type(union.group(1), name, owner)
        builtin = _STRING_TYPES.get(annotation.split("[")[0])
        if builtin is not None:
            # A postponed annotation of the installed official library (`List[str]`), evaluated
            # as typing.get_type_hints would, with only typing's and builtin names in scope.
            hint = eval(annotation, {"__builtins__": {}, **vars(typing)}, _STRING_TYPES)
            return _value_of_type(hint, name, owner)
        model = _official_model(owner, annotation)
        return model({}) if model is not None else f"{name}-v"
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        kinds = [a for a in typing.get_args(annotation) if a not in (object, type(None))]
        return _value_of_type(kinds[0] if kinds else object, name, owner)
    if origin in (list, typing.List):  # noqa: UP006 - the official annotations use it
        inner = (typing.get_args(annotation) or (str,))[0]
        first, second = _value_of_type(inner, name, owner), _value_of_type(inner, name, owner)
        if isinstance(first, str):
            first, second = f"{name}-1", f"{name}-2"
        return [first, second]
    if origin in (dict, typing.Dict) or annotation in (dict, object):  # noqa: UP006
        return JsonBody(key="value") if name == "body" else {"key": "value"}
    if annotation is dt.datetime:
        return WHEN
    if annotation is dt.date:
        return WHEN.date()
    if annotation is bool:
        return True
    if annotation is float:
        return 1.5
    if annotation is int:
        return 7
    if inspect.isclass(annotation) and hasattr(annotation, "to_dict"):
        return annotation({})
    return f"{name}-v"


_STRING_TYPES: dict[str, Any] = {
    "str": str,
    "int": int,
    "bool": bool,
    "float": float,
    "datetime": dt.datetime,
    "date": dt.date,
    "object": object,
    "List": typing.List,  # noqa: UP006
    "Dict": typing.Dict,  # noqa: UP006
}


class JsonBody(dict[str, Any]):
    """A JSON body for the official methods typed `object` that call `.to_dict()` on it."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self)


def _official_model(owner: object, annotation: str) -> Any:
    """A JSON-body model class of the official library named by a string annotation: a name
    of the owner's module, or a class nested in one of its classes (`ContentList.X`)."""
    head, *rest = annotation.split(".")
    module = sys.modules[type(owner).__module__]
    scopes = [module, *(v for v in vars(module).values() if inspect.isclass(v))]
    for scope in scopes:
        candidate = getattr(scope, head, None)
        for part in rest:
            candidate = getattr(candidate, part, None)
        if inspect.isclass(candidate) and hasattr(candidate, "to_dict"):
            return candidate
    return None


def _call_step(obj: Any) -> Step:
    params = list(inspect.signature(obj.__call__).parameters.values())
    args = tuple(f"{p.name}-{i}" for i, p in enumerate(params))
    names = tuple(p.name for p in params)
    return Step("()", args, names, callable(getattr(obj, "get", None)))


def _children(obj: object) -> Iterator[tuple[Step, object]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in _properties(obj):
            yield Step(name), getattr(obj, name)
        if isinstance(obj, ListResource) and "__call__" in _own_attrs(obj):
            step = _call_step(obj)
            yield step, obj(*step.args)  # type: ignore[operator]


def _own_attrs(obj: object) -> set[str]:
    found: set[str] = set()
    for cls in type(obj).__mro__:
        if cls.__module__.startswith("twilio.rest"):
            found.update(vars(cls))
    return found


def _paths(root: object) -> Iterator[tuple[tuple[Step, ...], object]]:
    stack: list[tuple[tuple[Step, ...], object]] = [((), root)]
    while stack:
        steps, obj = stack.pop()
        yield steps, obj
        if len(steps) > 14:
            continue
        for step, child in _children(obj):
            if isinstance(child, (ListResource, InstanceContext)) or type(
                child
            ).__module__.startswith("twilio.rest"):
                stack.append(((*steps, step), child))


@dataclass(frozen=True)
class SpecOperation:
    """One operation of the vendored spec: where it is and the parameters it declares."""

    method: str
    host: str
    pattern: re.Pattern[str]
    operation_id: str
    query: frozenset[str]
    headers: frozenset[str]  # as the spec names them: `X-Twilio-Webhook-Enabled`
    form: frozenset[str]
    json_body: bool
    maps: frozenset[str] = frozenset()  # prefixes of `prefixed-collapsible-map-X` parameters
    path: str = ""  # as in the spec
    path_params: tuple[str, ...] = ()  # as the spec names them: `AccountSid`, `Sid`
    oauth: bool = False  # the spec's security is OAuth-only (the Organizations API)


def _declared(
    spec: dict[str, Any], op: dict[str, Any]
) -> tuple[set[str], set[str], set[str], set[str]]:
    shared = (spec.get("components") or {}).get("parameters") or {}
    query: set[str] = set()
    headers: set[str] = set()
    maps: set[str] = set()
    for raw in op.get("parameters") or []:
        if "$ref" in raw:
            raw = shared.get(raw["$ref"].rsplit("/", 1)[-1]) or {}
        fmt = str((raw.get("schema") or {}).get("format") or "")
        if fmt.startswith("prefixed-collapsible-map-"):
            maps.add(fmt.removeprefix("prefixed-collapsible-map-"))
        if raw.get("in") == "query":
            query.add(raw["name"])
        elif raw.get("in") == "header":
            headers.add(raw["name"])
    content = (op.get("requestBody") or {}).get("content") or {}
    form_schema = (content.get("application/x-www-form-urlencoded") or {}).get("schema") or {}
    return query, headers, set(form_schema.get("properties") or {}), maps


def _oauth_only(spec: dict[str, Any], op: dict[str, Any]) -> bool:
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    requirements = op.get("security", spec.get("security")) or []
    kinds = [{(schemes.get(n) or {}).get("type") for n in r} for r in requirements]
    return bool(kinds) and all(k == {"oauth2"} for k in kinds)


@cache
def _host_path_params(host: str) -> set[str]:
    """Every path parameter our spec declares on a host, snake-cased."""
    return {_snake(n) for op in _spec_operations() if op.host == host for n in op.path_params}


def _snake(name: str) -> str:
    text = re.sub(r"(?<=[A-Za-z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])", "_", name)
    return text.lower()


@cache
def _spec_operations() -> list[SpecOperation]:
    found = []
    for spec_file in sorted((ROOT / "spec").glob("twilio_*.json")):
        spec = json.loads(spec_file.read_text())
        default = (spec.get("servers") or [{"url": ""}])[0]["url"]
        for path, item in spec["paths"].items():
            host = urlsplit((item.get("servers") or [{"url": default}])[0]["url"]).netloc
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            for method, op in item.items():
                if not (isinstance(op, dict) and "responses" in op):
                    continue
                query, headers, form, maps = _declared(spec, op)
                content = (op.get("requestBody") or {}).get("content") or {}
                found.append(
                    SpecOperation(
                        method.upper(),
                        host,
                        pattern,
                        op.get("operationId", path),
                        frozenset(query),
                        frozenset(headers),
                        frozenset(form),
                        any("json" in media for media in content),
                        frozenset(maps),
                        path,
                        tuple(re.findall(r"\{([^}]+)\}", path)),
                        _oauth_only(spec, op),
                    )
                )
    return found


def match_operation(wire: Wire) -> SpecOperation | None:
    """The spec operation of a request; a literal segment wins over a parameter
    (`/Workers/Statistics` over `/Workers/{Sid}`)."""
    found = [
        op
        for op in _spec_operations()
        if op.method == wire.method and op.host == wire.host and op.pattern.match(wire.path)
    ]
    return min(found, key=lambda op: op.pattern.pattern.count("[^/]+"), default=None)


# Paging parameters: the runtime's, declared by the spec or not.
PAGING_KEYS = {"PageSize", "Page", "PageToken", "pageSize", "pageToken"}


def undeclared(wire: Wire, op: SpecOperation) -> list[str]:
    """What the official request carries that the spec operation does not declare: it was
    generated from another version of the spec (a parameter added or removed since)."""
    known = op.query | op.headers | PAGING_KEYS
    extra = [
        f"query {k}"
        for k, _ in wire.query
        if k not in known and not k.startswith(tuple(f"{m}." for m in op.maps))
    ]
    if isinstance(wire.body, tuple):
        extra += [f"form {k}" for k, _ in wire.body if k not in op.form]
    elif wire.body and not op.json_body:
        extra.append("a JSON body")
    return sorted(set(extra))


def _record(func: Callable[..., Any], args: list[Any], sent: list[Wire]) -> Wire | str | None:
    """The request `func(*args)` sends, or the error the official library raises first."""
    before = len(sent)
    try:
        result = func(*args)
        if inspect.isgenerator(result):
            next(result, None)
    except Sent:
        pass
    except Exception as exc:  # noqa: BLE001 - an official-library fault, reported
        return f"{type(exc).__name__}: {exc}"
    return sent[before] if len(sent) > before else None


def _parameters(func: Callable[..., Any]) -> list[inspect.Parameter]:
    return [
        p
        for p in inspect.signature(func).parameters.values()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]


@cache
def walk_official() -> tuple[CallPath, ...]:
    """Every call path of the official client with the request it sends."""
    http = _RecordingOfficialHttp()
    client = OfficialClient(ACCOUNT, TOKEN, http_client=http)
    found: list[CallPath] = []
    for steps, obj in _paths(client):
        attrs = _own_attrs(obj)
        page_url: str | None = None
        for method in REQUEST_METHODS:
            if method not in attrs or not callable(getattr(obj, method, None)):
                continue
            func = getattr(obj, method)
            params = _parameters(func)
            if method == "get_page":
                if page_url is None:
                    continue
                args: list[Any] = [page_url]
            else:
                args = [_value_for(p, obj) for p in params]
            path = CallPath(steps, method, params, args)
            for suffix in VARIANT_SUFFIXES:
                variant = getattr(obj, method + suffix, None)
                if method + suffix in attrs and callable(variant):
                    vparams = path.variants[method + suffix] = _parameters(variant)
                    if [p.name for p in vparams] == [p.name for p in params]:
                        continue
                    vargs = [_value_for(p, obj) for p in vparams]
                    synchronous = getattr(obj, method + "_with_http_info")  # same parameters
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        vwire = _record(synchronous, vargs, http.sent)
                    if not isinstance(vwire, Wire):
                        raise AssertionError(f"{path.name}{suffix}: {vwire}")
                    path.variant_calls[method + suffix] = (vargs, vwire)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                recorded = _record(func, args, http.sent)
            if isinstance(recorded, str):
                path.official_error = recorded
            elif recorded is not None:
                path.wire = recorded
                path.operation = match_operation(path.wire)
                if method == "page":
                    page_url = f"https://{path.wire.host}{path.wire.path}?PageSize=2&Page=1"
            found.append(path)
    return tuple(found)


# --------------------------------------------------------------------------- replay on ours


@dataclass
class Outcome:
    path: CallPath
    problem: str | None = None  # None: the path works on our client as on the official one
    stage: str = "ok"  # missing | keywords | positional | wire | error | ok
    details: list[str] = field(default_factory=list)


TOKEN_URL = "https://preview-iam.twilio.com/v1/token"


def _our_clients(sent: list[Wire], *, oauth: bool = False) -> tuple[Client, AsyncClient]:
    """Our clients on a transport recording the first request; with `oauth`, authenticated
    by a credential provider (its token request is answered, not recorded)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if oauth and str(request.url) == TOKEN_URL:
            return httpx.Response(200, json={"access_token": "walker-bearer", "expires_in": 600})
        sent.append(Wire.of(request.method, str(request.url), request.content, request.headers))
        raise Sent

    provider = OrgsCredentialProvider("OQ" + "0" * 32, "secret") if oauth else None
    transport = httpx.MockTransport(handler)
    sync = Client(
        ACCOUNT,
        TOKEN,
        http_client=httpx.Client(transport=transport),
        async_http_client=httpx.AsyncClient(transport=transport),  # the `*_async` variants
        credential_provider=provider,
    )
    aio = AsyncClient(
        ACCOUNT,
        TOKEN,
        http_client=httpx.AsyncClient(transport=transport),
        credential_provider=provider,
    )
    return sync, aio


def _our_args(path: CallPath) -> list[Any]:
    # JSON-body models: ours takes a dict with what the official model sends (its `to_dict()`
    # without the top-level nulls, which the official library drops).
    return [
        {k: v for k, v in a.to_dict().items() if v is not None} if hasattr(a, "to_dict") else a
        for a in path.args
    ]


def _navigate(client: object, path: CallPath, *, by_keyword: bool) -> Any:
    """Follow the path on our client: contexts addressed by the official keywords
    (`numbers(destination_number=...)`) or positionally; `get(...)` must address the same.
    A keyword that names no path parameter of our spec's operation (the official library was
    built from a spec that renamed it) is passed positionally and noted in `path.renamed`."""
    obj: Any = client
    ours = _host_path_params(path.operation.host) if path.operation else set()
    for step in path.steps:
        if step.name != "()":
            obj = getattr(obj, step.name)
            continue
        renamed = [k for k in step.keywords if k not in ours]
        path.renamed.extend(k for k in renamed if k not in path.renamed)
        kwargs = dict(zip(step.keywords, step.args, strict=True))
        use_keywords = by_keyword and not renamed
        item = obj(**kwargs) if use_keywords else obj(*step.args)
        if step.has_get and type(obj.get(*step.args)) is not type(item):
            raise AttributeError(f"{type(obj).__name__}.get does not address {type(item)}")
        obj = item
    return getattr(obj, path.method)


def _signature_problem(
    method: Any, path: CallPath, official_params: list[inspect.Parameter] | None = None
) -> tuple[str, str] | None:
    official_params = path.params if official_params is None else official_params
    params = inspect.signature(method).parameters
    if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
        missing = [p.name for p in official_params if p.name not in params]
        if missing:
            return "keywords", f"keywords not accepted: {missing}"
    positional = [
        p.name for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    official = [p.name for p in official_params if p.kind is p.POSITIONAL_OR_KEYWORD]
    if positional[: len(official)] != official:
        return "positional", f"positional order {positional[: len(official)]} != {official}"
    return None


def replay(path: CallPath, *, use_async: bool = False, variant: str | None = None) -> Outcome:
    """Replay `path` on our Client (or AsyncClient), or its official `variant` (`create_async`,
    `list_with_http_info`, …): on our Client every official variant, on our AsyncClient the
    awaitable `*_with_http_info`; each must send the request of the official method."""
    sent: list[Wire] = []
    oauth = path.operation is not None and path.operation.oauth
    sync, aio = _our_clients(sent, oauth=oauth)
    client: Any = aio if use_async else sync
    try:
        method = _navigate(client, path, by_keyword=not use_async)
        if variant is not None:
            method = getattr(method.__self__, variant)
    except (AttributeError, TypeError) as exc:
        literal = _literal_in_parameter(path)
        if literal is not None:
            return Outcome(path, f"our spec has {literal!r} as a path parameter value", "drift")
        return Outcome(path, f"path missing: {exc}", "missing")
    official_params = path.variants.get(variant, path.params) if variant else path.params
    problem = _signature_problem(method, path, official_params)
    if problem is not None:
        return Outcome(path, problem[1], problem[0])
    expected = path.wire
    if variant in path.variant_calls:
        args, expected = path.variant_calls[variant]
    else:
        args = _our_args(path)
    try:
        if use_async or (variant is not None and variant.endswith("_async")):
            asyncio.run(_drive_async(method, args))
        else:
            result = method(*args)
            if isinstance(result, tuple):  # stream_with_http_info: (records, status, headers)
                result = result[0]
            if inspect.isgenerator(result):
                next(result, None)
    except Sent:
        pass
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        return Outcome(path, f"{type(exc).__name__}: {exc}", "error")
    if not sent:
        return Outcome(path, "no request sent", "wire")
    if sent[0] != expected:
        assert expected is not None and path.operation is not None
        fault = official_fault(expected, sent[0], path.operation)
        if fault is not None:
            return Outcome(path, fault, "official-fault")
        return Outcome(path, "another request on the wire", "wire", [repr(expected), repr(sent[0])])
    if path.renamed:
        return Outcome(path, f"context keywords renamed since our spec: {path.renamed}", "drift")
    return Outcome(path)


def _literal_in_parameter(path: CallPath) -> str | None:
    """A segment the official library hard-codes (`/AccountDefaultConfiguration/Recording`,
    its spec has that path) where our spec has a parameter (`/{Type}`): our path differs."""
    if path.wire is None or path.operation is None:
        return None
    given = {str(a) for step in path.steps for a in step.args}
    spec_segments = path.operation.path.split("/")
    for spec_segment, segment in zip(spec_segments, path.wire.path.split("/"), strict=False):
        if spec_segment.startswith("{") and segment not in given:
            return segment
    return None


def official_fault(official: Wire, ours: Wire, op: SpecOperation) -> str | None:
    """A known fault of the official library that explains the difference, or None.

    It drops header parameters from DELETE requests (`If-Match`, `X-Twilio-Webhook-Enabled`),
    and repeats the header parameters of list requests in their query string. We send header
    parameters as headers only, as the spec declares them.
    """
    declared = {h.lower() for h in op.headers}
    our_headers = dict(ours.headers)
    if official.method == "DELETE" and not official.headers and set(our_headers) <= declared:
        if dataclasses.replace(ours, headers=()) == official:
            return "official library drops header parameters from DELETE"
    query = tuple((k, v) for k, v in official.query if k not in op.headers)
    if query != official.query and dataclasses.replace(official, query=query) == ours:
        return "official library repeats header parameters in the query string"
    # Its `page_with_http_info` of camelCase-paged APIs (`pageSize`, `pageToken`) sends the
    # classic `PageSize` / `PageToken` too, which those APIs do not declare.
    classic = {"PageSize": "pageSize", "PageToken": "pageToken"}
    if any(k in classic and k not in op.query and classic[k] in op.query for k, _ in query):
        renamed = tuple(sorted({(classic.get(k, k), v) for k, v in query}))
        if dataclasses.replace(official, query=renamed) == ours:
            return "official library sends PageSize/PageToken to a pageSize/pageToken API"
    return None


async def _drive_async(method: Any, args: list[Any]) -> None:
    result = method(*args)
    if inspect.isawaitable(result):  # `stream_async` is awaited, then iterated
        result = await result
        if isinstance(result, tuple):  # stream_with_http_info_async
            result = result[0]
    if inspect.isasyncgen(result):
        try:
            await result.__anext__()
        except StopAsyncIteration:
            pass
    elif inspect.isawaitable(result):
        await result


def compared_paths() -> list[CallPath]:
    """The official paths whose request is an operation of our vendored spec, with only the
    parameters the spec declares for it."""
    return [p for p in walk_official() if p.operation is not None and not drift(p)]


def drift(path: CallPath) -> list[str]:
    """What the official request carries that our spec's operation does not declare."""
    if path.operation is None or path.wire is None:
        return []
    return undeclared(path.wire, path.operation)


def main() -> None:
    paths = walk_official()
    compared = compared_paths()
    outside = [p for p in paths if p.operation is None and p.official_error is None]
    failing = [p for p in paths if p.official_error is not None]
    drifted = [p for p in paths if drift(p)]
    print(f"request with parameters our spec does not declare (excluded): {len(drifted)}")
    print(f"official call paths: {len(paths)}; request in our spec: {len(compared)}")
    print(f"not in our spec (excluded): {len(outside)}")
    print(f"failing in the official library itself (excluded): {len(failing)}")
    for label, use_async in (("sync", False), ("async", True)):
        outcomes = [replay(p, use_async=use_async) for p in compared]
        by_stage: dict[str, int] = {}
        for outcome in outcomes:
            by_stage[outcome.stage] = by_stage.get(outcome.stage, 0) + 1
        print(label, {k: by_stage[k] for k in sorted(by_stage)})
        if "-v" in sys.argv:
            for outcome in outcomes:
                if outcome.problem:
                    print(" ", outcome.stage, outcome.path.name, "--", outcome.problem[:200])
    if "--outside" in sys.argv:
        for p in outside:
            print("  outside:", p.name, p.wire)
        for p in failing:
            print("  official fails:", p.name, p.official_error)
        for p in drifted:
            print("  drift:", p.name, drift(p))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "tests"))
    main()
