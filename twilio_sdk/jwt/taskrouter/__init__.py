"""TaskRouter capability tokens (drop-in for :mod:`twilio.jwt.taskrouter`).

A TaskRouter token is signed with the account's Auth Token and lists the REST and
websocket requests its holder may make as ``policies``. The concrete tokens for
workers, task queues and workspaces are in :mod:`twilio_sdk.jwt.taskrouter.capabilities`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Final, Self, TypeAlias, TypedDict, Unpack, cast

from twilio_sdk._errors import InvalidArgumentError
from twilio_sdk.jwt import GENERATE, HMAC_ALGORITHMS, Jwt, JwtDecodeError, NotBefore

__all__ = ["TaskRouterCapabilityToken", "TaskRouterOptions"]


class TaskRouterOptions(TypedDict, total=False):
    """Keyword options shared by every TaskRouter capability token.

    ``nbf`` and ``valid_until`` as for any token; each ``allow_*`` flag calls the method of
    the same name. Defaults: web sockets and fetching the token's own resource are allowed,
    everything else is not.
    """

    nbf: NotBefore
    valid_until: int | None
    allow_web_sockets: bool
    allow_fetch_self: bool
    allow_update_self: bool
    allow_delete_self: bool
    allow_fetch_subresources: bool
    allow_delete_subresources: bool
    allow_update_subresources: bool


_ALLOW_OPTIONS: Final = tuple(
    name for name in TaskRouterOptions.__annotations__ if name.startswith("allow_")
)
"""The ``allow_*`` options, in the order their policies are added."""
_ALLOWED_BY_DEFAULT: Final = frozenset({"allow_web_sockets", "allow_fetch_self"})


_AllowMethod: TypeAlias = "Callable[[TaskRouterCapabilityToken], None]"
"""The type of the ``allow_*`` methods without arguments."""

_BELOW: Final = "everything below its own resource"


def _allow(rules: str, what: str) -> _AllowMethod:
    """An ``allow_*`` method adding one policy per rule of ``rules``: ``"METHOD url"``
    pairs, space-separated, ``url`` starting with a URL attribute of the token."""
    words = rules.split()
    pairs = list(zip(words[::2], words[1::2], strict=True))

    def allow(self: TaskRouterCapabilityToken) -> None:
        for method, url in pairs:
            attribute, slash, path = url.partition("/")
            self._make_policy(getattr(self, attribute) + slash + path, method, True)

    methods = " and ".join(dict.fromkeys(method for method, _ in pairs))
    allow.__doc__ = f"Allow {methods} on {what}."
    return allow


class TaskRouterCapabilityToken(Jwt):
    """Base class of the TaskRouter capability tokens.

    :param account_sid: the account (``AC...``) the token is for.
    :param auth_token: that account's Auth Token, which signs the token.
    :param workspace_sid: the TaskRouter workspace (``WS...``).
    :param channel_id: the worker, task queue or workspace SID the token acts as.
    :param ttl: lifetime in seconds from encoding.
    """

    SIGNING_ALGORITHMS: ClassVar[frozenset[str]] = HMAC_ALGORITHMS
    _CLAIMS: ClassVar[Mapping[str, str]] = {
        "account_sid": "account_sid",
        "workspace_sid": "workspace_sid",
        "channel_id": "channel",
    }
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = tuple(_CLAIMS)
    VERSION: ClassVar[str] = "v1"
    DOMAIN: ClassVar[str] = "https://taskrouter.twilio.com"
    EVENTS_BASE_URL: ClassVar[str] = "https://event-bridge.twilio.com/v1/wschannels"
    channel_prefix: ClassVar[str]
    """The SID prefix ``channel_id`` must have."""
    _RESOURCE_PATH: ClassVar[str]
    """Where the token's resource is below the workspace URL (``{}`` is the channel id)."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        workspace_sid: str,
        channel_id: str,
        ttl: int = 3600,
        **options: Unpack[TaskRouterOptions],
    ) -> None:
        nbf, valid_until = options.get("nbf", GENERATE), options.get("valid_until")
        super().__init__(auth_token, account_sid, None, None, nbf, ttl, valid_until)
        _check_sid("account sid", account_sid, "AC")
        _check_sid("workspace sid", workspace_sid, "WS")
        _check_sid("channel id", channel_id, self.channel_prefix)
        self.account_sid = account_sid
        self.workspace_sid = workspace_sid
        self.channel_id = channel_id
        self.policies: list[dict[str, Any]] = []

        default = _ALLOWED_BY_DEFAULT.__contains__
        self._allow_each(
            **{name: bool(options.get(name, default(name))) for name in _ALLOW_OPTIONS}
        )

    def _allow_each(self, **flags: bool) -> None:
        """Call each ``allow_*`` method whose flag is true, in the flags' order."""
        for name, allowed in flags.items():
            if allowed:
                getattr(self, name)()

    @property
    def workspace_url(self) -> str:
        """REST URL of the workspace."""
        return f"{self.DOMAIN}/{self.VERSION}/Workspaces/{self.workspace_sid}"

    @property
    def resource_url(self) -> str:
        """REST URL of the resource the token acts as (worker, task queue or workspace)."""
        return self.workspace_url + self._RESOURCE_PATH.format(self.channel_id)

    allow_fetch_self: ClassVar[_AllowMethod] = _allow("GET resource_url", "its own resource")
    allow_update_self: ClassVar[_AllowMethod] = _allow("POST resource_url", "its own resource")
    allow_delete_self: ClassVar[_AllowMethod] = _allow("DELETE resource_url", "its own resource")
    allow_fetch_subresources: ClassVar[_AllowMethod] = _allow("GET resource_url/**", _BELOW)
    allow_update_subresources: ClassVar[_AllowMethod] = _allow("POST resource_url/**", _BELOW)
    allow_delete_subresources: ClassVar[_AllowMethod] = _allow("DELETE resource_url/**", _BELOW)

    def allow_web_sockets(self, channel_id: str | None = None) -> None:
        """Allow connecting to the event-bridge websocket of ``channel_id`` (default: own)."""
        url = f"{self.EVENTS_BASE_URL}/{self.account_sid}/{channel_id or self.channel_id}"
        self._make_policy(url, "GET", True)
        self._make_policy(url, "POST", True)

    def _make_policy(
        self,
        url: str,
        method: str,
        allowed: bool,
        query_filter: dict[str, Any] | None = None,
        post_filter: dict[str, Any] | None = None,
    ) -> None:
        self.policies.append(
            {
                "url": url,
                "method": method.upper(),
                "allow": allowed,
                "query_filter": query_filter or {},
                "post_filter": post_filter or {},
            }
        )

    def _generate_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "account_sid": self.account_sid,
            "workspace_sid": self.workspace_sid,
            "channel": self.channel_id,
            "version": self.VERSION,
            "friendly_name": self.channel_id,
            "policies": self.policies,
        }
        if self.channel_id.startswith("WK"):
            payload["worker_sid"] = self.channel_id
        elif self.channel_id.startswith("WQ"):
            payload["taskqueue_sid"] = self.channel_id
        return payload

    @classmethod
    def _from_jwt(cls, headers: dict[str, Any], payload: dict[str, Any], key: Any) -> Self:
        """Its policies come back as :attr:`policies`. On a concrete class
        (:class:`~twilio_sdk.jwt.taskrouter.capabilities.WorkerCapabilityToken` ...) the
        token's channel must be of that kind; on this base class any of the three is read
        into its own class."""
        policies = payload.get("policies")
        channel = payload.get("channel")
        if not isinstance(policies, list) or not isinstance(channel, str):
            raise JwtDecodeError("not a TaskRouter capability token: no 'policies' or 'channel'")
        if not all(isinstance(policy, dict) for policy in policies):
            raise JwtDecodeError("not a TaskRouter capability token: malformed 'policies'")
        target: type[TaskRouterCapabilityToken] | None = None
        for subclass in _concrete_classes():
            if channel.startswith(subclass.channel_prefix):
                target = subclass
        prefix = getattr(cls, "channel_prefix", None)
        if target is None or (prefix is not None and target.channel_prefix != prefix):
            raise JwtDecodeError(
                f"not a {cls.__name__}: channel {channel[:40]!r} is of another kind"
            )
        if prefix is not None:
            target = cls
        token = cast(Self, target._decoded(headers, payload, key))
        token.policies = [dict(policy) for policy in policies]
        return token

    def _repr_fields(self) -> dict[str, object]:
        return {**super()._repr_fields(), "policies": len(self.policies)}


def _concrete_classes() -> list[type[TaskRouterCapabilityToken]]:
    from twilio_sdk.jwt.taskrouter import capabilities

    return [
        capabilities.WorkerCapabilityToken,
        capabilities.TaskQueueCapabilityToken,
        capabilities.WorkspaceCapabilityToken,
    ]


def _check_sid(what: str, sid: str, prefix: str) -> None:
    if not sid or not sid.startswith(prefix):
        raise InvalidArgumentError(f"Invalid {what} provided {sid}")
