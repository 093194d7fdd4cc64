"""In-memory state of the fake: records of the stateful resources, paging, status flows."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

from ._spec import SpecOperation
from ._validate import Invalid, _snake

__all__ = ["Collection", "COLLECTIONS", "page_of", "route_collection"]

V2010 = "/2010-04-01/Accounts/{AccountSid}"
EXAMPLE_ACCOUNT = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


@dataclass
class Collection:
    """A stateful resource: its SID prefix, list and instance paths, and the path parameter of
    its parent records (kept on each record to scope lists)."""

    name: str
    prefix: str
    list_paths: tuple[str, ...]
    instance_paths: tuple[str, ...]
    key: str  # the envelope key (``messages``)
    style: str = "v2010"  # or "meta"
    scope: tuple[str, ...] = ("AccountSid",)  # path parameters that scope records
    id_param: str = "Sid"
    records: dict[str, dict[str, Any]] = field(default_factory=dict)


def _c(name: str, prefix: str, segment: str, key: str, **kw: Any) -> Collection:
    return Collection(
        name,
        prefix,
        (f"{V2010}/{segment}.json",),
        (f"{V2010}/{segment}/{{Sid}}.json",),
        key,
        **kw,
    )


def _collections() -> list[Collection]:
    numbers = _c("incoming_phone_numbers", "PN", "IncomingPhoneNumbers", "incoming_phone_numbers")
    numbers.list_paths += tuple(
        f"{V2010}/IncomingPhoneNumbers/{kind}.json" for kind in ("Local", "Mobile", "TollFree")
    )
    recordings = _c("recordings", "RE", "Recordings", "recordings")
    recordings.list_paths += (
        f"{V2010}/Calls/{{CallSid}}/Recordings.json",
        f"{V2010}/Conferences/{{ConferenceSid}}/Recordings.json",
    )
    recordings.instance_paths += (
        f"{V2010}/Calls/{{CallSid}}/Recordings/{{Sid}}.json",
        f"{V2010}/Conferences/{{ConferenceSid}}/Recordings/{{Sid}}.json",
    )
    transcriptions = _c("transcriptions", "TR", "Transcriptions", "transcriptions")
    transcriptions.list_paths += (f"{V2010}/Recordings/{{RecordingSid}}/Transcriptions.json",)
    transcriptions.instance_paths += (
        f"{V2010}/Recordings/{{RecordingSid}}/Transcriptions/{{Sid}}.json",
    )
    notifications = _c("notifications", "NO", "Notifications", "notifications")
    notifications.list_paths += (f"{V2010}/Calls/{{CallSid}}/Notifications.json",)
    notifications.instance_paths += (f"{V2010}/Calls/{{CallSid}}/Notifications/{{Sid}}.json",)
    participants = Collection(
        "participants",
        "CA",
        (f"{V2010}/Conferences/{{ConferenceSid}}/Participants.json",),
        (f"{V2010}/Conferences/{{ConferenceSid}}/Participants/{{CallSid}}.json",),
        "participants",
        scope=("AccountSid", "ConferenceSid"),
        id_param="CallSid",
    )
    return [
        _c("messages", "SM", "Messages", "messages"),
        _c("calls", "CA", "Calls", "calls"),
        numbers,
        _c("applications", "AP", "Applications", "applications"),
        _c("outgoing_caller_ids", "PN", "OutgoingCallerIds", "outgoing_caller_ids"),
        _c("conferences", "CF", "Conferences", "conferences"),
        participants,
        recordings,
        transcriptions,
        notifications,
        Collection(
            "accounts",
            "AC",
            ("/2010-04-01/Accounts.json",),
            ("/2010-04-01/Accounts/{Sid}.json",),
            "accounts",
            scope=(),
        ),
        Collection(
            "verify_services",
            "VA",
            ("/v2/Services",),
            ("/v2/Services/{Sid}",),
            "services",
            style="meta",
            scope=(),
        ),
        Collection(
            "messaging_services",
            "MG",
            ("/v1/Services",),
            ("/v1/Services/{Sid}",),
            "services",
            style="meta",
            scope=(),
        ),
    ]


COLLECTIONS = _collections
"""A fresh set of collections (one per fake)."""


def route_collection(
    collections: list[Collection], op: SpecOperation
) -> tuple[Collection, str] | None:
    """The collection an operation acts on and whether through its list or instance path."""
    products = {"verify_services": "verify", "messaging_services": "messaging"}
    for collection in collections:
        product = products.get(collection.name, "api")
        if op.product != product:
            continue
        if op.path in collection.list_paths:
            return collection, "list"
        if op.path in collection.instance_paths:
            return collection, "instance"
    return None


def rfc2822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        if value[:4].isdigit():
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        return parsedate_to_datetime(value)
    except (ValueError, TypeError):
        return None


def coerce(value: Any, schema: dict[str, Any]) -> Any:
    """A form value as the response field would hold it."""
    kind = schema.get("type")
    if isinstance(value, list):
        return value
    if kind == "boolean":
        return str(value).lower() == "true"
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    return value


def template(example: Any, account_sid: str, sid: str | None, example_sid: str | None) -> Any:
    """A spec example with its example SIDs replaced by real ones."""
    text = json.dumps(example)
    text = text.replace(EXAMPLE_ACCOUNT, account_sid)
    if sid and example_sid and example_sid != EXAMPLE_ACCOUNT:
        text = text.replace(example_sid, sid)
    return json.loads(text)


def matches(record: dict[str, Any], filters: dict[str, Any]) -> bool:
    """Whether a record passes a list operation's filters (``To``, ``DateSent>``, …)."""
    for name, wanted in filters.items():
        if name in ("PageSize", "Page", "PageToken"):
            continue
        base = name.rstrip("<>")
        field_name = _snake(base)
        if field_name not in record:
            continue
        have = record[field_name]
        if name.endswith(("<", ">")) or base.startswith("Date") or base.endswith("Time"):
            moment, limit = parse_date(have), parse_date(wanted)
            if moment is None or limit is None:
                return False
            day_only = len(str(wanted)) == 10
            left: date | datetime = moment.date() if day_only else moment
            right: date | datetime = limit.date() if day_only else limit
            if name.endswith("<") and not left <= right:
                return False
            if name.endswith(">") and not left >= right:
                return False
            if not name.endswith(("<", ">")) and left != right:
                return False
            continue
        if isinstance(have, bool):
            if str(have).lower() != str(wanted).lower():
                return False
        elif field_name == "phone_number" and isinstance(have, str):
            if str(wanted).replace(" ", "") not in have:
                return False
        elif str(have) != str(wanted):
            return False
    return True


def page_of(
    records: list[dict[str, Any]],
    key: str,
    style: str,
    url_path: str,
    base_url: str,
    query: dict[str, Any],
    public: Callable[[dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    """One page of records in the operation's envelope style."""
    size = int(query.get("PageSize") or 50)
    page = int(query.get("Page") or 0)
    token = query.get("PageToken")
    start = page * size
    if isinstance(token, str) and token.startswith("PT"):
        try:
            start = int(token[2:])
        except ValueError:
            raise Invalid(400, 20001, "Invalid PageToken", "page_token", "PageToken") from None
    chunk = records[start : start + size]
    filters = {k: v for k, v in query.items() if k not in ("PageSize", "Page", "PageToken")}

    def link(page_number: int, offset: int | None) -> str:
        items: list[tuple[str, Any]] = []
        for k, v in filters.items():
            items.extend((k, item) for item in (v if isinstance(v, list) else [v]))
        items += [("PageSize", size), ("Page", page_number)]
        if offset is not None:
            items.append(("PageToken", f"PT{offset}"))
        return f"{url_path}?{urlencode(items)}"

    has_next = start + size < len(records)
    next_link = link(page + 1, start + size) if has_next else None
    previous = link(page - 1, max(start - size, 0)) if page > 0 else None
    body = [public(r) for r in chunk]
    if style == "meta":
        return {
            key: body,
            "meta": {
                "page": page,
                "page_size": size,
                "first_page_url": base_url + link(0, None),
                "previous_page_url": base_url + previous if previous else None,
                "url": base_url + link(page, start if token else None),
                "next_page_url": base_url + next_link if next_link else None,
                "key": key,
            },
        }
    return {
        key: body,
        "end": start + len(chunk) - 1 if chunk else 0,
        "first_page_uri": link(0, None),
        "next_page_uri": next_link,
        "previous_page_uri": previous,
        "page": page,
        "page_size": size,
        "start": start,
        "uri": link(page, start if token else None),
    }


def new_record(
    op: SpecOperation,
    collection: Collection,
    sid: str,
    account_sid: str,
    now: datetime,
    values: dict[str, Any],
) -> dict[str, Any]:
    """A record built from the spec's example for the resource, overlaid with the request."""
    _, schema, example = op.success
    base = example if isinstance(example, dict) else {}
    example_sid = base.get("sid") if isinstance(base.get("sid"), str) else None
    record: dict[str, Any] = template(copy.deepcopy(base), account_sid, sid, example_sid)
    props = schema.get("properties") or {}
    for name in props:
        record.setdefault(name, None)
    for name, value in values.items():
        field_name = _snake(name)
        if field_name in props:
            record[field_name] = coerce(value, op.file.resolve(props[field_name]))
    stamp = rfc2822(now) if collection.style == "v2010" else iso(now)
    for name in ("date_created", "date_updated"):
        if name in props:
            record[name] = stamp
    if "sid" in props:
        record["sid"] = sid
    if "account_sid" in props:
        record["account_sid"] = account_sid
    return record
