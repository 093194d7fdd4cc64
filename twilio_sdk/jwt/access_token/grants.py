"""Grants for :class:`~twilio_sdk.jwt.access_token.AccessToken`
(drop-in for :mod:`twilio.jwt.access_token.grants`).

Every grant takes the same constructor parameters, in the same order, as the official one,
and leaves out of the token any parameter that is unset or empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from twilio_sdk.jwt import JwtDecodeError
from twilio_sdk.jwt.access_token import AccessTokenGrant

__all__ = [
    "ChatGrant",
    "PlaybackGrant",
    "SyncGrant",
    "TaskRouterGrant",
    "VideoGrant",
    "VoiceGrant",
    "grant_from_payload",
]


def _compact(**fields: Any) -> dict[str, Any]:
    """The fields that are set (truthy), as a grant payload."""
    return {name: value for name, value in fields.items() if value}


@attrs.define
class _FieldsGrant(AccessTokenGrant):
    """A grant whose claim is its attrs fields that are set, under their own names."""

    def to_payload(self) -> dict[str, Any]:
        """The grant's claim."""
        return _compact(**attrs.asdict(self, recurse=False))


@attrs.define
class ChatGrant(_FieldsGrant):
    """Grant to access Twilio Conversations / Programmable Chat."""

    key: ClassVar[str] = "chat"

    service_sid: str | None = None
    endpoint_id: str | None = None
    deployment_role_sid: str | None = None
    push_credential_sid: str | None = None


@attrs.define
class SyncGrant(_FieldsGrant):
    """Grant to access Twilio Sync."""

    key: ClassVar[str] = "data_sync"

    service_sid: str | None = None
    endpoint_id: str | None = None


@attrs.define
class VoiceGrant(AccessTokenGrant):
    """Grant to access Twilio Programmable Voice.

    :param incoming_allow: allow incoming calls to the token's identity (only ``True`` counts).
    :param outgoing_application_sid: TwiML app that handles outgoing calls.
    :param outgoing_application_params: parameters passed to that app.
    :param push_credential_sid: push credential for incoming-call notifications.
    :param endpoint_id: endpoint identifier of the device.
    """

    key: ClassVar[str] = "voice"

    incoming_allow: bool | None = None
    outgoing_application_sid: str | None = None
    outgoing_application_params: Mapping[str, Any] | None = None
    push_credential_sid: str | None = None
    endpoint_id: str | None = None

    def to_payload(self) -> dict[str, Any]:
        """The grant's claim."""
        grant: dict[str, Any] = {}
        if self.incoming_allow is True:
            grant["incoming"] = {"allow": True}
        if self.outgoing_application_sid:
            outgoing: dict[str, Any] = {"application_sid": self.outgoing_application_sid}
            if self.outgoing_application_params:
                outgoing["params"] = dict(self.outgoing_application_params)
            grant["outgoing"] = outgoing
        grant.update(
            _compact(push_credential_sid=self.push_credential_sid, endpoint_id=self.endpoint_id)
        )
        return grant


@attrs.define
class VideoGrant(_FieldsGrant):
    """Grant to access Twilio Video, optionally limited to one room."""

    key: ClassVar[str] = "video"

    room: str | None = None


@attrs.define
class TaskRouterGrant(_FieldsGrant):
    """Grant to access Twilio TaskRouter as a worker of a workspace."""

    key: ClassVar[str] = "task_router"

    workspace_sid: str | None = None
    worker_sid: str | None = None
    role: str | None = None


@attrs.define
class PlaybackGrant(AccessTokenGrant):
    """Grant to play a Twilio Live stream.

    :param grant: the playback grant returned by Twilio's Media API, put in the token as is.
    """

    key: ClassVar[str] = "player"

    grant: Mapping[str, Any] | None = None

    def to_payload(self) -> dict[str, Any] | None:
        """The grant's claim (``None`` when no grant was given, as in the official library)."""
        return None if self.grant is None else dict(self.grant)


_FIELDS_GRANTS: dict[str, type[_FieldsGrant]] = {
    cls.key: cls for cls in (ChatGrant, SyncGrant, VideoGrant, TaskRouterGrant)
}


def _read(cls: type[AccessTokenGrant], value: object, *names: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise JwtDecodeError(f"grant {cls.key!r} is not an object")
    return {name: value.get(name) for name in names}


def grant_from_payload(key: str, value: Any) -> AccessTokenGrant | None:
    """Read one entry of an Access Token's ``grants`` claim back into its grant object.

    Returns ``None`` for a grant this library does not know (it stays in the decoded token's
    ``payload``); fields a grant does not know are ignored likewise.

    :raises ~twilio_sdk.jwt.JwtDecodeError: a known grant that is not an object.
    """
    if key == VoiceGrant.key:
        fields = _read(
            VoiceGrant, value, "incoming", "outgoing", "push_credential_sid", "endpoint_id"
        )
        incoming = fields["incoming"] or {}
        outgoing = fields["outgoing"] or {}
        if not isinstance(incoming, dict) or not isinstance(outgoing, dict):
            raise JwtDecodeError("grant 'voice' has a malformed incoming or outgoing field")
        return VoiceGrant(
            incoming_allow=True if incoming.get("allow") is True else None,
            outgoing_application_sid=outgoing.get("application_sid"),
            outgoing_application_params=outgoing.get("params"),
            push_credential_sid=fields["push_credential_sid"],
            endpoint_id=fields["endpoint_id"],
        )
    if key == PlaybackGrant.key:
        if value is not None and not isinstance(value, dict):
            raise JwtDecodeError("grant 'player' is not an object")
        return PlaybackGrant(grant=value)
    cls = _FIELDS_GRANTS.get(key)
    if cls is None:
        return None
    names = [field.name for field in attrs.fields(cls)]
    grant: AccessTokenGrant = cls(**_read(cls, value, *names))
    return grant
