"""`AsyncTwilioHttpClient`, at the official library's import path.

Official code serves the `*_async` methods of a `Client` by giving it this client:

    client = Client(account_sid, auth_token, http_client=AsyncTwilioHttpClient())
    message = await client.messages.create_async(to=..., from_=..., body=...)

Here a `Client` serves `*_async` calls with or without it, through the same fast transport as
`AsyncClient` (opened on the first such call). This class carries the options the official
one takes that apply, and closes what the client opened for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._closing import AsyncClosing

if TYPE_CHECKING:
    from .._pipeline import AsyncPipeline

__all__ = ["AsyncTwilioHttpClient"]


class AsyncTwilioHttpClient(AsyncClosing):
    """Options for a `Client`'s `*_async` calls; `await close()` closes their connections."""

    def __init__(
        self,
        pool_connections: bool = True,
        request_hooks: dict[str, Any] | None = None,
        timeout: float | None = None,
        logger: Any = None,
        proxy_url: str | None = None,
        max_retries: int | None = None,
    ) -> None:
        del pool_connections, request_hooks, logger  # the SDK pools and logs by itself
        self.timeout = timeout
        self.proxy_url = proxy_url  # for the *_async calls; else Client(proxy=) / environment
        self.max_retries = max_retries  # for the *_async calls; else Client(max_retries=)
        self._opened: list[AsyncPipeline] = []

    async def aclose(self) -> None:
        """Close the connections the `*_async` calls opened."""
        await self.close()

    async def close(self) -> None:
        """Close the connections the `*_async` calls opened."""
        opened, self._opened = self._opened, []
        for pipeline in opened:
            await pipeline.aclose()
