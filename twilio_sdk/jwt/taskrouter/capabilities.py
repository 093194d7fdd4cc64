"""TaskRouter capability tokens for workers, task queues and workspaces
(drop-in for :mod:`twilio.jwt.taskrouter.capabilities`)."""

from __future__ import annotations

from typing import ClassVar, Unpack

from twilio_sdk.jwt.taskrouter import (
    TaskRouterCapabilityToken,
    TaskRouterOptions,
    _allow,
    _AllowMethod,
)

__all__ = ["TaskQueueCapabilityToken", "WorkerCapabilityToken", "WorkspaceCapabilityToken"]


class WorkerCapabilityToken(TaskRouterCapabilityToken):
    """Capability token for a TaskRouter worker (``WK...``).

    By default the worker may also read the workspace's activities, its tasks and its own
    reservations; the ``allow_*`` keyword flags switch each worker capability on or off
    (see :class:`~twilio_sdk.jwt.taskrouter.TaskRouterOptions` for the shared ones).
    """

    channel_prefix: ClassVar[str] = "WK"
    _RESOURCE_PATH: ClassVar[str] = "/Workers/{}"

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        workspace_sid: str,
        worker_sid: str,
        ttl: int = 3600,
        *,
        allow_fetch_activities: bool = True,
        allow_fetch_reservations: bool = True,
        allow_fetch_worker_reservations: bool = True,
        allow_update_activities: bool = False,
        allow_update_reservations: bool = False,
        **options: Unpack[TaskRouterOptions],
    ) -> None:
        super().__init__(account_sid, auth_token, workspace_sid, worker_sid, ttl, **options)
        self._allow_each(
            allow_fetch_activities=allow_fetch_activities,
            allow_fetch_reservations=allow_fetch_reservations,
            allow_fetch_worker_reservations=allow_fetch_worker_reservations,
            allow_update_activities=allow_update_activities,
            allow_update_reservations=allow_update_reservations,
        )

    allow_fetch_activities: ClassVar[_AllowMethod] = _allow(
        "GET workspace_url/Activities", "the workspace's activities"
    )
    allow_fetch_reservations: ClassVar[_AllowMethod] = _allow(
        "GET workspace_url/Tasks/**", "the workspace's tasks and their reservations"
    )
    allow_fetch_worker_reservations: ClassVar[_AllowMethod] = _allow(
        "GET resource_url/Reservations/**", "the worker's own reservations"
    )
    allow_update_reservations: ClassVar[_AllowMethod] = _allow(
        "POST workspace_url/Tasks/** POST resource_url/Reservations/**",
        "reservations, to accept or reject them through the task or the worker",
    )

    def allow_update_activities(self) -> None:
        """Allow the worker to change its activity (a POST that must carry ActivitySid)."""
        post_filter = {"ActivitySid": {"required": True}}
        self._make_policy(self.resource_url, "POST", True, post_filter=post_filter)


class TaskQueueCapabilityToken(TaskRouterCapabilityToken):
    """Capability token for a TaskRouter task queue (``WQ...``)."""

    channel_prefix: ClassVar[str] = "WQ"
    _RESOURCE_PATH: ClassVar[str] = "/TaskQueues/{}"

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        workspace_sid: str,
        task_queue_sid: str,
        ttl: int = 3600,
        **options: Unpack[TaskRouterOptions],
    ) -> None:
        super().__init__(account_sid, auth_token, workspace_sid, task_queue_sid, ttl, **options)


class WorkspaceCapabilityToken(TaskRouterCapabilityToken):
    """Capability token for a whole TaskRouter workspace (``WS...``)."""

    channel_prefix: ClassVar[str] = "WS"
    _RESOURCE_PATH: ClassVar[str] = ""

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        workspace_sid: str,
        ttl: int = 3600,
        **options: Unpack[TaskRouterOptions],
    ) -> None:
        super().__init__(account_sid, auth_token, workspace_sid, workspace_sid, ttl, **options)
