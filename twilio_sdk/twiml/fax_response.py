"""TwiML for faxes: ``FaxResponse`` with <Receive>.

Drop-in for ``twilio.twiml.fax_response``.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from ._base import GenericNode, HttpMethod, TwiML, TwiMLError, child

__all__ = ["FaxResponse", "GenericNode", "Receive", "TwiML", "TwiMLError"]


class FaxResponse(TwiML):
    """<Response>: the root of a TwiML document answering an incoming fax."""

    _tag = "Response"

    receive: Final = child(lambda: Receive)


class Receive(TwiML):
    """<Receive>: receive the incoming fax."""

    def __init__(
        self,
        action: str | None = None,
        method: HttpMethod | None = None,
        media_type: Literal["application/pdf", "image/tiff"] | str | None = None,
        page_size: Literal["letter", "legal", "a4"] | str | None = None,
        store_media: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())
